// Resuming, after a restart, an execution started with a mock #TestCase that
// the new mock config no longer has (or with no mock config at all): unmocked,
// its tasks would call the real thing, so it ends ABORTED with a cause naming
// the test case, its history stays readable, a redrive is refused, and the
// other executions resume as usual.
#include "host_fixture.h"

using namespace stepwise;
using namespace stepwise::host_test;

namespace {

// An hour's Wait (the first host goes before it ends), then a mocked Task.
const char* kWaitThenTask = R"({"StartAt": "W", "States": {
    "W": {"Type": "Wait", "Seconds": 3600, "Next": "T"},
    "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})";

std::shared_ptr<const tasks::MockConfig> mocks_with(const std::string& test_case) {
    return std::make_shared<const tasks::MockConfig>(tasks::MockConfig::from_json(json::parse(
        R"({"StateMachines": {"M": {"TestCases": {")" + test_case + R"(": {"T": "Ok"}}}},
            "MockedResponses": {"Ok": {"0": {"Return": {"ok": true}}}}})")));
}

// Starts "mocked" (#Slow) and "plain" (no test case), both waiting, then drops the host.
std::pair<std::string, std::string> start_two_and_go(Fixture& f) {
    runtime::HostOptions o;
    o.time_scale = 1000.0;  // the hour-long Wait will not end before the host goes
    o.mocks = mocks_with("Slow");
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto mocked = f.request("d1", kWaitThenTask, "mocked");
    mocked.test_case = "Slow";
    std::string mocked_arn = f.start(host, mocked).execution_arn;
    std::string plain_arn = f.start(host, f.request("d2", kPassWait, "plain")).execution_arn;
    return {mocked_arn, plain_arn};
}

void expect_stopped_naming_the_test_case(Fixture& f, runtime::ExecutionHost& host, const std::string& arn,
                                         const std::string& words) {
    store::ExecutionRecord record = f.wait_end(arn);
    EXPECT_EQ(record.status, "ABORTED");
    EXPECT_EQ(record.error.value_or(""), "States.Runtime");
    const std::string cause = record.cause.value_or("");
    EXPECT_NE(cause.find("\"Slow\""), std::string::npos) << cause;
    EXPECT_NE(cause.find(words), std::string::npos) << cause;
    // Its history replays without the mocks.
    auto history = host.history(arn, 0, INT64_MAX, 100, false);
    ASSERT_TRUE(history);
    ASSERT_FALSE(history->empty());
    EXPECT_NE(history->back().event.find("ExecutionAborted"), std::string::npos) << history->back().event;
    // The store has the end a moment before the host lets go of the execution
    // (a redrive in that moment is refused as RUNNING): ask until it has.
    runtime::HostError refused;
    for (int attempt = 0; attempt < 500; ++attempt) {
        std::promise<runtime::HostError> redriven;
        host.redrive(arn, [&](runtime::HostError e, int64_t) { redriven.set_value(e); });
        refused = redriven.get_future().get();
        if (refused.message.find("is RUNNING") == std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(refused.type, "ExecutionNotRedrivable");
    EXPECT_NE(refused.message.find("\"Slow\""), std::string::npos) << refused.message;
}

}  // namespace

TEST(HostRecoveryMocks, AnExecutionWhoseTestCaseIsGoneIsStoppedNamingItAndTheOthersGoOn) {
    Fixture f;
    auto [mocked, plain] = start_two_and_go(f);
    runtime::HostOptions o;
    o.virtual_time = true;
    o.mocks = mocks_with("Fast");  // the config was edited: Slow is gone
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    EXPECT_EQ(host.recover(), 2u);
    expect_stopped_naming_the_test_case(f, host, mocked, "has no test case");
    EXPECT_NE(f.wait_end(mocked).cause.value_or("").find("Fast"), std::string::npos) << "names those it has";
    EXPECT_EQ(f.wait_end(plain).status, "SUCCEEDED");
}

TEST(HostRecoveryMocks, AnExecutionWithATestCaseIsStoppedWhenTheServerHasNoMockConfig) {
    Fixture f;
    auto [mocked, plain] = start_two_and_go(f);
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    EXPECT_EQ(host.recover(), 2u);
    expect_stopped_naming_the_test_case(f, host, mocked, "--mock-config");
    EXPECT_EQ(f.wait_end(plain).status, "SUCCEEDED");
}
