// What the EventBus tells its BusObserver: each put (sender, schema finding,
// matched targets), then each delivery's outcome: delivered, failed and
// retried, dead-lettered; rejected entries and forwarded events too.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>

#include "bus_test_helpers.h"
#include "events/bus/bus_observer.h"
#include "events/bus/event_bus.h"

namespace stepwise::events {
namespace {

namespace fs = std::filesystem;
using testing::target;

struct Recorder final : BusObserver {
    std::mutex mutex;
    std::vector<EventPut> puts;
    std::vector<DeliveryChange> changes;
    uint64_t event_put(EventPut put) override {
        std::lock_guard lock(mutex);
        puts.push_back(std::move(put));
        return puts.size() + 100;
    }
    void delivery_changed(const DeliveryChange& change) override {
        std::lock_guard lock(mutex);
        changes.push_back(change);
    }
    void put_failed(uint64_t, const std::string&) override {}
    std::vector<DeliveryChange> of(const std::string& target_id) {
        std::lock_guard lock(mutex);
        std::vector<DeliveryChange> out;
        for (const auto& c : changes)
            if (c.target_id == target_id) out.push_back(c);
        return out;
    }
};

EventEntry order(std::string detail, std::string sent_by = "") {
    EventEntry e;
    e.source = "shop";
    e.detail_type = "Order Placed";
    e.detail = std::move(detail);
    e.sent_by = std::move(sent_by);
    return e;
}

class BusObserverTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("stepwise-bus-observer-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        options.data_dir = dir.string();
        options.backoff_scale = 0;
        options.log = [](const std::string&) {};
        options.observer = &recorder;
    }
    void TearDown() override { fs::remove_all(dir); }

    fs::path dir;
    Recorder recorder;
    BusOptions options;
};

TEST_F(BusObserverTest, PutsAndTheirDeliveriesOutcomes) {
    int calls = 0;
    options.callbacks.start_execution = [&calls](std::string, std::string, DeliveryDone done) {
        done(++calls == 1 ? "ExecutionLimitExceeded: try later" : "");
    };
    EventBus bus(options);
    bus.put_rule({.name = "orders", .event_pattern = R"({"source":["shop"]})"});
    bus.put_targets("default", "orders",
                    {target(R"({"Id":"log","Arn":"arn:aws:logs:us-east-1:123456789012:log-group:orders"})"),
                     target(R"({"Id":"queue","Arn":"arn:aws:lambda:us-east-1:123456789012:function:unwired",
                                "RetryPolicy":{"MaximumRetryAttempts":1}})"),
                     target(R"({"Id":"sm","Arn":"arn:aws:states:us-east-1:123456789012:stateMachine:M"})")});
    auto results = bus.put_events({order(R"({"n":1})", "arn:aws:states:us-east-1:123456789012:execution:M:e")});
    ASSERT_TRUE(results[0].ok());
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));

    ASSERT_EQ(recorder.puts.size(), 1u);
    const EventPut& put = recorder.puts[0];
    EXPECT_EQ(put.sent_by, "arn:aws:states:us-east-1:123456789012:execution:M:e");
    EXPECT_EQ(put.bus_name, "default");
    EXPECT_FALSE(put.schema);
    EXPECT_FALSE(put.rejected);
    ASSERT_EQ(put.targets.size(), 3u);
    EXPECT_EQ(put.targets[0].target_id, "log");
    EXPECT_EQ(put.targets[0].rule_arn, "arn:aws:events:us-east-1:123456789012:rule/orders");

    auto log = recorder.of("log");
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].put_id, 101u);
    EXPECT_EQ(log[0].status, DeliveryStatus::Delivered);
    EXPECT_EQ(log[0].attempts, 1);

    // Failed, retried once (MaximumRetryAttempts 1), then dead-lettered with the error.
    auto queue = recorder.of("queue");
    ASSERT_EQ(queue.size(), 2u);
    EXPECT_EQ(queue[0].status, DeliveryStatus::Failed);
    EXPECT_EQ(queue[0].attempts, 1);
    EXPECT_NE(queue[0].error.find("No Lambda functions are configured"), std::string::npos);
    EXPECT_EQ(queue[1].status, DeliveryStatus::DeadLetter);
    EXPECT_EQ(queue[1].attempts, 2);
    EXPECT_EQ(queue[1].dead_letter_file, (dir / "dead-letters.jsonl").string());

    auto sm = recorder.of("sm");
    ASSERT_EQ(sm.size(), 2u);
    EXPECT_EQ(sm[0].status, DeliveryStatus::Failed);
    EXPECT_EQ(sm[0].error, "ExecutionLimitExceeded: try later");
    EXPECT_EQ(sm[1].status, DeliveryStatus::Delivered);
    EXPECT_EQ(sm[1].attempts, 2);
}

TEST_F(BusObserverTest, SchemaFindingsOfWarnedAndRejectedEvents) {
    options.check_event = [](const json::Value& event) {
        SchemaVerdict verdict;
        verdict.schema = "reg/Order";
        SchemaFinding finding{"reg", "Order", "3", {}, true};
        if (!event.find("detail")->find("id")) {
            finding.violations.push_back({"/detail/id", "required", "/detail: must have property id (required)"});
            verdict.accepted = false;
            verdict.message = "event does not match schema reg/Order";
        }
        verdict.finding = finding;
        return verdict;
    };
    EventBus bus(options);
    auto results = bus.put_events({order(R"({"id":1})"), order("{}")});
    EXPECT_TRUE(results[0].ok());
    EXPECT_FALSE(results[1].ok());
    ASSERT_EQ(recorder.puts.size(), 2u);
    EXPECT_EQ(recorder.puts[0].sent_by, "PutEvents");
    ASSERT_TRUE(recorder.puts[0].schema);
    EXPECT_EQ(recorder.puts[0].schema->version, "3");
    EXPECT_TRUE(recorder.puts[0].schema->violations.empty());
    EXPECT_FALSE(recorder.puts[0].rejected);
    EXPECT_TRUE(recorder.puts[1].rejected);
    ASSERT_EQ(recorder.puts[1].schema->violations.size(), 1u);
    EXPECT_EQ(recorder.puts[1].schema->violations[0].path, "/detail/id");
}

TEST_F(BusObserverTest, AForwardedEventIsAPutOfItsOwnSentByTheRule) {
    EventBus bus(options);
    bus.create_bus("audit");
    bus.put_rule({.name = "forward", .event_pattern = R"({"source":["shop"]})"});
    bus.put_targets("default", "forward",
                    {target(R"({"Id":"audit","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/audit"})")});
    ASSERT_TRUE(bus.put_events({order("{}")})[0].ok());
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    std::lock_guard lock(recorder.mutex);
    ASSERT_EQ(recorder.puts.size(), 2u);
    EXPECT_EQ(recorder.puts[1].bus_name, "audit");
    EXPECT_EQ(recorder.puts[1].sent_by, "arn:aws:events:us-east-1:123456789012:rule/forward");
    EXPECT_TRUE(recorder.puts[1].targets.empty());
}

}  // namespace
}  // namespace stepwise::events
