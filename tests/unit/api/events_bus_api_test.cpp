// The rest of the bus API through EventsService::handle (no HTTP), over an
// in-memory store: bus settings, tags, permissions for a caller of another
// account (a 12-digit access key id in the SigV4 Authorization), partner
// event sources and global endpoints, each kept across a restart.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateEventBus.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "api/events/service.h"
#include "events/bus/event_bus.h"
#include "json/parse.h"
#include "json/write.h"
#include "store/store.h"

namespace stepwise::api {
namespace {

namespace fs = std::filesystem;

class EventsBusApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("stepwise-events-bus-api-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        start();
    }
    void TearDown() override {
        service.reset();
        bus.reset();
        fs::remove_all(dir);
    }

    void start() {
        service.reset();
        bus.reset();
        events::BusOptions options;
        options.data_dir = dir.string();
        options.now_ms = [this] { return now; };
        options.store = store.get();
        bus = std::make_unique<events::EventBus>(options);
        EventsOptions events_options{dir.string()};
        events_options.bus_has_discoverer = [this](const std::string& name) { return discovered.count(name) > 0; };
        service = std::make_unique<EventsService>(*store, std::move(events_options), *bus);
        EXPECT_TRUE(service->load().empty());
    }

    // The answer's JSON; `status` gets the HTTP status.
    json::Value call(const std::string& operation, const std::string& body, const std::string& access_key = "test") {
        Request request;
        request.service = "AWSEvents";
        request.operation = operation;
        request.method = "POST";
        request.path = "/";
        request.body = body;
        request.region = "us-east-1";
        request.account = "123456789012";
        request.headers["authorization"] = "AWS4-HMAC-SHA256 Credential=" + access_key +
                                           "/20260101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=00";
        json::Value out;
        service->handle(request, [&](Response response) {
            status = response.status;
            out = json::try_parse(response.body).value_or(json::Value());
        });
        return out;
    }
    static std::string type(const json::Value& reply) {
        const json::Value* t = reply.find("__type");
        return t && t->is_string() ? std::string(t->as_string()) : "";
    }

    fs::path dir;
    int64_t now = 1'700'000'000'000;
    int status = 0;
    std::unique_ptr<store::Store> store = store::open_sqlite(":memory:");
    std::unique_ptr<events::EventBus> bus;
    std::unique_ptr<EventsService> service;
    std::set<std::string> discovered;  // the buses with a schema discoverer
};

TEST_F(EventsBusApiTest, BusSettingsKeptAcrossARestart) {
    auto created = call("CreateEventBus", R"({"Name":"orders","Description":"d","KmsKeyIdentifier":"alias/k",
        "DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:dlq"},"Tags":[{"Key":"a","Value":"b"}]})");
    EXPECT_EQ(created.find("KmsKeyIdentifier")->as_string(), "alias/k");
    now += 1000;
    auto updated = call("UpdateEventBus", R"({"Name":"orders","Description":"e"})");
    EXPECT_EQ(updated.find("Description")->as_string(), "e");
    EXPECT_EQ(updated.find("KmsKeyIdentifier"), nullptr) << "no key given: back to an AWS owned key";
    start();
    auto described = call("DescribeEventBus", R"({"Name":"orders"})");
    EXPECT_EQ(described.find("Description")->as_string(), "e");
    EXPECT_EQ(described.find("DeadLetterConfig")->find("Arn")->as_string(), "arn:aws:sqs:us-east-1:123456789012:dlq");
    EXPECT_DOUBLE_EQ(described.find("CreationTime")->as_double(), 1'700'000'000.0);
    EXPECT_DOUBLE_EQ(described.find("LastModifiedTime")->as_double(), 1'700'000'001.0);
    auto tags = call("ListTagsForResource", R"({"ResourceARN":"arn:aws:events:us-east-1:123456789012:event-bus/orders"})");
    EXPECT_EQ(json::dump(tags), R"({"Tags":[{"Key":"a","Value":"b"}]})");

    EXPECT_EQ(type(call("UpdateEventBus", R"({"Name":"orders","LogConfig":{"Level":"INFO"}})")), "ValidationException");
    EXPECT_EQ(type(call("UpdateEventBus", R"({"Name":"orders","Description":7})")), "SerializationException");
    EXPECT_EQ(type(call("CreateEventBus", R"({"Name":"x","Tags":[{"Key":"","Value":"b"}]})")), "ValidationException");
    EXPECT_EQ(type(call("CreateEventBus", R"({"Name":"x","Tags":"no"})")), "SerializationException");
    EXPECT_EQ(type(call("DescribeEventBus", R"({"Name":"x"})")), "ResourceNotFoundException")
        << "a refused CreateEventBus made nothing";
}

// "DeadLetterConfig: Configuration details of the Amazon SQS queue for EventBridge to use as a dead-letter queue"
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeadLetterConfig.html
TEST_F(EventsBusApiTest, TheBusDeadLetterQueueIsAnSqsQueue) {
    for (const char* arn : {"arn:aws:sns:us-east-1:123456789012:topic", "arn:aws:lambda:us-east-1:123456789012:function:f",
                            "arn:aws:sqs:us-east-1:123456789012", "not-an-arn"}) {
        auto created = call("CreateEventBus", R"({"Name":"orders","DeadLetterConfig":{"Arn":")" + std::string(arn) + R"("}})");
        EXPECT_EQ(type(created), "ValidationException") << arn;
        EXPECT_NE(json::dump(created).find("DeadLetterConfig.Arn"), std::string::npos) << json::dump(created);
    }
    EXPECT_EQ(type(call("DescribeEventBus", R"({"Name":"orders"})")), "ResourceNotFoundException");
    call("CreateEventBus", R"({"Name":"orders"})");
    EXPECT_EQ(type(call("UpdateEventBus", R"({"Name":"orders","DeadLetterConfig":{"Arn":"arn:aws:sns:us-east-1:123456789012:t"}})")),
              "ValidationException");
    auto updated = call("UpdateEventBus", R"({"Name":"orders","DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:q"}})");
    EXPECT_EQ(updated.find("DeadLetterConfig")->find("Arn")->as_string(), "arn:aws:sqs:us-east-1:123456789012:q");
}

// "Schema discovery is not supported for event buses encrypted using a customer managed key. EventBridge returns an
// error if: ... You call UpdatedEventBus to set a customer managed key on an event bus with schema discovery
// enabled." AWS does not document the error: ValidationException here.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateEventBus.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-event-bus-cmkey.html
TEST_F(EventsBusApiTest, ACustomerManagedKeyIsRefusedToABusWithASchemaDiscoverer) {
    call("CreateEventBus", R"({"Name":"orders"})");
    discovered.insert("orders");
    auto refused = call("UpdateEventBus", R"({"Name":"orders","Description":"d","KmsKeyIdentifier":"alias/k"})");
    EXPECT_EQ(type(refused), "ValidationException");
    EXPECT_NE(json::dump(refused).find("customer managed key"), std::string::npos) << json::dump(refused);
    auto described = call("DescribeEventBus", R"({"Name":"orders"})");
    EXPECT_EQ(described.find("KmsKeyIdentifier"), nullptr);
    EXPECT_EQ(described.find("Description"), nullptr) << "a refused update changes nothing";
    // An AWS owned key (no identifier) is fine; so is a key once the discoverer is gone.
    EXPECT_EQ(type(call("UpdateEventBus", R"({"Name":"orders","Description":"d"})")), "");
    discovered.clear();
    auto keyed = call("UpdateEventBus", R"({"Name":"orders","KmsKeyIdentifier":"alias/k"})");
    EXPECT_EQ(keyed.find("KmsKeyIdentifier")->as_string(), "alias/k");
    // A bus that does not exist is not found, whatever the key.
    discovered.insert("ghost");
    EXPECT_EQ(type(call("UpdateEventBus", R"({"Name":"ghost","KmsKeyIdentifier":"alias/k"})")), "ResourceNotFoundException");
}

TEST_F(EventsBusApiTest, PutEventsFromAnotherAccountFollowsThePolicy) {
    const std::string entry =
        R"({"Entries":[{"Source":"s","DetailType":"t","Detail":"{}","EventBusName":"arn:aws:events:us-east-1:123456789012:event-bus/default"}]})";
    auto refused = call("PutEvents", entry, "111122223333");
    EXPECT_EQ(status, 400);
    EXPECT_EQ(type(refused), "AccessDeniedException");
    EXPECT_EQ(call("PutEvents", entry, "AKIDEXAMPLE").find("FailedEntryCount")->as_int(), 0)
        << "an access key id that is not an account id is this account's";
    EXPECT_EQ(call("PutPermission", R"({"Action":"events:PutEvents","Principal":"111122223333","StatementId":"s"})")
                  .is_object(),
              true);
    EXPECT_EQ(status, 200);
    start();
    EXPECT_EQ(call("PutEvents", entry, "111122223333").find("FailedEntryCount")->as_int(), 0);
    EXPECT_EQ(type(call("PutEvents", entry, "444455556666")), "AccessDeniedException");
    auto by_name = call("PutEvents", R"({"Entries":[{"Source":"s","DetailType":"t","Detail":"{}"}]})", "111122223333");
    EXPECT_EQ(by_name.find("Entries")->as_array()[0].find("ErrorCode")->as_string(), "ResourceNotFoundException");
    call("RemovePermission", R"({"StatementId":"s"})");
    EXPECT_EQ(type(call("PutEvents", entry, "111122223333")), "AccessDeniedException");
    EXPECT_EQ(type(call("RemovePermission", R"({"StatementId":"s"})")), "ResourceNotFoundException");
    EXPECT_EQ(type(call("RemovePermission", "{}")), "ValidationException");
}

TEST_F(EventsBusApiTest, TagsOfRulesGoWithThem) {
    const std::string arn = "arn:aws:events:us-east-1:123456789012:rule/r";
    call("PutRule", R"({"Name":"r","EventPattern":"{\"source\":[\"s\"]}","Tags":[{"Key":"k","Value":"v"}]})");
    EXPECT_EQ(call("ListTagsForResource", R"({"ResourceARN":")" + arn + R"("})").find("Tags")->size(), 1u);
    call("DeleteRule", R"({"Name":"r"})");
    EXPECT_EQ(type(call("ListTagsForResource", R"({"ResourceARN":")" + arn + R"("})")), "ResourceNotFoundException");
    call("PutRule", R"({"Name":"r","EventPattern":"{\"source\":[\"s\"]}"})");
    EXPECT_EQ(call("ListTagsForResource", R"({"ResourceARN":")" + arn + R"("})").find("Tags")->size(), 0u);
    EXPECT_EQ(type(call("UntagResource", R"({"ResourceARN":")" + arn + R"(","TagKeys":[3]})")), "SerializationException");
}

TEST_F(EventsBusApiTest, PartnerSourceAndEndpointKeptAcrossARestart) {
    call("CreatePartnerEventSource", R"({"Name":"aws.partner/acme.com/x","Account":"123456789012"})");
    call("CreateEventBus", R"({"Name":"aws.partner/acme.com/x","EventSourceName":"aws.partner/acme.com/x"})");
    EXPECT_EQ(status, 200);
    call("CreateEndpoint", R"({"Name":"g","RoutingConfig":{"FailoverConfig":{"Primary":{"HealthCheck":
        "arn:aws:route53:::healthcheck/h"},"Secondary":{"Route":"us-west-2"}}},"EventBuses":[
        {"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/default"},
        {"EventBusArn":"arn:aws:events:us-west-2:123456789012:event-bus/default"}]})");
    EXPECT_EQ(status, 200);
    start();
    EXPECT_EQ(call("DescribeEventSource", R"({"Name":"aws.partner/acme.com/x"})").find("State")->as_string(), "ACTIVE");
    auto endpoint = call("DescribeEndpoint", R"({"Name":"g"})");
    EXPECT_EQ(endpoint.find("State")->as_string(), "ACTIVE");
    EXPECT_EQ(endpoint.find("ReplicationConfig")->find("State")->as_string(), "ENABLED");
    auto put = call("PutEvents", R"({"EndpointId":")" + std::string(endpoint.find("EndpointId")->as_string()) +
                                     R"(","Entries":[{"Source":"s","DetailType":"t","Detail":"{}"}]})");
    EXPECT_EQ(put.find("FailedEntryCount")->as_int(), 0);
    EXPECT_EQ(type(call("CreateEndpoint", R"({"Name":"g2","RoutingConfig":{"FailoverConfig":{"Primary":{"HealthCheck":
        "arn:aws:route53:::healthcheck/h"},"Secondary":{"Route":"us-west-2"}}},"EventBuses":"no"})")),
              "ValidationException");
    EXPECT_EQ(type(call("CreateEndpoint", R"({"Name":"g2","EventBuses":[]})")), "ValidationException")
        << "RoutingConfig is required";
    EXPECT_EQ(type(call("CreateEndpoint", R"({"Name":"g2","RoutingConfig":[]})")), "SerializationException");
}

}  // namespace
}  // namespace stepwise::api
