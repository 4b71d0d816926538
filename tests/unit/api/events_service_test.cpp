// The EventBridge API through EventsService::handle (no HTTP), over an
// in-memory store: every operation, its errors as AWS words them, and a
// restart that rebuilds the bus from the store.
#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "api/events/service.h"
#include "events/bus/event_bus.h"
#include "events/bus/delivery_journal.h"
#include "json/parse.h"
#include "json/write.h"
#include "store/store.h"

namespace stepwise::api {
namespace {

namespace fs = std::filesystem;

struct Reply {
    int status = 0;
    std::string content_type;
    json::Value body;
    std::string type() const { return text("__type"); }
    std::string message() const { return text("message"); }
    std::string text(std::string_view key) const {
        const json::Value* v = body.find(key);
        return v && v->is_string() ? std::string(v->as_string()) : "";
    }
};

class EventsServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("stepwise-events-api-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        start();
    }
    void TearDown() override {
        service.reset();
        bus.reset();
        fs::remove_all(dir);
    }

    // A fresh bus and service over the same store: what a server restart does.
    void start() {
        service.reset();
        bus.reset();
        events::BusOptions options;
        options.data_dir = dir.string();
        options.backoff_scale = 0;
        options.now_ms = [this] { return now; };
        options.store = store.get();  // accepted deliveries are stored, as in stepwise serve
        options.allowed_target_hosts = allowed_hosts;
        options.callbacks = callbacks;
        bus = std::make_unique<events::EventBus>(options);
        service = std::make_unique<EventsService>(*store, EventsOptions{dir.string()}, *bus);
        EXPECT_TRUE(service->load().empty());
    }

    Reply call(const std::string& operation, const std::string& body) {
        Request request;
        request.service = "AWSEvents";
        request.operation = operation;
        request.method = "POST";
        request.path = "/";
        request.body = body;
        request.region = "us-east-1";
        request.account = "123456789012";
        Reply reply;
        bool answered = false;
        service->handle(request, [&](Response response) {
            answered = true;
            reply.status = response.status;
            reply.content_type = response.content_type;
            reply.body = json::try_parse(response.body).value_or(json::Value());
        });
        EXPECT_TRUE(answered);
        return reply;
    }

    std::vector<json::Value> log_lines(const std::string& group) {
        std::vector<json::Value> lines;
        std::ifstream in(dir / "logs" / (group + ".jsonl"));
        for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
        return lines;
    }

    const std::string log_arn = "arn:aws:logs:us-east-1:123456789012:log-group:orders";
    fs::path dir;
    std::vector<std::string> allowed_hosts;
    events::TargetCallbacks callbacks;
    int64_t now = 1'700'000'000'000;
    std::unique_ptr<store::Store> store = store::open_sqlite(":memory:");
    std::unique_ptr<events::EventBus> bus;
    std::unique_ptr<EventsService> service;
};

TEST_F(EventsServiceTest, EventBuses) {
    auto created = call("CreateEventBus", R"({"Name":"orders"})");
    EXPECT_EQ(created.status, 200);
    EXPECT_EQ(created.content_type, "application/x-amz-json-1.1");
    EXPECT_EQ(created.text("EventBusArn"), "arn:aws:events:us-east-1:123456789012:event-bus/orders");

    auto again = call("CreateEventBus", R"({"Name":"orders"})");
    EXPECT_EQ(again.status, 400);
    EXPECT_EQ(again.type(), "ResourceAlreadyExistsException");
    EXPECT_EQ(again.message(), "Event bus orders already exists.");

    EXPECT_EQ(call("DescribeEventBus", "{}").text("Name"), "default");
    EXPECT_EQ(call("DescribeEventBus", R"({"Name":"arn:aws:events:us-east-1:123456789012:event-bus/orders"})").text("Name"),
              "orders");
    auto missing = call("DescribeEventBus", R"({"Name":"nope"})");
    EXPECT_EQ(missing.type(), "ResourceNotFoundException");
    EXPECT_EQ(missing.message(), "Event bus nope does not exist.");

    call("CreateEventBus", R"({"Name":"audit"})");
    auto page1 = call("ListEventBuses", R"({"Limit":2})");
    ASSERT_EQ(page1.body.find("EventBuses")->size(), 2u);
    EXPECT_EQ(page1.body.find("EventBuses")->as_array()[0].find("Name")->as_string(), "audit");
    auto page2 = call("ListEventBuses", R"({"Limit":2,"NextToken":")" + page1.text("NextToken") + R"("})");
    ASSERT_EQ(page2.body.find("EventBuses")->size(), 1u);
    EXPECT_EQ(page2.body.find("EventBuses")->as_array()[0].find("Name")->as_string(), "orders");
    EXPECT_EQ(page2.body.find("NextToken"), nullptr);
    EXPECT_EQ(call("ListEventBuses", R"({"NamePrefix":"or"})").body.find("EventBuses")->size(), 1u);

    auto delete_default = call("DeleteEventBus", R"({"Name":"default"})");
    EXPECT_EQ(delete_default.type(), "ValidationException");
    EXPECT_EQ(delete_default.message(), "Cannot delete event bus default.");
    EXPECT_EQ(call("DeleteEventBus", R"({"Name":"orders"})").status, 200);
    EXPECT_EQ(call("DeleteEventBus", R"({"Name":"orders"})").status, 200);  // already gone: no error
    EXPECT_EQ(call("DescribeEventBus", R"({"Name":"orders"})").type(), "ResourceNotFoundException");
}

TEST_F(EventsServiceTest, Rules) {
    auto put = call("PutRule", R"({"Name":"orders","EventPattern":"{\"source\":[\"shop\"]}","Description":"d"})");
    EXPECT_EQ(put.status, 200);
    EXPECT_EQ(put.text("RuleArn"), "arn:aws:events:us-east-1:123456789012:rule/orders");
    call("CreateEventBus", R"({"Name":"custom"})");
    EXPECT_EQ(call("PutRule", R"({"Name":"r","EventBusName":"custom","EventPattern":"{\"source\":[\"x\"]}"})")
                  .text("RuleArn"),
              "arn:aws:events:us-east-1:123456789012:rule/custom/r");

    auto described = call("DescribeRule", R"({"Name":"orders"})");
    EXPECT_EQ(described.text("Name"), "orders");
    EXPECT_EQ(described.text("EventPattern"), R"({"source":["shop"]})");
    EXPECT_EQ(described.text("State"), "ENABLED");
    EXPECT_EQ(described.text("Description"), "d");
    EXPECT_EQ(described.text("EventBusName"), "default");
    EXPECT_EQ(described.text("CreatedBy"), "123456789012");

    auto missing = call("DescribeRule", R"({"Name":"nope"})");
    EXPECT_EQ(missing.type(), "ResourceNotFoundException");
    EXPECT_EQ(missing.message(), "Rule nope does not exist on EventBus default.");

    auto bad_pattern = call("PutRule", R"({"Name":"bad","EventPattern":"{\"source\":\"shop\"}"})");
    EXPECT_EQ(bad_pattern.type(), "InvalidEventPatternException");
    EXPECT_EQ(bad_pattern.message().rfind("Event pattern is not valid. Reason: ", 0), 0u);
    auto bad_schedule = call("PutRule", R"j({"Name":"bad","ScheduleExpression":"rate(1 minutes)"})j");
    EXPECT_EQ(bad_schedule.type(), "ValidationException");
    EXPECT_EQ(bad_schedule.message(), "Parameter ScheduleExpression is not valid.");
    EXPECT_EQ(call("PutRule", R"({"Name":"neither"})").type(), "ValidationException");
    EXPECT_EQ(call("PutRule", R"({})").type(), "ValidationException");
    EXPECT_EQ(call("PutRule", R"({"Name":5})").type(), "SerializationException");

    EXPECT_EQ(call("DisableRule", R"({"Name":"orders"})").status, 200);
    EXPECT_EQ(call("DescribeRule", R"({"Name":"orders"})").text("State"), "DISABLED");
    EXPECT_EQ(call("EnableRule", R"({"Name":"orders"})").status, 200);
    EXPECT_EQ(call("DescribeRule", R"({"Name":"orders"})").text("State"), "ENABLED");
    EXPECT_EQ(call("EnableRule", R"({"Name":"nope"})").type(), "ResourceNotFoundException");

    call("PutRule", R"j({"Name":"orders-2","ScheduleExpression":"rate(5 minutes)"})j");
    call("PutRule", R"j({"Name":"other","ScheduleExpression":"cron(0 12 * * ? *)"})j");
    auto listed = call("ListRules", R"({"NamePrefix":"orders","Limit":1})");
    ASSERT_EQ(listed.body.find("Rules")->size(), 1u);
    EXPECT_EQ(listed.body.find("Rules")->as_array()[0].find("Name")->as_string(), "orders");
    auto next = call("ListRules", R"({"NamePrefix":"orders","Limit":1,"NextToken":")" + listed.text("NextToken") + R"("})");
    ASSERT_EQ(next.body.find("Rules")->size(), 1u);
    EXPECT_EQ(next.body.find("Rules")->as_array()[0].find("ScheduleExpression")->as_string(), "rate(5 minutes)");
    EXPECT_EQ(call("ListRules", R"({"EventBusName":"custom"})").body.find("Rules")->size(), 1u);
    EXPECT_EQ(call("ListRules", R"({"NextToken":"garbage"})").type(), "ValidationException");
    EXPECT_EQ(call("ListRules", R"({"Limit":0})").type(), "ValidationException");

    EXPECT_EQ(call("DeleteRule", R"({"Name":"other"})").status, 200);
    EXPECT_EQ(call("DescribeRule", R"({"Name":"other"})").type(), "ResourceNotFoundException");
    EXPECT_EQ(call("DeleteRule", R"({"Name":"other"})").status, 200);
}

TEST_F(EventsServiceTest, Targets) {
    call("PutRule", R"({"Name":"orders","EventPattern":"{\"source\":[\"shop\"]}"})");
    auto put = call("PutTargets", R"({"Rule":"orders","Targets":[{"Id":"log","Arn":")" + log_arn +
                                      R"("},{"Id":"sm","Arn":"arn:aws:states:us-east-1:123456789012:stateMachine:M","Input":"{\"a\":1}"}]})");
    EXPECT_EQ(put.status, 200);
    EXPECT_EQ(put.body.find("FailedEntryCount")->as_int(), 0);
    EXPECT_EQ(put.body.find("FailedEntries")->size(), 0u);

    auto listed = call("ListTargetsByRule", R"({"Rule":"orders"})");
    ASSERT_EQ(listed.body.find("Targets")->size(), 2u);
    EXPECT_EQ(listed.body.find("Targets")->as_array()[1].find("Input")->as_string(), R"({"a":1})");
    auto page = call("ListTargetsByRule", R"({"Rule":"orders","Limit":1})");
    ASSERT_EQ(page.body.find("Targets")->size(), 1u);
    auto page2 = call("ListTargetsByRule", R"({"Rule":"orders","Limit":1,"NextToken":")" + page.text("NextToken") + R"("})");
    EXPECT_EQ(page2.body.find("Targets")->as_array()[0].find("Id")->as_string(), "sm");

    auto names = call("ListRuleNamesByTarget", R"({"TargetArn":")" + log_arn + R"("})");
    EXPECT_EQ(json::dump(*names.body.find("RuleNames")), R"(["orders"])");

    auto busy = call("DeleteRule", R"({"Name":"orders"})");
    EXPECT_EQ(busy.type(), "ValidationException");
    EXPECT_EQ(busy.message(), "Rule can't be deleted since it has targets.");

    auto removed = call("RemoveTargets", R"({"Rule":"orders","Ids":["sm","ghost"]})");
    EXPECT_EQ(removed.body.find("FailedEntryCount")->as_int(), 1);
    EXPECT_EQ(removed.body.find("FailedEntries")->as_array()[0].find("TargetId")->as_string(), "ghost");

    EXPECT_EQ(call("PutTargets", R"({"Rule":"nope","Targets":[{"Id":"a","Arn":")" + log_arn + R"("}]})").type(),
              "ResourceNotFoundException");
    EXPECT_EQ(call("PutTargets", R"({"Rule":"orders","Targets":[{"Arn":")" + log_arn + R"("}]})").type(),
              "ValidationException");
    EXPECT_EQ(call("PutTargets", R"({"Rule":"orders","Targets":[{"Id":"x","Arn":")" + log_arn +
                                     R"(","Input":"{}","InputPath":"$.detail"}]})").type(),
              "ValidationException");
    EXPECT_EQ(call("RemoveTargets", R"({"Rule":"orders","Ids":["log"]})").status, 200);
    EXPECT_EQ(call("DeleteRule", R"({"Name":"orders"})").status, 200);
}

TEST_F(EventsServiceTest, PutEventsEndToEnd) {
    call("PutRule", R"({"Name":"orders","EventPattern":"{\"source\":[\"shop\"]}"})");
    call("PutTargets", R"({"Rule":"orders","Targets":[{"Id":"log","Arn":")" + log_arn + R"("}]})");
    auto put = call("PutEvents", R"({"Entries":[
        {"Source":"shop","DetailType":"Order Placed","Detail":"{\"id\":1}","Time":1700000000,"Resources":["r1"]},
        {"Source":"shop","DetailType":"Order Placed"},
        {"Source":"other","DetailType":"x","Detail":"{}"}]})");
    EXPECT_EQ(put.status, 200);
    EXPECT_EQ(put.body.find("FailedEntryCount")->as_int(), 1);
    const auto& entries = put.body.find("Entries")->as_array();
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].find("EventId")->as_string().size(), 36u);
    EXPECT_EQ(entries[1].find("ErrorCode")->as_string(), "InvalidArgument");
    EXPECT_EQ(entries[1].find("ErrorMessage")->as_string(),
              "Parameter Detail is not valid. Reason: Detail is a required argument.");
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    auto lines = log_lines("orders");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].find("id")->as_string(), entries[0].find("EventId")->as_string());
    EXPECT_EQ(lines[0].find("time")->as_string(), "2023-11-14T22:13:20Z");
    EXPECT_EQ(json::dump(*lines[0].find("resources")), R"(["r1"])");
}

TEST_F(EventsServiceTest, PutEventsLimits) {
    std::string eleven = R"({"Entries":[)";
    for (int i = 0; i < 11; ++i) eleven += std::string(i ? "," : "") + R"({"Source":"a","DetailType":"b","Detail":"{}"})";
    eleven += "]}";
    auto too_many = call("PutEvents", eleven);
    EXPECT_EQ(too_many.status, 400);
    EXPECT_EQ(too_many.type(), "ValidationException");
    EXPECT_NE(too_many.message().find("Member must have length less than or equal to 10"), std::string::npos);

    std::string big(300 * 1024, 'x');
    auto too_big = call("PutEvents", R"({"Entries":[{"Source":"a","DetailType":"b","Detail":"{\"x\":\")" + big + R"(\"}"}]})");
    EXPECT_EQ(too_big.type(), "ValidationException");
    EXPECT_EQ(too_big.message(), "Total size of the entries in the request is over the limit.");

    EXPECT_EQ(call("PutEvents", "{}").type(), "ValidationException");
    EXPECT_EQ(call("PutEvents", "{not json").type(), "SerializationException");
    auto unknown = call("NoSuchOperation", "{}");
    EXPECT_EQ(unknown.type(), "UnknownOperationException");
    EXPECT_EQ(unknown.message(), "The operation NoSuchOperation is not supported by stepwise");
}

TEST_F(EventsServiceTest, TestEventPattern) {
    std::string event = R"({\"id\":\"1\",\"account\":\"123456789012\",\"source\":\"shop\",\"time\":\"2023-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"detail-type\":\"x\",\"detail\":{}})";
    auto yes = call("TestEventPattern", R"({"EventPattern":"{\"source\":[\"shop\"]}","Event":")" + event + R"("})");
    EXPECT_EQ(yes.status, 200);
    EXPECT_EQ(json::dump(yes.body), R"({"Result":true})");
    auto no = call("TestEventPattern", R"({"EventPattern":"{\"source\":[\"other\"]}","Event":")" + event + R"("})");
    EXPECT_EQ(json::dump(no.body), R"({"Result":false})");
    EXPECT_EQ(call("TestEventPattern", R"({"EventPattern":"{\"source\":\"x\"}","Event":")" + event + R"("})").type(),
              "InvalidEventPatternException");
    EXPECT_EQ(call("TestEventPattern", R"({"EventPattern":"{}"})").type(), "ValidationException");
}

TEST_F(EventsServiceTest, RestartRebuildsTheBusFromTheStore) {
    call("CreateEventBus", R"({"Name":"custom"})");
    call("PutRule", R"({"Name":"orders","EventPattern":"{\"source\":[\"shop\"]}","State":"DISABLED"})");
    call("PutTargets", R"({"Rule":"orders","Targets":[{"Id":"log","Arn":")" + log_arn + R"("}]})");
    call("PutRule", R"j({"Name":"tick","ScheduleExpression":"rate(10 minutes)"})j");
    call("PutTargets", R"({"Rule":"tick","Targets":[{"Id":"log","Arn":")" + log_arn + R"("}]})");
    call("PutRule", R"({"Name":"gone","EventPattern":"{\"source\":[\"x\"]}"})");
    call("DeleteRule", R"({"Name":"gone"})");

    start();  // a new bus, loaded from the store
    EXPECT_EQ(call("DescribeEventBus", R"({"Name":"custom"})").status, 200);
    EXPECT_EQ(call("DescribeRule", R"({"Name":"orders"})").text("State"), "DISABLED");
    EXPECT_EQ(call("DescribeRule", R"({"Name":"gone"})").type(), "ResourceNotFoundException");
    EXPECT_EQ(call("ListTargetsByRule", R"({"Rule":"orders"})").body.find("Targets")->size(), 1u);

    call("EnableRule", R"({"Name":"orders"})");
    call("PutEvents", R"({"Entries":[{"Source":"shop","DetailType":"x","Detail":"{}"}]})");
    // The schedule keeps counting from the rule's creation.
    now += 10 * 60 * 1000;
    bus->advance_to(now);
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    auto lines = log_lines("orders");
    ASSERT_EQ(lines.size(), 2u);
    int scheduled = 0;
    for (const auto& line : lines) scheduled += line.find("source")->as_string() == "aws.events";
    EXPECT_EQ(scheduled, 1);
}

// The deliveries a PutEvents entry matched are in the store when it answers
// (before: only in memory, and a kill -9 lost them).
TEST_F(EventsServiceTest, PutEventsAnswersOnceItsDeliveriesAreStored) {
    std::mutex mutex;
    std::condition_variable cv;
    bool released = false;
    callbacks.invoke_lambda = [&](std::string, std::string, events::DeliveryDone done) {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return released; });
        done("");
    };
    start();
    call("PutRule", R"({"Name":"orders","EventPattern":"{\"source\":[\"shop\"]}"})");
    call("PutTargets", R"({"Rule":"orders","Targets":[{"Id":"fn","Arn":"arn:aws:lambda:us-east-1:123456789012:function:f"}]})");
    auto reply = call("PutEvents", R"({"Entries":[{"Source":"shop","DetailType":"x","Detail":"{}"},
                                                  {"Source":"shop","DetailType":"x","Detail":"{}"}]})");
    EXPECT_EQ(reply.body.find("FailedEntryCount")->as_int(), 0);
    std::string kind = events::DeliveryJournal::kind_of("arn:aws:events:us-east-1:123456789012:rule/orders#fn");
    EXPECT_EQ(store->list_documents(kind).size(), 2u);
    {
        std::lock_guard lock(mutex);
        released = true;
    }
    cv.notify_all();
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    EXPECT_TRUE(store->list_documents(kind).empty());  // delivered, then deleted
}

// http:// targets reach loopback unless --allow-target-host names the host.
TEST_F(EventsServiceTest, HttpTargetsReachOnlyAllowedHosts) {
    call("PutRule", R"({"Name":"orders","EventPattern":"{\"source\":[\"shop\"]}"})");
    auto refused = call("PutTargets", R"({"Rule":"orders","Targets":[{"Id":"h","Arn":"http://example.com/hook"}]})");
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(refused.type(), "ValidationException");
    EXPECT_NE(refused.message().find("example.com"), std::string::npos);
    EXPECT_NE(refused.message().find("--allow-target-host"), std::string::npos);
    EXPECT_EQ(call("PutTargets", R"({"Rule":"orders","Targets":[{"Id":"l","Arn":"http://127.0.0.1:9/hook"}]})").status,
              200);

    allowed_hosts = {"example.com"};
    start();
    EXPECT_EQ(call("PutTargets", R"({"Rule":"orders","Targets":[{"Id":"h","Arn":"http://example.com/hook"}]})").status,
              200);
    // Restarted without the option: the stored target still loads, and its events become dead letters.
    allowed_hosts.clear();
    start();
    EXPECT_EQ(call("ListTargetsByRule", R"({"Rule":"orders"})").body.find("Targets")->size(), 2u);
}

}  // namespace
}  // namespace stepwise::api
