// SQS, SNS, Kinesis and Firehose targets: the request line each delivers to
// its outbox (or hands to a configured endpoint), FIFO rules, the checks
// PutTargets makes on a target, the 5-targets limit, dead letters.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <thread>

#include "bus_test_helpers.h"
#include "events/bus/dead_letter.h"
#include "events/bus/delivery_journal.h"
#include "events/bus/target_log_file.h"
#include "events/bus/event_bus.h"
#include "events/bus/service_target.h"
#include "events/bus/target_kind.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

namespace fs = std::filesystem;

using testing::read_lines;
using testing::target;

std::string base64_decode(std::string_view text) {
    static const std::string kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        if (c == '=') break;
        bits = (bits << 6) | static_cast<uint32_t>(kDigits.find(c));
        if ((count += 6) >= 8) out += static_cast<char>((bits >> (count -= 8)) & 0xff);
    }
    return out;
}

EventEntry order(const std::string& detail) {
    EventEntry e;
    e.source = "shop";
    e.detail_type = "Order Placed";
    e.detail = detail;
    return e;
}

class ServiceTargetTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("stepwise-svc-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        options.data_dir = dir.string();
        options.backoff_scale = 0;
        options.new_event_id = [] { return std::string("11111111-2222-3333-4444-555555555555"); };
        options.log = [](const std::string&) {};
    }
    void TearDown() override { fs::remove_all(dir); }

    // A bus with rule "r" on source "shop".
    std::unique_ptr<EventBus> bus_with_rule() {
        auto bus = std::make_unique<EventBus>(options);
        bus->put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
        return bus;
    }

    std::string refusal(EventBus& bus, const std::string& target_json) {
        try {
            bus.put_targets("", "r", {target(target_json)});
        } catch (const BusError& e) {
            return e.code() + ": " + e.what();
        }
        return "";
    }

    fs::path outbox(const std::string& service, const std::string& name) {
        return dir / "outbox" / service / (name + ".jsonl");
    }

    fs::path dir;
    BusOptions options;
};

TEST_F(ServiceTargetTest, EachServiceGetsItsRequestLine) {
    auto bus = bus_with_rule();
    bus->put_targets("", "r", {target(R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:orders"})"),
                               target(R"({"Id":"t","Arn":"arn:aws:sns:us-east-1:123456789012:alerts"})"),
                               target(R"({"Id":"k","Arn":"arn:aws:kinesis:us-east-1:123456789012:stream/clicks"})"),
                               target(R"({"Id":"f","Arn":"arn:aws:firehose:us-east-1:123456789012:deliverystream/lake"})"),
                               target(R"({"Id":"l","Arn":"arn:aws:logs:us-east-1:123456789012:log-group:/shop/orders"})")});
    auto results = bus->put_events({order(R"({"n":1})")});
    ASSERT_TRUE(results[0].ok());
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));

    auto sqs = read_lines(outbox("sqs", "orders"));
    ASSERT_EQ(sqs.size(), 1u);
    EXPECT_EQ(sqs[0].find("QueueUrl")->as_string(), "https://sqs.us-east-1.amazonaws.com/123456789012/orders");
    auto event = json::parse(sqs[0].find("MessageBody")->as_string());
    EXPECT_EQ(event.find("id")->as_string(), results[0].event_id);
    EXPECT_EQ(event.find("detail")->find("n")->as_int(), 1);
    EXPECT_FALSE(sqs[0].find("MessageGroupId"));  // a standard queue
    EXPECT_FALSE(sqs[0].find("MessageDeduplicationId"));

    auto sns = read_lines(outbox("sns", "alerts"));
    ASSERT_EQ(sns.size(), 1u);
    EXPECT_EQ(sns[0].find("TopicArn")->as_string(), "arn:aws:sns:us-east-1:123456789012:alerts");
    EXPECT_EQ(json::parse(sns[0].find("Message")->as_string()).find("id")->as_string(), results[0].event_id);

    // Kinesis: the event's id is the partition key when KinesisParameters is absent.
    // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_KinesisParameters.html
    auto kinesis = read_lines(outbox("kinesis", "clicks"));
    ASSERT_EQ(kinesis.size(), 1u);
    EXPECT_EQ(kinesis[0].find("StreamName")->as_string(), "clicks");
    EXPECT_EQ(kinesis[0].find("PartitionKey")->as_string(), results[0].event_id);
    EXPECT_EQ(json::parse(base64_decode(kinesis[0].find("Data")->as_string())).find("id")->as_string(),
              results[0].event_id);

    auto firehose = read_lines(outbox("firehose", "lake"));
    ASSERT_EQ(firehose.size(), 1u);
    EXPECT_EQ(firehose[0].find("DeliveryStreamName")->as_string(), "lake");
    EXPECT_EQ(json::parse(base64_decode(firehose[0].find("Record")->find("Data")->as_string())).find("source")->as_string(),
              "shop");

    // CloudWatch Logs keeps its place: each message a line of logs/<group>.jsonl.
    auto logs = read_lines(dir / "logs" / "shop" / "orders.jsonl");
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0].find("id")->as_string(), results[0].event_id);
}

TEST_F(ServiceTargetTest, InputMembersShapeTheMessageOfEveryKind) {
    auto bus = bus_with_rule();
    bus->put_targets("", "r", {target(R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q","Input":"{\"fixed\":true}"})"),
                               target(R"({"Id":"t","Arn":"arn:aws:sns:us-east-1:123456789012:t","InputPath":"$.detail"})"),
                               target(R"({"Id":"k","Arn":"arn:aws:kinesis:us-east-1:123456789012:stream/k",
                                   "InputTransformer":{"InputPathsMap":{"n":"$.detail.n"},"InputTemplate":"\"n is <n>\""}})")});
    bus->put_events({order(R"({"n":7})")});
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(read_lines(outbox("sqs", "q"))[0].find("MessageBody")->as_string(), R"({"fixed":true})");
    EXPECT_EQ(read_lines(outbox("sns", "t"))[0].find("Message")->as_string(), R"({"n":7})");
    EXPECT_EQ(base64_decode(read_lines(outbox("kinesis", "k"))[0].find("Data")->as_string()), R"("n is 7")");
}

TEST_F(ServiceTargetTest, FifoQueuesTakeTheirMessageGroupAndNeedOne) {
    auto bus = bus_with_rule();
    // AWS refuses a FIFO queue target without SqsParameters.MessageGroupId.
    EXPECT_EQ(refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:orders.fifo"})"),
              "ValidationException: Parameter(s) SqsParameters must be specified for target: q.");
    bus->put_targets("", "r", {target(R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:orders.fifo",
                                          "SqsParameters":{"MessageGroupId":"orders"}})"),
                               target(R"({"Id":"t","Arn":"arn:aws:sns:us-east-1:123456789012:alerts.fifo",
                                          "SqsParameters":{"MessageGroupId":"alerts"}})")});
    bus->put_events({order(R"({"n":1})")});
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    auto sqs = read_lines(outbox("sqs", "orders.fifo"));
    ASSERT_EQ(sqs.size(), 1u);
    EXPECT_EQ(sqs[0].find("MessageGroupId")->as_string(), "orders");
    // AWS sends no MessageDeduplicationId: the queue must have content-based deduplication (API_Target.html).
    EXPECT_FALSE(sqs[0].find("MessageDeduplicationId"));
    EXPECT_EQ(read_lines(outbox("sns", "alerts.fifo"))[0].find("MessageGroupId")->as_string(), "alerts");
}

TEST_F(ServiceTargetTest, PartitionKeyPathPicksTheKey) {
    auto bus = bus_with_rule();
    bus->put_targets("", "r", {target(R"({"Id":"k","Arn":"arn:aws:kinesis:us-east-1:123456789012:stream/s",
                                          "KinesisParameters":{"PartitionKeyPath":"$.detail.customer"},
                                          "RetryPolicy":{"MaximumRetryAttempts":0}})")});
    bus->put_events({order(R"({"customer":"c-42"})"), order(R"({"other":1})")});
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    auto lines = read_lines(outbox("kinesis", "s"));
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].find("PartitionKey")->as_string(), "c-42");
    // The event whose path selects nothing has no partition key: dead-lettered, naming the path.
    auto dead = read_lines(bus->dead_letter_file());
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_NE(dead[0].find("error")->as_string().find("PartitionKeyPath"), std::string::npos);
}

TEST_F(ServiceTargetTest, PutTargetsRefusesWhatItWouldNotApply) {
    auto bus = bus_with_rule();
    std::string error = refusal(*bus, R"({"Id":"e","Arn":"arn:aws:ecs:us-east-1:123456789012:cluster/c",
                                          "EcsParameters":{"TaskDefinitionArn":"x"}})");
    EXPECT_NE(error.find("ValidationException: Target e: stepwise does not support the target member EcsParameters"),
              std::string::npos) << error;
    error = refusal(*bus, R"({"Id":"e","Arn":"arn:aws:ecs:us-east-1:123456789012:cluster/c"})");
    EXPECT_NE(error.find("stepwise does not deliver to arn:aws:ecs:us-east-1:123456789012:cluster/c"), std::string::npos)
        << error;
    error = refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sns:us-east-1:123456789012:t","KinesisParameters":{"PartitionKeyPath":"$.id"}})");
    EXPECT_NE(error.find("KinesisParameters apply to Kinesis stream targets only"), std::string::npos) << error;
    error = refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q","DeadLetterConfig":{"Arn":"arn:aws:sns:us-east-1:123456789012:t"}})");
    EXPECT_NE(error.find("DeadLetterConfig.Arn must be an SQS queue ARN"), std::string::npos) << error;
    error = refusal(*bus, R"({"Id":"l","Arn":"arn:aws:logs:us-east-1:123456789012:log-group:../up"})");
    EXPECT_NE(error.find("names no log group stepwise can write"), std::string::npos) << error;
    EXPECT_EQ(refusal(*bus, R"({"Id":"k","Arn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","KinesisParameters":{}})"),
              "ValidationException: Parameter KinesisParameters.PartitionKeyPath is not valid.");
    EXPECT_EQ(refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q","SqsParameters":"g"})"),
              "ValidationException: Parameter SqsParameters is not valid.");
    // Input, InputPath and InputTransformer exclude each other.
    error = refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q","Input":"{}","InputPath":"$.detail"})");
    EXPECT_NE(error.find("ValidationException: Only one of Input, InputPath, or InputTransformer"), std::string::npos)
        << error;
    // RetryPolicy's ranges: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
    error = refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q","RetryPolicy":{"MaximumRetryAttempts":186}})");
    EXPECT_EQ(error.rfind("ValidationException", 0), 0u) << error;
    error = refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q","RetryPolicy":{"MaximumEventAgeInSeconds":59}})");
    EXPECT_EQ(error.rfind("ValidationException", 0), 0u) << error;
    // Names each service allows (an outbox file is one resource's alone).
    error = refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:../../x"})");
    EXPECT_NE(error.find("names no queue, topic or stream AWS allows"), std::string::npos) << error;
    error = refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:)" + std::string(81, 'q') + R"("})");
    EXPECT_NE(error.find("names no queue, topic or stream AWS allows"), std::string::npos) << error;
    error = refusal(*bus, R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q","DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:a.b"}})");
    EXPECT_NE(error.find("DeadLetterConfig.Arn must be an SQS queue ARN"), std::string::npos) << error;
    EXPECT_TRUE(bus->targets("", "r").empty());
    EXPECT_EQ(refusal(*bus, R"({"Id":"k","Arn":"arn:aws:kinesis:us-east-1:123456789012:stream/a.b-c_d"})"), "");
    EXPECT_EQ(refusal(*bus, R"({"Id":"f","Arn":"arn:aws:sqs:us-east-1:123456789012:jobs.fifo","SqsParameters":{"MessageGroupId":"g"}})"), "");
}

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html: a
// target receives at most 256 KB; an InputTransformer repeating a large value
// is dead-lettered with the reason instead of building a larger input.
TEST_F(ServiceTargetTest, AnInputLargerThan256KbIsDeadLetteredUnsent) {
    auto bus = bus_with_rule();
    std::string repeated;
    for (int i = 0; i < 2000; ++i) repeated += "<t>";
    bus->put_targets("", "r", {target(R"({"Id":"f","Arn":"arn:aws:firehose:us-east-1:123456789012:deliverystream/big",
        "InputTransformer":{"InputPathsMap":{"t":"$.detail.text"},"InputTemplate":")" + repeated + R"("}})")});
    auto results = bus->put_events({order(R"({"text":")" + std::string(100 * 1024, 'a') + R"("})")});
    ASSERT_TRUE(results[0].error_code.empty());
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    EXPECT_FALSE(fs::exists(outbox("firehose", "big")));
    auto letters = read_lines(dir / "dead-letters.jsonl");
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_NE(json::dump(letters[0]).find("larger than 256 KB"), std::string::npos) << json::dump(letters[0]);
}

TEST_F(ServiceTargetTest, FiveTargetsARuleThenTheWholeCallFails) {
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html (5 targets per rule)
    auto bus = bus_with_rule();
    std::vector<TargetSpec> five;
    for (int i = 0; i < 5; ++i)
        five.push_back(target(R"({"Id":"q)" + std::to_string(i) + R"(","Arn":"arn:aws:sqs:us-east-1:123456789012:q"})"));
    bus->put_targets("", "r", five);
    // Replacing one by Id stays within the limit.
    bus->put_targets("", "r", {target(R"({"Id":"q0","Arn":"arn:aws:sns:us-east-1:123456789012:t"})")});
    try {
        bus->put_targets("", "r", {target(R"({"Id":"q1","Arn":"arn:aws:sns:us-east-1:123456789012:t"})"),
                                   target(R"({"Id":"sixth","Arn":"arn:aws:sqs:us-east-1:123456789012:q"})")});
        FAIL() << "a sixth target was accepted";
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "LimitExceededException");
        EXPECT_STREQ(e.what(), "The requested resource exceeds the maximum number allowed.");
    }
    auto targets = bus->targets("", "r");
    ASSERT_EQ(targets.size(), 5u);
    EXPECT_EQ(targets[1].arn, "arn:aws:sqs:us-east-1:123456789012:q");  // q1 unchanged: nothing of the call applied
}

TEST_F(ServiceTargetTest, AConfiguredEndpointGetsTheCallInsteadOfTheOutbox) {
    std::mutex mutex;
    std::vector<ServiceCall> sent;
    options.callbacks.call_service = [&](const ServiceCall& call, DeliveryDone done) {
        if (call.service != "sqs") return false;  // only SQS has an endpoint
        {
            std::lock_guard lock(mutex);
            sent.push_back(call);
        }
        done("");
        return true;
    };
    auto bus = bus_with_rule();
    bus->put_targets("", "r", {target(R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:orders"})"),
                               target(R"({"Id":"t","Arn":"arn:aws:sns:us-east-1:123456789012:alerts"})")});
    bus->put_events({order("{}")});
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].operation, "SendMessage");
    EXPECT_EQ(sent[0].parameters.find("QueueUrl")->as_string(), "https://sqs.us-east-1.amazonaws.com/123456789012/orders");
    EXPECT_FALSE(fs::exists(outbox("sqs", "orders")));
    EXPECT_EQ(read_lines(outbox("sns", "alerts")).size(), 1u);
}

TEST_F(ServiceTargetTest, AFailingEndpointIsRetriedThenTheDeadLetterQueueGetsTheEvent) {
    std::atomic<int> attempts{0};
    options.callbacks.call_service = [&](const ServiceCall& call, DeliveryDone done) {
        if (call.service != "kinesis") return false;
        ++attempts;
        done("CONNECTION_FAILURE: kinesis PutRecord to http://127.0.0.1:9: Connection refused");
        return true;
    };
    auto bus = bus_with_rule();
    bus->put_targets("", "r", {target(R"({"Id":"k","Arn":"arn:aws:kinesis:us-east-1:123456789012:stream/s",
                                          "RetryPolicy":{"MaximumRetryAttempts":2},
                                          "DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:dlq"}})")});
    auto results = bus->put_events({order("{}")});
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(attempts.load(), 3);
    auto dead = read_lines(outbox("sqs", "dlq"));
    ASSERT_EQ(dead.size(), 1u);
    const json::Value& attributes = *dead[0].find("MessageAttributes");
    auto attribute = [&](const char* name) { return std::string(attributes.find(name)->find("StringValue")->as_string()); };
    EXPECT_EQ(attribute("ERROR_CODE"), "CONNECTION_FAILURE");
    EXPECT_EQ(attribute("TARGET_ARN"), "arn:aws:kinesis:us-east-1:123456789012:stream/s");
    EXPECT_EQ(attribute("RULE_ARN"), "arn:aws:events:us-east-1:123456789012:rule/r");
    EXPECT_EQ(attribute("RETRY_ATTEMPTS"), "2");
    EXPECT_EQ(json::parse(dead[0].find("MessageBody")->as_string()).find("id")->as_string(), results[0].event_id);
    EXPECT_FALSE(fs::exists(bus->dead_letter_file()));
}

TEST_F(ServiceTargetTest, ADeadLetterQueueThatFailsTooLeavesTheLetterInTheLocalFile) {
    options.callbacks.call_service = [&](const ServiceCall&, DeliveryDone done) {
        done("SDK_CLIENT_ERROR: sqs SendMessage answered 400 Sqs.QueueDoesNotExistException: no queue");
        return true;
    };
    auto bus = bus_with_rule();
    bus->put_targets("", "r", {target(R"({"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q",
                                          "RetryPolicy":{"MaximumRetryAttempts":0},
                                          "DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:dlq"}})")});
    bus->put_events({order("{}")});
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    auto dead = read_lines(bus->dead_letter_file());
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_EQ(dead[0].find("messageAttributes")->find("ERROR_CODE")->as_string(), "SDK_CLIENT_ERROR");
    EXPECT_NE(dead[0].find("deadLetterQueueError")->as_string().find("QueueDoesNotExist"), std::string::npos);
}

TEST_F(ServiceTargetTest, ALogGroupEndpointGetsAStreamThenTheLogEvent) {
    std::mutex mutex;
    std::vector<ServiceCall> sent;
    options.callbacks.call_service = [&](const ServiceCall& call, DeliveryDone done) {
        {
            std::lock_guard lock(mutex);
            sent.push_back(call);
        }
        // A stream an earlier attempt made is no error.
        done(call.operation == "CreateLogStream" ? "SDK_CLIENT_ERROR: logs answered 400 ResourceAlreadyExistsException" : "");
        return true;
    };
    auto bus = bus_with_rule();
    bus->put_targets("", "r", {target(R"({"Id":"l","Arn":"arn:aws:logs:us-east-1:123456789012:log-group:/shop/orders:*",
        "InputTransformer":{"InputPathsMap":{"t":"$.time","n":"$.detail.n"},
                            "InputTemplate":"{\"timestamp\": <t>, \"message\": \"order <n>\"}"}})")});
    EventEntry entry = order(R"({"n":3})");
    entry.time_ms = 1'700'000'000'000;
    ASSERT_TRUE(bus->put_events({entry})[0].ok());
    ASSERT_TRUE(bus->wait_idle(std::chrono::seconds(10)));
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].service, "cloudwatch_logs");
    EXPECT_EQ(sent[0].operation, "CreateLogStream");
    EXPECT_EQ(sent[0].parameters.find("logGroupName")->as_string(), "/shop/orders");
    EXPECT_EQ(sent[0].parameters.find("logStreamName")->as_string(), "11111111-2222-3333-4444-555555555555");
    EXPECT_EQ(sent[1].operation, "PutLogEvents");
    const json::Value& log_event = sent[1].parameters.find("logEvents")->as_array()[0];
    EXPECT_EQ(log_event.find("message")->as_string(), "order 3");
    EXPECT_EQ(log_event.find("timestamp")->as_int(), 1'700'000'000'000);
    EXPECT_FALSE(fs::exists(dir / "logs"));
}

TEST(LogEventTest, TheInputIsTheMessageUnlessItIsATimestampAndMessage) {
    DeliveryRequest request;
    request.event = json::parse(R"({"id":"e","time":"2026-01-02T03:04:05Z"})");
    request.input = R"({"id":"e"})";
    LogEvent plain = log_event_of(request);
    EXPECT_EQ(plain.message, R"({"id":"e"})");
    EXPECT_EQ(plain.timestamp_ms, *parse_iso8601("2026-01-02T03:04:05Z"));
    request.input = R"({"timestamp":"2026-01-02T03:04:06Z","message":{"a":1}})";
    LogEvent shaped = log_event_of(request);
    EXPECT_EQ(shaped.message, R"({"a":1})");
    EXPECT_EQ(shaped.timestamp_ms, *parse_iso8601("2026-01-02T03:04:06Z"));
}

TEST(DeliveryJournalParametersTest, TheFixedRequestMembersAreStoredWithTheDelivery) {
    Delivery d;
    d.request.target_arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
    d.request.event = json::parse(R"({"id":"e"})");
    d.request.parameters = json::parse(R"({"PartitionKey":"c-42"})");
    Delivery back = DeliveryJournal::from_json(DeliveryJournal::to_json(d));
    EXPECT_EQ(back.request.parameters.find("PartitionKey")->as_string(), "c-42");
}

TEST(OutboxFileTest, LinesOfManyThreadsNeverInterleave) {
    fs::path file = fs::temp_directory_path() / ("stepwise-outbox-" + std::to_string(::getpid())) / "q.jsonl";
    fs::remove_all(file.parent_path());
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
        writers.emplace_back([&file, t] {
            // Longer than stdio's buffer, so a buffered writer would split it.
            std::string filler(20'000, static_cast<char>('a' + t));
            for (int i = 0; i < 25; ++i)
                ASSERT_EQ(append_line(file.string(), R"({"t":)" + std::to_string(t) + R"(,"f":")" + filler + R"("})"), "");
        });
    }
    for (auto& w : writers) w.join();
    auto lines = read_lines(file);  // throws on a line that is not whole JSON
    ASSERT_EQ(lines.size(), 200u);
    for (const json::Value& line : lines)
        EXPECT_EQ(line.find("f")->as_string(), std::string(20'000, static_cast<char>('a' + line.find("t")->as_int())));
    fs::remove_all(file.parent_path());
}

TEST(DeadLetterTest, ErrorCodesAreTheLeadingCodeElseUnknown) {
    EXPECT_EQ(dead_letter_error_code("THIRD_ACCOUNT_HOP_DETECTED: Event ingestion rejected"), "THIRD_ACCOUNT_HOP_DETECTED");
    EXPECT_EQ(dead_letter_error_code("CONNECTION_FAILURE: refused"), "CONNECTION_FAILURE");
    EXPECT_EQ(dead_letter_error_code("TIMEOUTS: x"), "UNKNOWN");
    EXPECT_EQ(dead_letter_error_code("function error: {}"), "UNKNOWN");
}

TEST(TargetKindTest, KindsAndNames) {
    EXPECT_EQ(target_kind("arn:aws:sqs:us-east-1:123456789012:q"), TargetKind::Sqs);
    EXPECT_EQ(target_kind("arn:aws:sns:us-east-1:123456789012:t"), TargetKind::Sns);
    EXPECT_EQ(target_kind("arn:aws:sns:us-east-1:123456789012:t:subscription-id"), TargetKind::Other);
    EXPECT_EQ(target_kind("arn:aws:kinesis:us-east-1:123456789012:stream/s"), TargetKind::Kinesis);
    EXPECT_EQ(target_kind("arn:aws:firehose:us-east-1:123456789012:deliverystream/d"), TargetKind::Firehose);
    EXPECT_EQ(target_kind("arn:aws:logs:us-east-1:123456789012:log-group:g"), TargetKind::LogGroup);
    EXPECT_EQ(target_kind("arn:aws:events:us-east-1:123456789012:event-bus/b"), TargetKind::EventBus);
    EXPECT_EQ(target_kind("arn:aws:states:us-east-1:123456789012:stateMachine:m"), TargetKind::StateMachine);
    EXPECT_EQ(target_kind("arn:aws:lambda:us-east-1:123456789012:function:f"), TargetKind::Lambda);
    EXPECT_EQ(target_kind("http://127.0.0.1:9/hook"), TargetKind::Http);
    EXPECT_EQ(target_kind("arn:aws:batch:us-east-1:123456789012:job-queue/q"), TargetKind::Other);
    EXPECT_EQ(target_resource_name("arn:aws:kinesis:us-east-1:123456789012:stream/s"), "s");
    EXPECT_EQ(target_resource_name("arn:aws:sqs:us-east-1:123456789012:q.fifo"), "q.fifo");
    EXPECT_TRUE(is_fifo("arn:aws:sqs:us-east-1:123456789012:q.fifo"));
    EXPECT_FALSE(is_fifo("arn:aws:sqs:us-east-1:123456789012:q"));
}

}  // namespace
}  // namespace stepwise::events
