// The Step Functions Local mock-config format. The file in data/ follows the
// layout of AWS's documented example:
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
#include <gtest/gtest.h>

#include "resource_fixture.h"
#include "json/parse.h"
#include "tasks/mock_config.h"
#include "tasks/task_router.h"

using namespace stepwise;
using tasks::MockConfig;
using tasks::MockConfigError;
using tasks::MockExecutor;
using tasks::TaskOutcome;
using tasks::TaskRequest;

namespace {

std::shared_ptr<const MockConfig> aws_example() {
    return std::make_shared<const MockConfig>(
        MockConfig::load(STEPWISE_SOURCE_DIR "/tests/unit/tasks/data/MockConfigFile.json"));
}

TaskRequest request_for(const std::string& state) {
    TaskRequest r;
    r.state_name = state;
    r.resource = fixtures::resource_of("arn:aws:states:::lambda:invoke");
    return r;
}

MockConfig from_text(const std::string& text) { return MockConfig::from_json(json::parse(text), "test.json"); }

// The real integration, behind the mocks on the task router's road.
class Real : public tasks::Integration {
public:
    int calls = 0;
    bool serves(const stepwise::asl::Resource&) const override { return true; }
    tasks::TaskCancel start(const TaskRequest&, tasks::TaskDone done) override {
        ++calls;
        done(TaskOutcome::success("real"));
        return {};
    }
};

// What the router does with one call: its route, then the call in line.
TaskOutcome routed(const tasks::TaskRouter& router, MockExecutor& mocks, const TaskRequest& request) {
    TaskOutcome out;
    router.call(router.route(request, &mocks), request, &mocks, [](std::function<void()> work) { work(); },
                [&out](TaskOutcome o) { out = std::move(o); });
    return out;
}

}  // namespace

TEST(MockConfig, ReadsTheDocumentedExample) {
    auto config = aws_example();
    EXPECT_EQ(config->state_machines(), std::vector<std::string>{"LambdaSQSIntegration"});
    EXPECT_EQ(config->test_cases("LambdaSQSIntegration"),
              (std::vector<std::string>{"HappyPath", "HybridPath", "RetryPath"}));
    const auto& happy = config->test_case("LambdaSQSIntegration", "HappyPath");
    EXPECT_EQ(happy.at("LambdaState"), "MockedLambdaSuccess");
}

TEST(MockConfig, RetryPathCountsEveryInvocation) {
    auto config = aws_example();
    MockExecutor executor(config, &config->test_case("LambdaSQSIntegration", "RetryPath"));
    TaskOutcome first = executor.invoke(request_for("LambdaState"));
    EXPECT_EQ(first.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(first.error, "Lambda.ResourceNotReadyException");
    EXPECT_EQ(first.cause, "Lambda resource is not ready.");
    for (int i = 1; i <= 2; ++i) EXPECT_EQ(executor.invoke(request_for("LambdaState")).error, "Lambda.TimeoutException");
    TaskOutcome fourth = executor.invoke(request_for("LambdaState"));
    ASSERT_EQ(fourth.kind, TaskOutcome::Kind::Succeeded);
    EXPECT_EQ(fourth.result.find("StatusCode")->as_int(), 200);
    // Invocation 4 is past the last listed index: States.Runtime, never a reuse of the last entry.
    TaskOutcome fifth = executor.invoke(request_for("LambdaState"));
    EXPECT_EQ(fifth.error, "States.Runtime");
    EXPECT_NE(fifth.cause.find("invocation 4"), std::string::npos);
}

TEST(MockConfig, CountersArePerState) {
    auto config = aws_example();
    MockExecutor executor(config, &config->test_case("LambdaSQSIntegration", "HappyPath"));
    EXPECT_EQ(executor.invoke(request_for("LambdaState")).kind, TaskOutcome::Kind::Succeeded);
    EXPECT_EQ(executor.invoke(request_for("SQSState")).kind, TaskOutcome::Kind::Succeeded);
}

TEST(MockConfig, HybridPathUnmockedStatesGoDownTheRouterToTheRealIntegration) {
    auto config = aws_example();
    auto real = std::make_shared<Real>();
    tasks::RouterOptions options;
    options.integrations.push_back(real);
    tasks::TaskRouter router(options);
    MockExecutor executor(config, &config->test_case("LambdaSQSIntegration", "HybridPath"));
    EXPECT_EQ(routed(router, executor, request_for("LambdaState")).kind, TaskOutcome::Kind::Succeeded);
    EXPECT_EQ(real->calls, 0);
    EXPECT_EQ(routed(router, executor, request_for("SQSState")).result.as_string(), "real");
    EXPECT_EQ(real->calls, 1);
}

TEST(MockConfig, UnmockedStateInvokedHereFailsNamingStateAndResource) {
    auto config = aws_example();
    MockExecutor executor(config, &config->test_case("LambdaSQSIntegration", "HybridPath"));
    TaskOutcome outcome = executor.invoke(request_for("SQSState"));
    EXPECT_EQ(outcome.error, "States.Runtime");
    EXPECT_NE(outcome.cause.find("SQSState"), std::string::npos);
    EXPECT_NE(outcome.cause.find("arn:aws:states:::lambda:invoke"), std::string::npos);
}

TEST(MockConfig, ReturnAcceptsAnyJsonValue) {
    auto config = std::make_shared<const MockConfig>(from_text(
        R"({"StateMachines":{"M":{"TestCases":{"T":{"S":"R"}}}},"MockedResponses":{"R":{"0":{"Return":42},"1":{"Return":[1,"x"]}}}})"));
    MockExecutor executor(config, &config->test_case("M", "T"));
    EXPECT_EQ(executor.invoke(request_for("S")).result.as_int(), 42);
    EXPECT_EQ(executor.invoke(request_for("S")).result.size(), 2u);
}

TEST(MockConfig, BadEntriesFailTheTaskWithStatesRuntime) {
    auto config = std::make_shared<const MockConfig>(from_text(
        R"({"StateMachines":{"M":{"TestCases":{"T":{"S":"R"}}}},
            "MockedResponses":{"R":{"0":{"Return":1,"Throw":{"Error":"E"}},"1":{"Throw":{"Cause":"c"}}}}})"));
    MockExecutor executor(config, &config->test_case("M", "T"));
    EXPECT_EQ(executor.invoke(request_for("S")).error, "States.Runtime");
    EXPECT_EQ(executor.invoke(request_for("S")).error, "States.Runtime");
}

TEST(MockConfig, MalformedFilesNameThePlace) {
    auto message_of = [](const std::string& text) {
        try {
            from_text(text);
        } catch (const MockConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message_of(R"({"MockedResponses":{}})").find("/StateMachines"), std::string::npos);
    EXPECT_NE(message_of(R"({"StateMachines":{},"MockedResponses":{"R":{"x":{"Return":1}}}})").find("/MockedResponses/R/x"),
              std::string::npos);
    EXPECT_NE(message_of(R"({"StateMachines":{},"MockedResponses":{"R":{"2-1":{"Return":1}}}})").find("bad invocation index"),
              std::string::npos);
    EXPECT_NE(message_of(R"({"StateMachines":{"M":{"TestCases":{"T":{"S":"Missing"}}}},"MockedResponses":{}})")
                  .find("/StateMachines/M/TestCases/T/S"),
              std::string::npos);
}

TEST(MockConfig, UnknownTestCaseListsTheKnownOnes) {
    auto config = aws_example();
    try {
        config->test_case("LambdaSQSIntegration", "Nope");
        FAIL();
    } catch (const MockConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("HappyPath, HybridPath, RetryPath"), std::string::npos);
    }
    EXPECT_THROW(config->test_case("Other", "HappyPath"), MockConfigError);
}
