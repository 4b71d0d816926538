// tasks::TaskRouter: the one road every Task call takes. The route order
// documented in task_router.h (mock, integration, activity, local function,
// endpoint, callback, unserved), the Unserved message naming what would serve
// the resource, and call() turning a thrown exception into States.TaskFailed.
//   resources and patterns: https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
//   States.TaskFailed: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
#include "resource_fixture.h"
#include "tasks/task_router.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

#include "json/parse.h"
#include "lambda_test_util.h"
#include "tasks/endpoint_invoker.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/mock_config.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

// Serves one optimized/SDK integration ("lambda", "invoke") or every resource
// ("*"); answers {"servedBy": <tag>} or throws.
class FakeIntegration : public Integration {
public:
    FakeIntegration(std::string service, std::string action, std::string tag = "fake")
        : service_(std::move(service)), action_(std::move(action)), tag_(std::move(tag)) {}
    bool serves(const asl::Resource& r) const override {
        if (service_ == "*") return true;
        return r.kind == asl::Resource::Kind::Service && r.service == service_ && r.action == action_;
    }
    TaskCancel start(const TaskRequest& request, TaskDone done) override {
        ++calls;
        last_state = request.state_name;
        if (throws) throw std::runtime_error("the fake integration broke");
        done(TaskOutcome::success(json::Value(json::Object{{"servedBy", tag_}})));
        return [this] { ++cancels; };
    }
    int calls = 0;
    int cancels = 0;
    bool throws = false;
    std::string last_state;

private:
    std::string service_, action_, tag_;
};

TaskRequest request(const std::string& state, const std::string& resource, const std::string& parameters = "{}") {
    TaskRequest r;
    r.state_name = state;
    r.resource = fixtures::resource_of(resource);
    r.parameters = json::parse(parameters);
    r.execution_arn = "arn:aws:states:us-east-1:111111111111:execution:StateMachine:e1";
    r.state_machine_name = "StateMachine";
    return r;
}

const char* kLambdaInvoke = "arn:aws:states:::lambda:invoke";
const char* kLambdaInvokeToken = "arn:aws:states:::lambda:invoke.waitForTaskToken";
const char* kFunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:Echo";
const char* kUnknownFunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:Elsewhere";
const char* kActivity = "arn:aws:states:us-east-1:123456789012:activity:Approve";
const char* kPutItem = "arn:aws:states:::aws-sdk:dynamodb:putItem";
const char* kSqsToken = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";

TaskOutcome run_call(const TaskRouter& router, TaskRoute route, const TaskRequest& r, MockExecutor* mocks = nullptr,
                     int* blocking_calls = nullptr) {
    TaskOutcome got;
    bool answered = false;
    RunBlocking blocking = [blocking_calls](std::function<void()> work) {
        if (blocking_calls) ++*blocking_calls;
        work();
    };
    router.call(route, r, mocks, blocking, [&](TaskOutcome o) {
        EXPECT_FALSE(answered) << "done called twice";
        answered = true;
        got = std::move(o);
    });
    EXPECT_TRUE(answered);
    return got;
}

class TaskRouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir.write("bin/echo.sh", "#!/bin/sh\ncat\n", true);
        project = std::make_shared<ProjectConfig>(project_from(dir, R"({
          "functions": {"Echo": {"runtime": "command", "command": ["./bin/echo.sh"]}}
        })"));
        functions = std::make_shared<LambdaDispatcher>(project);
        mock_config = std::make_shared<const MockConfig>(MockConfig::from_json(json::parse(R"({
          "StateMachines": {"StateMachine": {"TestCases": {"Mocked": {"M": "MockedM"}}}},
          "MockedResponses": {"MockedM": {"0": {"Return": {"mocked": true}}}}
        })"), "test.json"));
        mocks = std::make_unique<MockExecutor>(mock_config, &mock_config->test_case("StateMachine", "Mocked"));
    }

    // An invoker that sees only the variables given (never the process's environment).
    static std::shared_ptr<EndpointInvoker> endpoint(std::map<std::string, std::string> environment) {
        EndpointOptions o;
        o.use_process_environment = false;
        o.environment = std::move(environment);
        return std::make_shared<EndpointInvoker>(o);
    }

    TempDir dir;
    std::shared_ptr<ProjectConfig> project;
    std::shared_ptr<LambdaDispatcher> functions;
    std::shared_ptr<const MockConfig> mock_config;
    std::unique_ptr<MockExecutor> mocks;
};

}  // namespace

TEST(TaskRouteName, NamesEveryRoute) {
    EXPECT_EQ(route_name(TaskRoute::Mock), "mocked");
    EXPECT_EQ(route_name(TaskRoute::Integration), "integration");
    EXPECT_EQ(route_name(TaskRoute::Activity), "activity");
    EXPECT_EQ(route_name(TaskRoute::LocalFunction), "local function");
    EXPECT_EQ(route_name(TaskRoute::Endpoint), "endpoint");
    EXPECT_EQ(route_name(TaskRoute::Callback), "callback");
    EXPECT_EQ(route_name(TaskRoute::Unserved), "unserved");
}

// 1. A mocked state wins over everything that could serve it: an integration,
// a local function, an endpoint, activities, callbacks, even a placeholder.
TEST_F(TaskRouterTest, AMockedStateWinsOverEverything) {
    RouterOptions o;
    o.integrations.push_back(std::make_shared<FakeIntegration>("*", "*"));
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL", "http://127.0.0.1:9"}});
    o.activities = true;
    o.callbacks = true;
    TaskRouter router(o);
    for (const char* resource : {kLambdaInvoke, kFunctionArn, kActivity, kPutItem, kSqsToken, "${OrderFunctionArn}"})
        EXPECT_EQ(router.route(request("M", resource, R"({"FunctionName":"Echo"})"), mocks.get()), TaskRoute::Mock)
            << resource;
    // Only the states the test case names: "Other" falls through to the integration.
    EXPECT_EQ(router.route(request("Other", kLambdaInvoke), mocks.get()), TaskRoute::Integration);
    // Unmocked (no test case): the integration.
    EXPECT_EQ(router.route(request("M", kLambdaInvoke), nullptr), TaskRoute::Integration);
}

TEST_F(TaskRouterTest, AMockedStateWithoutAResourceIsStillMocked) {
    TaskRouter router(RouterOptions{});
    TaskRequest r = request("M", kLambdaInvoke);
    r.resource = nullptr;
    EXPECT_EQ(router.route(r, mocks.get()), TaskRoute::Mock);
    EXPECT_EQ(router.route(r, nullptr), TaskRoute::Unserved);
    TaskOutcome o = router.unserved(r);
    EXPECT_EQ(o.error, "States.Runtime");
    EXPECT_NE(o.cause.find("it has no resource"), std::string::npos) << o.cause;
}

// 2. An in-process integration beats a local function of the same name, and an endpoint.
TEST_F(TaskRouterTest, AnIntegrationBeatsALocalFunctionAndAnEndpoint) {
    RouterOptions o;
    o.integrations.push_back(std::make_shared<FakeIntegration>("lambda", "invoke"));
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9"}});
    TaskRouter router(o);
    EXPECT_EQ(router.route(request("T", kLambdaInvoke, R"({"FunctionName":"Echo"})"), nullptr), TaskRoute::Integration);
    // The fake serves lambda:invoke only: a plain function ARN still runs locally.
    EXPECT_EQ(router.route(request("T", kFunctionArn), nullptr), TaskRoute::LocalFunction);
}

TEST_F(TaskRouterTest, TheFirstIntegrationThatServesIsCalled) {
    auto first = std::make_shared<FakeIntegration>("dynamodb", "putItem", "first");
    auto second = std::make_shared<FakeIntegration>("*", "*", "second");
    RouterOptions o;
    o.integrations = {first, second};
    TaskRouter router(o);
    TaskRequest r = request("T", kPutItem);
    ASSERT_EQ(router.route(r, nullptr), TaskRoute::Integration);
    TaskOutcome out = run_call(router, TaskRoute::Integration, r);
    EXPECT_EQ(out.kind, TaskOutcome::Kind::Succeeded);
    EXPECT_EQ(out.result, json::parse(R"({"servedBy":"first"})"));
    EXPECT_EQ(first->calls, 1);
    EXPECT_EQ(second->calls, 0);
}

// 3. Activities are routed to the shell only when it serves them (serve's GetActivityTask).
TEST_F(TaskRouterTest, ActivitiesOnlyWhenTheShellServesThem) {
    RouterOptions o;
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL", "http://127.0.0.1:9"}});
    o.callbacks = true;  // an activity takes a token, but callbacks do not make it served
    TaskRouter without(o);
    EXPECT_EQ(without.route(request("A", kActivity), nullptr), TaskRoute::Unserved);
    o.activities = true;
    TaskRouter with(o);
    EXPECT_EQ(with.route(request("A", kActivity), nullptr), TaskRoute::Activity);
}

// 4./5. A Lambda call runs a function the project defines; one it does not
// define goes to a configured Lambda endpoint, else still to the project
// (which answers as Lambda does: ResourceNotFoundException).
TEST_F(TaskRouterTest, ALambdaCallGoesToTheProjectWhenItDefinesTheFunction) {
    RouterOptions o;
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9"}});
    TaskRouter router(o);
    EXPECT_EQ(router.route(request("T", kLambdaInvoke, R"({"FunctionName":"Echo"})"), nullptr),
              TaskRoute::LocalFunction);
    EXPECT_EQ(router.route(request("T", kLambdaInvoke,
                                   R"({"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:Echo:live"})"),
                           nullptr),
              TaskRoute::LocalFunction);
    EXPECT_EQ(router.route(request("T", kFunctionArn), nullptr), TaskRoute::LocalFunction);
}

// Endpoints do not speak Lambda's REST protocol: a Lambda call never goes
// there, even with AWS_ENDPOINT_URL_LAMBDA set. A function the project does
// not define is answered by the project as Lambda would (ResourceNotFound).
TEST_F(TaskRouterTest, ALambdaCallNeverGoesToAnEndpoint) {
    RouterOptions o;
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9"}, {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"}});
    TaskRouter router(o);
    EXPECT_EQ(router.route(request("T", kLambdaInvoke, R"({"FunctionName":"Elsewhere"})"), nullptr),
              TaskRoute::LocalFunction);
    // Without a project at all: unserved, naming the project file.
    RouterOptions no_project = o;
    no_project.functions = nullptr;
    EXPECT_EQ(TaskRouter(no_project).route(request("T", kLambdaInvoke, R"({"FunctionName":"Echo"})"), nullptr),
              TaskRoute::Unserved);
}

TEST_F(TaskRouterTest, ALambdaCallTheProjectDoesNotDefineStaysLocalWithoutAnEndpoint) {
    RouterOptions o;
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9"}});  // not Lambda's
    TaskRouter router(o);
    EXPECT_EQ(router.route(request("T", kLambdaInvoke, R"({"FunctionName":"Elsewhere"})"), nullptr),
              TaskRoute::LocalFunction);
    EXPECT_EQ(router.route(request("T", kUnknownFunctionArn), nullptr), TaskRoute::LocalFunction);
}

// EndpointInvoker::serves answers only for Service resources: a plain Lambda
// function ARN (Kind::LambdaFunction) the project does not define never
// reaches a configured AWS_ENDPOINT_URL_LAMBDA, unlike lambda:invoke with the
// same function. Pinned as it behaves (see the report: the two Lambda forms differ).
TEST_F(TaskRouterTest, AFunctionArnTheProjectDoesNotDefineIsNotSentToTheLambdaEndpoint) {
    RouterOptions o;
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9"}});
    TaskRouter router(o);
    EXPECT_EQ(router.route(request("T", kUnknownFunctionArn), nullptr), TaskRoute::LocalFunction);
}

// 5. A service integration with a configured endpoint (DynamoDB speaks the JSON protocol).
TEST_F(TaskRouterTest, AServiceGoesToItsConfiguredEndpoint) {
    RouterOptions o;
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9"}});
    TaskRouter router(o);
    EXPECT_EQ(router.route(request("T", kPutItem), nullptr), TaskRoute::Endpoint);
    EXPECT_EQ(router.route(request("T", "arn:aws:states:::dynamodb:putItem"), nullptr), TaskRoute::Endpoint);
    // Another service has no endpoint.
    EXPECT_EQ(router.route(request("T", "arn:aws:states:::aws-sdk:sqs:sendMessage"), nullptr), TaskRoute::Unserved);
    // AWS_ENDPOINT_URL serves every service.
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL", "http://127.0.0.1:9"}});
    EXPECT_EQ(TaskRouter(o).route(request("T", "arn:aws:states:::aws-sdk:sqs:sendMessage"), nullptr),
              TaskRoute::Endpoint);
}

// 6. A .waitForTaskToken call nothing serves is a Callback only where
// SendTaskSuccess/Failure can reach the shell.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
TEST_F(TaskRouterTest, AnUnservedWaitForTaskTokenIsACallbackOnlyWhenCallbacksAreOn) {
    RouterOptions o;
    o.endpoints = endpoint({});
    TaskRouter run_router(o);
    EXPECT_EQ(run_router.route(request("T", kSqsToken), nullptr), TaskRoute::Unserved);
    o.callbacks = true;
    TaskRouter serve_router(o);
    EXPECT_EQ(serve_router.route(request("T", kSqsToken), nullptr), TaskRoute::Callback);
    // Request-response calls never wait for a callback.
    EXPECT_EQ(serve_router.route(request("T", "arn:aws:states:::sqs:sendMessage"), nullptr), TaskRoute::Unserved);
    // An endpoint that serves the call comes first.
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9"}});
    EXPECT_EQ(TaskRouter(o).route(request("T", kSqsToken), nullptr), TaskRoute::Endpoint);
    // A local function comes first too (it gets the token and answers later).
    o.endpoints = nullptr;
    o.functions = functions;
    EXPECT_EQ(TaskRouter(o).route(request("T", kLambdaInvokeToken, R"({"FunctionName":"Echo"})"), nullptr),
              TaskRoute::LocalFunction);
}

// 7. Unserved: one States.Runtime error naming the resource and what would serve it.
TEST_F(TaskRouterTest, APlaceholderResourceNamesTheSubstitutionToGive) {
    RouterOptions o;
    o.integrations.push_back(std::make_shared<FakeIntegration>("*", "*"));  // serves all, but not a placeholder
    o.functions = functions;
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL", "http://127.0.0.1:9"}});
    TaskRouter router(o);
    TaskRequest r = request("Order", "${OrderFunctionArn}");
    ASSERT_EQ(r.resource->kind, asl::Resource::Kind::Placeholder);
    EXPECT_EQ(router.route(r, nullptr), TaskRoute::Unserved);
    TaskOutcome out = router.unserved(r);
    EXPECT_EQ(out.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(out.error, "States.Runtime");
    EXPECT_NE(out.cause.find("Task state 'Order' calls ${OrderFunctionArn}"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("placeholder"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("--sub NAME=VALUE"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("DefinitionSubstitutions"), std::string::npos) << out.cause;
}

TEST_F(TaskRouterTest, AnActivityInARunNamesServe) {
    TaskRouter router(RouterOptions{});
    TaskOutcome out = router.unserved(request("Approve", kActivity));
    EXPECT_EQ(out.error, "States.Runtime");
    EXPECT_NE(out.cause.find(kActivity), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("which nothing serves in this run"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("`stepwise serve`"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("GetActivityTask"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("--mocks FILE --test-case NAME"), std::string::npos) << out.cause;
}

TEST_F(TaskRouterTest, AnUnservedLambdaCallNamesTheProjectFile) {
    TaskRouter router(RouterOptions{});
    for (const char* resource : {kLambdaInvoke, kFunctionArn}) {
        TaskOutcome out = router.unserved(request("T", resource));
        EXPECT_EQ(out.error, "States.Runtime");
        EXPECT_NE(out.cause.find("local function in the project file"), std::string::npos) << out.cause;
        EXPECT_NE(out.cause.find("stepwise.json"), std::string::npos) << out.cause;
    }
}

TEST_F(TaskRouterTest, AnUnservedServiceNamesItsEndpointSetting) {
    RouterOptions o;
    o.endpoints = endpoint({});
    TaskRouter router(o);
    TaskRequest r = request("Put", kPutItem);
    ASSERT_EQ(router.route(r, nullptr), TaskRoute::Unserved);
    TaskOutcome out = router.unserved(r);
    EXPECT_EQ(out.error, "States.Runtime");
    EXPECT_NE(out.cause.find("AWS_ENDPOINT_URL_DYNAMODB"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("\"endpoints\""), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("--mocks FILE --test-case NAME"), std::string::npos) << out.cause;
    // Without an endpoint invoker only the mock is offered.
    TaskOutcome bare = TaskRouter(RouterOptions{}).unserved(r);
    EXPECT_EQ(bare.cause.find("AWS_ENDPOINT_URL"), std::string::npos) << bare.cause;
    EXPECT_NE(bare.cause.find("--mocks FILE"), std::string::npos) << bare.cause;
}

TEST_F(TaskRouterTest, AnUnservedWaitForTaskTokenNamesTheCallbackAndServe) {
    RouterOptions o;
    o.endpoints = endpoint({});
    o.shell = "this server";
    TaskRouter router(o);
    TaskOutcome out = router.unserved(request("Notify", kSqsToken));
    EXPECT_EQ(out.error, "States.Runtime");
    EXPECT_NE(out.cause.find("which nothing serves in this server"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("waits for a callback (SendTaskSuccess)"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("AWS_ENDPOINT_URL_SQS"), std::string::npos) << out.cause;
    EXPECT_NE(out.cause.find("`stepwise serve`"), std::string::npos) << out.cause;
}

// call(): what each route does.
TEST_F(TaskRouterTest, CallOfAMockAnswersTheMockedResponse) {
    TaskRouter router(RouterOptions{});
    TaskOutcome out = run_call(router, TaskRoute::Mock, request("M", kLambdaInvoke), mocks.get());
    EXPECT_EQ(out.kind, TaskOutcome::Kind::Succeeded);
    EXPECT_EQ(out.result, json::parse(R"({"mocked":true})"));
    // The second invocation is past the listed ones: the mock's own failure.
    TaskOutcome past = run_call(router, TaskRoute::Mock, request("M", kLambdaInvoke), mocks.get());
    EXPECT_EQ(past.kind, TaskOutcome::Kind::Failed);
}

TEST_F(TaskRouterTest, CallTurnsAnExceptionThrownByAnIntegrationIntoTaskFailed) {
    auto fake = std::make_shared<FakeIntegration>("*", "*");
    fake->throws = true;
    RouterOptions o;
    o.integrations.push_back(fake);
    TaskRouter router(o);
    TaskRequest r = request("T", kPutItem);
    TaskCancel cancel;
    TaskOutcome got;
    int answers = 0;
    cancel = router.call(TaskRoute::Integration, r, nullptr, [](std::function<void()> w) { w(); }, [&](TaskOutcome out) {
        ++answers;
        got = std::move(out);
    });
    EXPECT_EQ(answers, 1);
    EXPECT_EQ(got.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(got.error, "States.TaskFailed");
    EXPECT_EQ(got.cause, "the fake integration broke");
    EXPECT_FALSE(cancel);
    EXPECT_EQ(fake->calls, 1);
}

TEST_F(TaskRouterTest, CallOfAnIntegrationHandsBackItsCancel) {
    auto fake = std::make_shared<FakeIntegration>("*", "*");
    RouterOptions o;
    o.integrations.push_back(fake);
    TaskRouter router(o);
    TaskCancel cancel = router.call(TaskRoute::Integration, request("T", kPutItem), nullptr,
                                    [](std::function<void()> w) { w(); }, [](TaskOutcome) {});
    ASSERT_TRUE(cancel);
    cancel();
    EXPECT_EQ(fake->cancels, 1);
}

// Integration asked for, but none serves (the shell's route came from another router): Unserved.
TEST_F(TaskRouterTest, CallOfAnIntegrationThatNoLongerServesIsUnserved) {
    TaskRouter router(RouterOptions{});
    TaskOutcome out = run_call(router, TaskRoute::Integration, request("T", kPutItem));
    EXPECT_EQ(out.error, "States.Runtime");
    EXPECT_NE(out.cause.find("which nothing serves"), std::string::npos) << out.cause;
}

TEST_F(TaskRouterTest, CallOfALocalFunctionRunsThroughBlocking) {
    RouterOptions o;
    o.functions = functions;
    TaskRouter router(o);
    TaskRequest r = request("T", kFunctionArn, R"({"hello":"world"})");
    ASSERT_EQ(router.route(r, nullptr), TaskRoute::LocalFunction);
    int blocking = 0;
    TaskOutcome out = run_call(router, TaskRoute::LocalFunction, r, nullptr, &blocking);
    EXPECT_EQ(blocking, 1);
    ASSERT_EQ(out.kind, TaskOutcome::Kind::Succeeded) << out.error << ": " << out.cause;
    EXPECT_EQ(out.result, json::parse(R"({"hello":"world"})"));
}

TEST_F(TaskRouterTest, CallOfAnEndpointRunsThroughBlocking) {
    RouterOptions o;
    // Nothing listens on port 9 (discard): the call fails as an unreachable endpoint does.
    o.endpoints = endpoint({{"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9"},
                            {"AWS_ACCESS_KEY_ID", "AKIDTEST"},
                            {"AWS_SECRET_ACCESS_KEY", "secret"}});
    TaskRouter router(o);
    TaskRequest r = request("T", kPutItem, R"({"TableName":"t","Item":{}})");
    ASSERT_EQ(router.route(r, nullptr), TaskRoute::Endpoint);
    int blocking = 0;
    TaskOutcome out = run_call(router, TaskRoute::Endpoint, r, nullptr, &blocking);
    EXPECT_EQ(blocking, 1);
    EXPECT_EQ(out.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(out.error, "States.TaskFailed") << out.cause;
    EXPECT_NE(out.cause.find("127.0.0.1:9"), std::string::npos) << out.cause;
}

// The shell handles Activity and Callback itself; call() answers them (and Unserved) with the Unserved failure.
TEST_F(TaskRouterTest, CallOfTheShellsRoutesAnswersUnserved) {
    TaskRouter router(RouterOptions{});
    for (TaskRoute route : {TaskRoute::Activity, TaskRoute::Callback, TaskRoute::Unserved}) {
        TaskOutcome out = run_call(router, route, request("T", kActivity));
        EXPECT_EQ(out.error, "States.Runtime") << route_name(route);
        EXPECT_NE(out.cause.find("which nothing serves in this run"), std::string::npos) << out.cause;
    }
}

