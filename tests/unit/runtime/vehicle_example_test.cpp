// The vehicle-order-cancellation example runs its four test cases with the
// outcomes its README gives; its 3 s Wait and 2 s retry back-off are sleeps
// on the virtual clock, which jumps ahead (the timestamps advance, no real
// time passes).
#include <gtest/gtest.h>

#include <algorithm>

#include "json/parse.h"
#include "recording_clock.h"
#include "runtime/run.h"
#include "vehicle_fixture.h"

using namespace stepwise;

namespace {

struct Outcome {
    runtime::RunResult result;
    std::vector<int64_t> sleeps_ms;  // what the run asked of its clock, in order
    int64_t slept_ms;
};

Outcome run_case(const std::string& name, const std::string& input_file) {
    auto machine = fixtures::vehicle_machine();
    json::Value mocks = json::parse_file(fixtures::vehicle_dir() + "mocks.json");
    fixtures::VehicleMocks executor(mocks, name);
    runtime::RunOptions options;
    options.execution_name = "vehicle-" + name;
    options.state_machine_name = "VehicleOrderCancellation";
    options.start_time_ms = 1761000000000;
    fixtures::RecordingClock clock(*options.start_time_ms);
    options.use_clock = &clock;
    auto r = runtime::run(machine, json::parse_file(fixtures::vehicle_dir() + input_file), executor, options);
    return {std::move(r), clock.sleeps_ms, clock.slept_ms()};
}

std::vector<std::string> entered(const runtime::RunResult& r) {
    std::vector<std::string> names;
    for (const auto& e : r.history)
        if (e.type == engine::EventType::StateEntered) names.emplace_back(e.state_name());
    return names;
}

}  // namespace

TEST(VehicleExample, HappyPath) {
    auto [r, sleeps_ms, slept_ms] = run_case("HappyPath", "input.json");
    ASSERT_EQ(r.status, engine::Status::Succeeded) << (r.error ? *r.error : "") << " " << (r.cause ? *r.cause : "");
    EXPECT_EQ(entered(r), (std::vector<std::string>{"SetCancellationMeta", "ValidateCancellationEligibility",
                                                     "IsCancellationEligible", "ProductionSettlementHold",
                                                     "InventoryAndCreditReversal", "ReleaseInventory",
                                                     "ReverseCreditHold", "ConfirmCancellation",
                                                     "NotifyCustomerOfCancellation", "CancellationComplete"}));
    const json::Value& out = r.output;
    EXPECT_EQ(*out.find("cancellationId"), json::Value(r.execution_arn));
    EXPECT_EQ(*out.find("cancellationStatus"), json::Value("PENDING"));
    ASSERT_TRUE(out.find("reversalResults"));
    ASSERT_EQ(out.find("reversalResults")->size(), 2u);
    EXPECT_TRUE(out.find("reversalResults")->as_array()[0].find("inventoryRelease"));
    EXPECT_TRUE(out.find("reversalResults")->as_array()[1].find("creditReversal"));
    EXPECT_TRUE(out.find("validation") && out.find("cancellation") && out.find("notification"));
    EXPECT_EQ(out.size(), 13u + 2u + 4u);
    // The 3 s Wait is the one sleep that takes the clock anywhere; it advanced the timestamps.
    EXPECT_EQ(slept_ms, 3000);
    EXPECT_EQ(std::count_if(sleeps_ms.begin(), sleeps_ms.end(), [](int64_t ms) { return ms > 0; }), 1);
    EXPECT_EQ(r.elapsed_ms(), 3000);
}

TEST(VehicleExample, IneligiblePath) {
    auto [r, sleeps_ms, slept_ms] = run_case("IneligiblePath", "input-ineligible.json");
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "OrderCancellationFailed");
    EXPECT_EQ(r.cause.value_or(""), "Order could not be cancelled");
    EXPECT_EQ(entered(r), (std::vector<std::string>{"SetCancellationMeta", "ValidateCancellationEligibility",
                                                     "IsCancellationEligible", "RejectCancellation",
                                                     "CancellationFailed"}));
}

TEST(VehicleExample, TransientErrorRetryPath) {
    auto [r, sleeps_ms, slept_ms] = run_case("TransientErrorRetryPath", "input.json");
    ASSERT_EQ(r.status, engine::Status::Succeeded) << (r.error ? *r.error : "");
    EXPECT_EQ(entered(r).size(), 10u);
    int scheduled = 0;
    for (const auto& e : r.history)
        if (e.type == engine::EventType::TaskScheduled && e.state_name() == "ValidateCancellationEligibility")
            ++scheduled;
    EXPECT_EQ(scheduled, 2);  // retried once
    // The 2 s back-off, then the 3 s Wait: both slept on the virtual clock.
    std::vector<int64_t> waits;
    for (int64_t ms : sleeps_ms)
        if (ms > 0) waits.push_back(ms);
    EXPECT_EQ(waits, (std::vector<int64_t>{2000, 3000}));
    EXPECT_EQ(r.elapsed_ms(), 2000 + 3000);
}

TEST(VehicleExample, InventoryReleaseFailurePath) {
    auto [r, sleeps_ms, slept_ms] = run_case("InventoryReleaseFailurePath", "input.json");
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "OrderCancellationFailed");
    auto names = entered(r);
    EXPECT_EQ(names.size(), 8u);
    EXPECT_NE(std::find(names.begin(), names.end(), "ReverseCreditHold"), names.end());
    EXPECT_EQ(names.back(), "CancellationFailed");
}

TEST(VehicleExample, HistoryIsAwsShaped) {
    auto [r, sleeps_ms, slept_ms] = run_case("HappyPath", "input.json");
    json::Value h = r.history_json();
    const auto& events = h.find("events")->as_array();
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events[0].find("type")->as_string(), "ExecutionStarted");
    EXPECT_EQ(events[0].find("id")->as_int(), 1);
    EXPECT_TRUE(events[0].find("executionStartedEventDetails")->find("input")->is_string());
    for (size_t i = 1; i < events.size(); ++i) {
        EXPECT_EQ(events[i].find("id")->as_int(), static_cast<int64_t>(i + 1));
        int64_t prev = events[i].find("previousEventId")->as_int();
        EXPECT_GE(prev, 1);
        EXPECT_LT(prev, static_cast<int64_t>(i + 1));
    }
    // The Parallel branches' first events point at ParallelStateStarted.
    int64_t started = 0;
    for (const auto& e : r.history)
        if (e.type == engine::EventType::ParallelStateStarted) started = e.id;
    for (const auto& e : r.history)
        if (e.type == engine::EventType::StateEntered &&
            (e.state_name() == "ReleaseInventory" || e.state_name() == "ReverseCreditHold"))
            EXPECT_EQ(e.previous_id, started);
}
