// EventBus end to end in process: PutEvents -> matching rules -> targets
// (log file, state machine, another bus), schedules on a virtual clock,
// retries then the dead-letter file, schema verdicts.
#include <gtest/gtest.h>

#include <algorithm>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "bus_test_helpers.h"
#include "events/bus/event_bus.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

namespace fs = std::filesystem;

using testing::read_lines;
using testing::target;

EventEntry entry(std::string source, std::string detail, std::string bus = "") {
    EventEntry e;
    e.source = std::move(source);
    e.detail_type = "Order Placed";
    e.detail = std::move(detail);
    e.event_bus_name = std::move(bus);
    return e;
}

class EventBusTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("stepwise-bus-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        options.data_dir = dir.string();
        options.now_ms = [this] { return now.load(); };
        options.backoff_scale = 0;
        options.log = [this](const std::string& message) {
            std::lock_guard lock(mutex);
            logged.push_back(message);
        };
    }
    void TearDown() override { fs::remove_all(dir); }

    const std::string log_arn = "arn:aws:logs:us-east-1:123456789012:log-group:orders";
    fs::path dir;
    std::atomic<int64_t> now{1'700'000'000'000};
    BusOptions options;
    std::mutex mutex;
    std::vector<std::string> logged;
};

TEST_F(EventBusTest, PutEventsToALogFileTarget) {
    EventBus bus(options);
    bus.put_rule({.name = "shop-orders", .event_pattern = R"({"source":["shop"],"detail":{"total":[{"numeric":[">",10]}]}})"});
    bus.put_targets("", "shop-orders", {target(R"({"Id":"log","Arn":")" + log_arn + R"("})")});

    auto results = bus.put_events({entry("shop", R"({"total":25})"), entry("shop", R"({"total":5})"),
                                   entry("other", R"({"total":99})")});
    ASSERT_EQ(results.size(), 3u);
    for (const auto& r : results) EXPECT_TRUE(r.ok() && r.event_id.size() == 36) << r.error_message;
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));

    auto lines = read_lines(dir / "logs" / "orders.jsonl");
    ASSERT_EQ(lines.size(), 1u);
    const json::Value& event = lines[0];
    EXPECT_EQ(event.find("version")->as_string(), "0");
    EXPECT_EQ(event.find("id")->as_string(), results[0].event_id);
    EXPECT_EQ(event.find("detail-type")->as_string(), "Order Placed");
    EXPECT_EQ(event.find("source")->as_string(), "shop");
    EXPECT_EQ(event.find("account")->as_string(), "123456789012");
    EXPECT_EQ(event.find("time")->as_string(), "2023-11-14T22:13:20Z");
    EXPECT_EQ(event.find("region")->as_string(), "us-east-1");
    EXPECT_EQ(json::dump(*event.find("resources")), "[]");
    EXPECT_EQ(json::dump(*event.find("detail")), R"({"total":25})");
    // The envelope's keys come in AWS's order.
    std::vector<std::string> keys;
    for (const auto& m : event.as_object()) keys.emplace_back(m.name());
    EXPECT_EQ(keys, (std::vector<std::string>{"version", "id", "detail-type", "source", "account", "time", "region",
                                              "resources", "detail"}));
}

TEST_F(EventBusTest, EntryErrorsAsAws) {
    EventBus bus(options);
    EventEntry no_detail = entry("shop", "");
    no_detail.detail.reset();
    EventEntry no_source = entry("", "{}");
    EventEntry no_type = entry("shop", "{}");
    no_type.detail_type.reset();
    auto results = bus.put_events({no_detail, no_source, no_type, entry("shop", "[1]"), entry("shop", "{}", "nope")});
    EXPECT_EQ(results[0].error_code, "InvalidArgument");
    EXPECT_EQ(results[0].error_message, "Parameter Detail is not valid. Reason: Detail is a required argument.");
    EXPECT_EQ(results[1].error_message, "Parameter Source is not valid. Reason: Source is a required argument.");
    EXPECT_EQ(results[2].error_message,
              "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
    EXPECT_EQ(results[3].error_code, "MalformedDetail");
    EXPECT_EQ(results[3].error_message, "Detail is malformed.");
    EXPECT_EQ(results[4].error_code, "ResourceNotFoundException");
    EXPECT_EQ(results[4].error_message, "Event bus nope does not exist.");
}

TEST_F(EventBusTest, RulesTargetsAndBusesLifecycle) {
    EventBus bus(options);
    EXPECT_EQ(bus.buses().size(), 1u);
    EXPECT_EQ(bus.buses()[0].arn, "arn:aws:events:us-east-1:123456789012:event-bus/default");
    EXPECT_EQ(bus.create_bus("orders").arn, "arn:aws:events:us-east-1:123456789012:event-bus/orders");
    try {
        bus.create_bus("orders");
        FAIL();
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "ResourceAlreadyExistsException");
        EXPECT_STREQ(e.what(), "Event bus orders already exists.");
    }
    auto rule = bus.put_rule({.name = "r", .bus_name = "orders", .event_pattern = R"({"source":["a"]})"});
    EXPECT_EQ(rule.arn, "arn:aws:events:us-east-1:123456789012:rule/orders/r");
    EXPECT_EQ(bus.put_rule({.name = "r", .event_pattern = R"({"source":["a"]})"}).arn,
              "arn:aws:events:us-east-1:123456789012:rule/r");
    try {
        bus.put_rule({.name = "bad", .event_pattern = R"({"source":"a"})"});
        FAIL();
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "InvalidEventPatternException");
        EXPECT_EQ(std::string(e.what()).rfind("Event pattern is not valid. Reason: ", 0), 0u);
    }
    EXPECT_THROW(bus.put_rule({.name = "s", .bus_name = "orders", .schedule_expression = "rate(1 minute)"}), BusError);
    EXPECT_THROW(bus.put_rule({.name = "s", .schedule_expression = "rate(1 minutes)"}), BusError);
    EXPECT_THROW(bus.put_rule({.name = "none"}), BusError);

    bus.put_targets("orders", "r", {target(R"({"Id":"t1","Arn":")" + log_arn + R"("})")});
    EXPECT_EQ(bus.targets("orders", "r").size(), 1u);
    EXPECT_EQ(bus.rule_names_by_target("orders", log_arn), std::vector<std::string>{"r"});
    try {
        bus.delete_rule("orders", "r");
        FAIL();
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "ValidationException");
        EXPECT_STREQ(e.what(), "Rule can't be deleted since it has targets.");
    }
    auto failed = bus.remove_targets("orders", "r", {"t1", "t9"});
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(failed[0].target_id, "t9");
    bus.delete_rule("orders", "r");
    EXPECT_FALSE(bus.find_rule("orders", "r"));
    EXPECT_THROW(bus.delete_bus("default"), BusError);
    bus.delete_bus("orders");
    EXPECT_FALSE(bus.find_bus("orders"));
}

TEST_F(EventBusTest, DisabledRulesDoNotMatch) {
    EventBus bus(options);
    bus.put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
    bus.put_targets("", "r", {target(R"({"Id":"log","Arn":")" + log_arn + R"("})")});
    bus.set_rule_state("", "r", false);
    bus.put_events({entry("shop", "{}")});
    bus.set_rule_state("", "r", true);
    bus.put_events({entry("shop", R"({"n":2})")});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    auto lines = read_lines(dir / "logs" / "orders.jsonl");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].find("detail")->find("n")->as_int(), 2);
}

TEST_F(EventBusTest, StateMachineTargetGetsTheTransformedInput) {
    std::mutex started_mutex;
    std::vector<std::pair<std::string, std::string>> started;
    options.callbacks.start_execution = [&](std::string arn, std::string input, DeliveryDone done) {
        {
            std::lock_guard lock(started_mutex);
            started.emplace_back(arn, input);
        }
        done("");
    };
    EventBus bus(options);
    bus.put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
    bus.put_targets("", "r", {target(R"({"Id":"sm","Arn":"arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
        "InputTransformer":{"InputPathsMap":{"id":"$.detail.id"},"InputTemplate":"{\"orderId\": <id>, \"rule\": <aws.events.rule-name>}"}})")});
    bus.put_events({entry("shop", R"({"id":"o-1"})")});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    ASSERT_EQ(started.size(), 1u);
    EXPECT_EQ(started[0].first, "arn:aws:states:us-east-1:123456789012:stateMachine:Orders");
    EXPECT_EQ(started[0].second, R"({"orderId": "o-1", "rule": "r"})");
}

TEST_F(EventBusTest, RetriesThenDeadLetterFile) {
    std::atomic<int> calls{0};
    options.callbacks.invoke_lambda = [&](std::string, std::string, DeliveryDone done) {
        ++calls;
        done("Lambda.ServiceException: boom");
    };
    EventBus bus(options);
    bus.put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
    bus.put_targets("", "r", {target(R"({"Id":"fn","Arn":"arn:aws:lambda:us-east-1:123456789012:function:f",
        "RetryPolicy":{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":3600},
        "DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:dlq"}})")});
    auto results = bus.put_events({entry("shop", R"({"id":1})")});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(calls.load(), 4);  // the first attempt and three retries
    // The target's DeadLetterConfig names the queue: with no endpoint for SQS, its outbox gets the
    // SendMessage, the event as the body, with the attributes AWS adds.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
    auto dead = read_lines(dir / "outbox" / "sqs" / "dlq.jsonl");
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_FALSE(fs::exists(bus.dead_letter_file()));
    EXPECT_EQ(dead[0].find("QueueUrl")->as_string(), "https://sqs.us-east-1.amazonaws.com/123456789012/dlq");
    auto body = json::parse(dead[0].find("MessageBody")->as_string());
    EXPECT_EQ(body.find("id")->as_string(), results[0].event_id);
    const json::Value& attributes = *dead[0].find("MessageAttributes");
    auto attribute = [&](const char* name) { return std::string(attributes.find(name)->find("StringValue")->as_string()); };
    EXPECT_EQ(attribute("ERROR_MESSAGE"), "Lambda.ServiceException: boom");
    EXPECT_EQ(attribute("ERROR_CODE"), "UNKNOWN");
    EXPECT_EQ(attribute("RULE_ARN"), "arn:aws:events:us-east-1:123456789012:rule/r");
    EXPECT_EQ(attribute("TARGET_ARN"), "arn:aws:lambda:us-east-1:123456789012:function:f");
    EXPECT_EQ(attribute("EXHAUSTED_RETRY_CONDITION"), "MaximumRetryAttempts");
    EXPECT_EQ(attribute("RETRY_ATTEMPTS"), "3");
    EXPECT_EQ(attributes.find("RETRY_ATTEMPTS")->find("DataType")->as_string(), "Number");
    EXPECT_EQ(attributes.find("RULE_ARN")->find("DataType")->as_string(), "String");
    EXPECT_FALSE(logged.empty());
}

TEST_F(EventBusTest, UnwiredTargetsAreDeadLetteredNotDropped) {
    EventBus bus(options);
    bus.put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
    bus.put_targets("", "r", {target(R"({"Id":"q","Arn":"arn:aws:lambda:us-east-1:123456789012:function:unwired",
        "RetryPolicy":{"MaximumRetryAttempts":0}})")});
    bus.put_events({entry("shop", "{}")});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(read_lines(bus.dead_letter_file()).size(), 1u);
}

TEST_F(EventBusTest, BackoffGrowsAndIsCapped) {
    EXPECT_EQ(TargetDispatcher::backoff_ms(1), 1000);
    EXPECT_EQ(TargetDispatcher::backoff_ms(2), 2000);
    EXPECT_EQ(TargetDispatcher::backoff_ms(5), 16000);
    EXPECT_EQ(TargetDispatcher::backoff_ms(185), 300000);
}

TEST_F(EventBusTest, AnotherBusAsTarget) {
    EventBus bus(options);
    bus.create_bus("audit");
    bus.put_rule({.name = "fwd", .event_pattern = R"({"source":["shop"]})"});
    bus.put_targets("", "fwd", {target(R"({"Id":"b","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/audit"})")});
    bus.put_rule({.name = "all", .bus_name = "audit", .event_pattern = R"({"source":[{"prefix":""}]})"});
    bus.put_targets("audit", "all", {target(R"({"Id":"log","Arn":")" + log_arn + R"(:*"})")});
    bus.put_events({entry("shop", R"({"x":1})")});
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    auto lines = read_lines(dir / "logs" / "orders.jsonl");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].find("detail")->find("x")->as_int(), 1);
}

TEST_F(EventBusTest, ScheduledRulesFireOnTheVirtualClock) {
    now = *parse_iso8601("2026-01-01T00:00:00Z");
    EventBus bus(options);
    bus.put_rule({.name = "tick", .schedule_expression = "rate(10 minutes)"});
    bus.put_targets("", "tick", {target(R"({"Id":"log","Arn":")" + log_arn + R"("})")});
    now = *parse_iso8601("2026-01-01T00:30:00Z");
    bus.advance_to(now);
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    auto lines = read_lines(dir / "logs" / "orders.jsonl");
    ASSERT_EQ(lines.size(), 3u);
    // Two delivery workers: the log's order is the order deliveries finished.
    std::sort(lines.begin(), lines.end(), [](const json::Value& a, const json::Value& b) {
        return a.find("time")->as_string() < b.find("time")->as_string();
    });
    EXPECT_EQ(lines[0].find("source")->as_string(), "aws.events");
    EXPECT_EQ(lines[0].find("detail-type")->as_string(), "Scheduled Event");
    EXPECT_EQ(lines[0].find("time")->as_string(), "2026-01-01T00:10:00Z");
    EXPECT_EQ(lines[2].find("time")->as_string(), "2026-01-01T00:30:00Z");
    EXPECT_EQ(json::dump(*lines[0].find("resources")), R"(["arn:aws:events:us-east-1:123456789012:rule/tick"])");
    EXPECT_EQ(json::dump(*lines[0].find("detail")), "{}");
}

TEST_F(EventBusTest, SchemaVerdicts) {
    options.check_event = [](const json::Value& event) {
        const json::Value* id = event.find("detail")->find("orderId");
        if (!id) return SchemaVerdict{false, "SchemaValidationFailed", "#/detail: required property 'orderId' is missing", "orders"};
        if (!id->is_string()) return SchemaVerdict{true, "", "#/detail/orderId: expected string", "orders"};
        return SchemaVerdict{};
    };
    EventBus bus(options);
    auto results = bus.put_events({entry("shop", "{}"), entry("shop", R"({"orderId":1})"), entry("shop", R"({"orderId":"a"})")});
    EXPECT_EQ(results[0].error_code, "SchemaValidationFailed");
    EXPECT_EQ(results[0].error_message, "#/detail: required property 'orderId' is missing");
    EXPECT_TRUE(results[1].ok());
    EXPECT_TRUE(results[2].ok());
    std::lock_guard lock(mutex);
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_NE(logged[0].find("#/detail/orderId: expected string"), std::string::npos);
}

}  // namespace
}  // namespace stepwise::events
