// The JSONata version of the vehicle order cancellation example
// (examples/vehicle-order-cancellation/statemachine.jsonata.asl.json: Arguments,
// Output and Assign in place of Parameters and ResultPath) behaves as the
// JSONPath one: same status, error, cause and output for every mock test case,
// and each case ends as the example's README says.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "driver.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kDir = std::string(STEPWISE_SOURCE_DIR) + "/examples/vehicle-order-cancellation/";

// A reply from the example's mocks.json (Step Functions Local mock config):
// TestCases[case][state] names a response; its "N" (or "N-M") keys are the invocations.
Script mock_script(const json::Value& mocks, const std::string& test_case) {
    return [&mocks, test_case](const std::string& state, int n, const json::Value&) -> Reply {
        const json::Value* tc = mocks.find("StateMachines")->find("VehicleOrderCancellation")->find("TestCases")->find(test_case);
        const json::Value* name = tc ? tc->find(state) : nullptr;
        if (!name) return Reply::fail("NoMock", state);
        const json::Value* responses = mocks.find("MockedResponses")->find(name->as_string());
        for (const auto& m : responses->as_object()) {
            std::string key(m.name());
            int lo = std::stoi(key), hi = lo;
            if (auto dash = key.find('-'); dash != std::string::npos) hi = std::stoi(key.substr(dash + 1));
            if (n < lo || n > hi) continue;
            if (const json::Value* ret = m.value.find("Return")) return Reply::ok(*ret);
            const json::Value* th = m.value.find("Throw");
            const json::Value* cause = th->find("Cause");
            return Reply::fail(std::string(th->find("Error")->as_string()),
                               cause ? std::string(cause->as_string()) : std::string());
        }
        return Reply::fail("NoMock", state + " #" + std::to_string(n));
    };
}

// Runs both definitions, expects them to agree, and returns the JSONata run.
enginetest::Run run_both(const std::string& test_case, const std::string& input_file) {
    json::Value mocks = json::parse(read_file(kDir + "mocks.json"));
    json::Value input = json::parse(read_file(kDir + input_file));
    enginetest::Run a = run(read_file(kDir + "statemachine.asl.json"), input, mock_script(mocks, test_case));
    enginetest::Run b = run(read_file(kDir + "statemachine.jsonata.asl.json"), input, mock_script(mocks, test_case));
    if (!a.exec || !b.exec) {
        ADD_FAILURE() << test_case << ": a definition did not compile";
        return b;
    }
    EXPECT_EQ(a.status(), b.status()) << test_case;
    EXPECT_EQ(a.error(), b.error()) << test_case;
    EXPECT_EQ(a.cause(), b.cause()) << test_case;
    EXPECT_EQ(json::dump(a.output()), json::dump(b.output())) << test_case;
    EXPECT_EQ(a.types(), b.types()) << test_case;
    std::vector<std::string> sa, sb;
    for (const auto& c : a.calls) sa.push_back(c.state + " " + json::dump(c.parameters));
    for (const auto& c : b.calls) sb.push_back(c.state + " " + json::dump(c.parameters));
    EXPECT_EQ(sa, sb) << test_case;
    return b;
}

int calls_to(const enginetest::Run& r, const std::string& state) {
    int n = 0;
    for (const auto& c : r.calls) n += c.state == state;
    return n;
}

}  // namespace

TEST(JsonataExample, HappyPath) {
    enginetest::Run r = run_both("HappyPath", "input.json");
    ASSERT_TRUE(r.exec);
    EXPECT_EQ(r.status(), engine::Status::Succeeded);
    EXPECT_EQ(calls_to(r, "ValidateCancellationEligibility"), 1);
}

TEST(JsonataExample, IneligiblePath) {
    enginetest::Run r = run_both("IneligiblePath", "input-ineligible.json");
    ASSERT_TRUE(r.exec);
    EXPECT_EQ(r.status(), engine::Status::Failed);
    EXPECT_EQ(r.error(), "OrderCancellationFailed");
    EXPECT_EQ(r.cause(), "Order could not be cancelled");
}

TEST(JsonataExample, TransientErrorRetryPath) {
    enginetest::Run r = run_both("TransientErrorRetryPath", "input.json");
    ASSERT_TRUE(r.exec);
    EXPECT_EQ(r.status(), engine::Status::Succeeded);
    EXPECT_EQ(calls_to(r, "ValidateCancellationEligibility"), 2);  // the transient error, then the retry
}

TEST(JsonataExample, InventoryReleaseFailurePath) {
    enginetest::Run r = run_both("InventoryReleaseFailurePath", "input.json");
    ASSERT_TRUE(r.exec);
    EXPECT_EQ(r.status(), engine::Status::Failed);
    EXPECT_EQ(r.error(), "OrderCancellationFailed");
    EXPECT_EQ(calls_to(r, "ReverseCreditHold"), 1);  // the Parallel's other branch still ran
}
