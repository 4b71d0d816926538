// Schema discovery in the Schemas API (api/schemas/discovery.h): discoverers
// tell which buses to watch, discovered schemas version by shape, persist,
// and never check events, before or after a restart.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "api/schemas/service.h"
#include "events/schema/registry.h"
#include "json/parse.h"
#include "json/write.h"
#include "store/store.h"

namespace stepwise::api {
namespace {

json::Value event(const std::string& detail, const std::string& account = "123456789012") {
    return json::parse(R"({"version":"0","id":"1","detail-type":"Order Placed","source":"shop",)"
                       R"("account":")" + account + R"(","time":"2026-01-01T00:00:00Z","region":"us-east-1",)"
                       R"("resources":[],"detail":)" + detail + "}");
}

json::Value typed_event(const std::string& source, const std::string& detail_type, const std::string& detail) {
    json::Value out = event(detail);
    out.mutable_object().set("source", json::Value(source));
    out.mutable_object().set("detail-type", json::Value(detail_type));
    return out;
}

std::string path_of(const std::string& name) {
    std::string out = "/v1/registries/name/discovered-schemas/schemas/name/";
    for (char c : name) out += c == '/' ? std::string("%2F") : std::string(1, c);
    return out;
}

class SchemasDiscoveryTest : public ::testing::Test {
protected:
    std::unique_ptr<store::Store> store_ = store::open_sqlite(":memory:");
    std::unique_ptr<events::SchemaRegistry> registry_ = std::make_unique<events::SchemaRegistry>();
    std::set<std::string> watched_;
    std::unique_ptr<SchemasService> service_;

    void SetUp() override { start(); }

    void start() {
        service_.reset();
        registry_ = std::make_unique<events::SchemaRegistry>();
        SchemasOptions options;
        options.scope = {"123456789012", "us-east-1"};
        options.watch_buses = [this](std::set<std::string> buses) { watched_ = std::move(buses); };
        options.bus_exists = [](const std::string& bus) { return bus != "missing"; };
        options.bus_has_customer_key = [](const std::string& bus) { return bus == "keyed"; };
        service_ = std::make_unique<SchemasService>(*store_, *registry_, std::move(options));
        EXPECT_TRUE(service_->load().empty());
    }

    std::pair<int, json::Value> call(const std::string& method, const std::string& path, const std::string& body = "") {
        Request request;
        request.method = method;
        request.path = path;
        request.body = body;
        std::pair<int, json::Value> out;
        service_->handle(request, [&](Response response) {
            out.first = response.status;
            if (!response.body.empty()) out.second = json::parse(response.body);
        });
        return out;
    }

    int create_discoverer(const std::string& extra = "") {
        return call("POST", "/v1/discoverers",
                    R"({"SourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/orders")" + extra + "}")
            .first;
    }

    size_t version_count(const std::string& name = "shop@OrderPlaced") {
        auto [status, body] = call("GET", path_of(name) + "/versions");
        return status == 200 ? body.find("SchemaVersions")->size() : 0;
    }
};

TEST_F(SchemasDiscoveryTest, DiscoverersChooseTheWatchedBuses) {
    auto [status, created] = call("POST", "/v1/discoverers",
                                  R"({"SourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/orders"})");
    ASSERT_EQ(status, 201) << json::dump(created);
    EXPECT_EQ(watched_, std::set<std::string>{"orders"});
    EXPECT_EQ(call("POST", "/v1/discoverers/id/events-event-bus-orders/stop").first, 200);
    EXPECT_TRUE(watched_.empty());
    EXPECT_EQ(call("POST", "/v1/discoverers/id/events-event-bus-orders/start").first, 200);
    watched_.clear();
    start();  // load() tells the watched buses again
    EXPECT_EQ(watched_, std::set<std::string>{"orders"});
    EXPECT_EQ(call("DELETE", "/v1/discoverers/id/events-event-bus-orders").first, 204);
    EXPECT_TRUE(watched_.empty());
}

TEST_F(SchemasDiscoveryTest, RefusesUnknownMembersAndMissingBuses) {
    auto unknown = call("POST", "/v1/discoverers",
                        R"({"SourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/orders","State":"STOPPED"})");
    EXPECT_EQ(unknown.first, 400);
    EXPECT_NE(json::dump(unknown.second).find("State"), std::string::npos);
    auto missing = call("POST", "/v1/discoverers",
                        R"({"SourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/missing"})");
    EXPECT_EQ(missing.first, 400);
    auto other_account = call("POST", "/v1/discoverers",
                              R"({"SourceArn":"arn:aws:events:us-east-1:999999999999:event-bus/orders"})");
    EXPECT_EQ(other_account.first, 400);
}

// "Schema discovery is not supported for event buses encrypted using a customer managed key. EventBridge returns an
// error if: You call CreateDiscoverer on an event bus set to use a customer managed key for encryption." AWS does not
// document the error: BadRequestException, as for the Schemas API's other bad requests.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-event-bus-cmkey.html
TEST_F(SchemasDiscoveryTest, RefusesABusWithACustomerManagedKey) {
    auto [status, body] = call("POST", "/v1/discoverers",
                               R"({"SourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/keyed"})");
    EXPECT_EQ(status, 400);
    EXPECT_NE(json::dump(body).find("customer managed key"), std::string::npos) << json::dump(body);
    EXPECT_EQ(call("GET", "/v1/discoverers/id/events-event-bus-keyed").first, 404);
    EXPECT_TRUE(watched_.empty());
    EXPECT_FALSE(service_->has_discoverer("keyed"));
    EXPECT_EQ(create_discoverer(), 201);
    EXPECT_TRUE(service_->has_discoverer("orders"));
}

TEST_F(SchemasDiscoveryTest, VersionsByShapeAndNeverChecksEvents) {
    ASSERT_EQ(create_discoverer(), 201);
    service_->discover("orders", event(R"({"id":"1"})"));
    service_->discover("orders", event(R"({"id":"2"})"));
    EXPECT_EQ(version_count(), 1u);
    service_->discover("orders", event(R"({"id":"3","extra":true})"));
    EXPECT_EQ(version_count(), 2u);
    service_->discover("orders", event(R"({"id":4})"));  // a string before: anything now
    EXPECT_EQ(version_count(), 3u);
    EXPECT_FALSE(registry_->check(event(R"({"nothing":1})")).has_schema);
    start();
    EXPECT_EQ(version_count(), 3u);
    EXPECT_FALSE(registry_->check(event(R"({"nothing":1})")).has_schema) << "after a restart either";
    service_->discover("orders", event(R"({"id":"5","extra":false})"));
    EXPECT_EQ(version_count(), 3u);
}

TEST_F(SchemasDiscoveryTest, OnlyAStartedDiscovererDiscoversAndCrossAccountIsHonoured) {
    service_->discover("orders", event(R"({"id":"1"})"));
    EXPECT_EQ(version_count(), 0u) << "no discoverer on the bus";
    ASSERT_EQ(create_discoverer(R"(,"CrossAccount":false)"), 201);
    service_->discover("orders", event(R"({"id":"1"})", "999999999999"));
    EXPECT_EQ(version_count(), 0u) << "another account's event, CrossAccount false";
    call("POST", "/v1/discoverers/id/events-event-bus-orders/stop");
    service_->discover("orders", event(R"({"id":"1"})"));
    EXPECT_EQ(version_count(), 0u) << "stopped";
    call("POST", "/v1/discoverers/id/events-event-bus-orders/start");
    service_->discover("other-bus", event(R"({"id":"1"})"));
    EXPECT_EQ(version_count(), 0u) << "another bus";
    service_->discover("orders", event(R"({"id":"1"})"));
    EXPECT_EQ(version_count(), 1u);
}

TEST_F(SchemasDiscoveryTest, ASchemaCreatedInTheDiscoveredRegistryStillChecks) {
    ASSERT_EQ(create_discoverer(), 201);
    service_->discover("orders", event(R"({"id":"1"})"));
    auto [status, body] = call("POST", "/v1/registries/name/discovered-schemas/schemas/name/mine",
                               json::dump(json::Value(json::Object{
                                   {"Type", json::Value("JSONSchemaDraft4")},
                                   {"Content", json::Value(R"({"x-amazon-events-source":"shop",
                                       "x-amazon-events-detail-type":"Order Placed","required":["detail"]})")}})));
    ASSERT_EQ(status, 201) << json::dump(body);
    EXPECT_TRUE(registry_->check(event("{}")).has_schema);
}

// An UpdateSchema of a discovered schema whose component refers to itself
// three times: the next event is still inferred (each component read once),
// and the API still answers.
TEST_F(SchemasDiscoveryTest, ASelfReferringUpdateDoesNotStallDiscovery) {
    ASSERT_EQ(create_discoverer(), 201);
    service_->discover("orders", event(R"({"id":"1"})"));
    const std::string cyclic = R"({"openapi":"3.0.0","info":{"version":"1.0.0","title":"OrderPlaced"},"paths":{},
        "components":{"schemas":{"AWSEvent":{"type":"object","x-amazon-events-detail-type":"Order Placed",
        "x-amazon-events-source":"shop","properties":{"detail":{"$ref":"#/components/schemas/A"}}},
        "A":{"type":"object","properties":{"a":{"$ref":"#/components/schemas/A"},"b":{"$ref":"#/components/schemas/A"},
        "c":{"$ref":"#/components/schemas/A"}}}}}})";
    auto updated = call("PUT", path_of("shop@OrderPlaced"),
                        json::dump(json::Value(json::Object{{"Type", json::Value("OpenApi3")}, {"Content", json::Value(cyclic)}})));
    ASSERT_EQ(updated.first, 200) << json::dump(updated.second);
    service_->discover("orders", event(R"({"a":2,"z":1})"));
    EXPECT_EQ(version_count(), 3u);
    EXPECT_EQ(call("POST", "/v1/registries/name/r1").first, 201);
}

// "Order Placed" and "order-placed" have one PascalCase name; each gets its
// schema, and alternating between them makes no version.
TEST_F(SchemasDiscoveryTest, DetailTypesOfOneNameGetASchemaEach) {
    ASSERT_EQ(create_discoverer(), 201);
    for (int i = 0; i < 6; ++i) {
        service_->discover("orders", typed_event("shop", "Order Placed", R"({"a":1})"));
        service_->discover("orders", typed_event("shop", "order-placed", R"({"b":"x"})"));
    }
    EXPECT_EQ(version_count("shop@OrderPlaced"), 1u);
    EXPECT_EQ(version_count("shop@OrderPlaced2"), 1u);
    auto [status, body] = call("GET", path_of("shop@OrderPlaced2"));
    ASSERT_EQ(status, 200);
    EXPECT_NE(body.find("Content")->as_string().find(R"("x-amazon-events-detail-type":"order-placed")"), std::string::npos);
}

// A discovered schema stays within CreateSchema's 100,000 characters: events
// that would take it past are not inferred (its versions stop growing).
TEST_F(SchemasDiscoveryTest, ASchemaStopsGrowingAtTheContentLimit) {
    ASSERT_EQ(create_discoverer(), 201);
    for (int k = 0; k < 20; ++k) {
        std::string detail = "{";
        for (int i = 0; i < 500; ++i) detail += (i ? ",\"k" : "\"k") + std::to_string(k) + "_" + std::to_string(i) + "\":1";
        service_->discover("orders", event(detail + "}"));
    }
    const size_t versions = version_count();
    EXPECT_GE(versions, 2u);
    EXPECT_LT(versions, 20u);
    auto [status, body] = call("GET", path_of("shop@OrderPlaced"));
    ASSERT_EQ(status, 200);
    EXPECT_LE(body.find("Content")->as_string().size(), 100000u);
    service_->discover("orders", event(R"({"k0_0":null})"));  // widening a known member still fits
    EXPECT_EQ(version_count(), versions + 1);
}

// Discovered names may hold '/': deleting schema "x@Y" keeps the code
// bindings of schema "x@Y/z@W".
TEST_F(SchemasDiscoveryTest, DeletingASchemaKeepsTheBindingsOfASchemaItsNamePrefixes) {
    ASSERT_EQ(create_discoverer(), 201);
    service_->discover("orders", typed_event("x", "Y", R"({"a":1})"));
    service_->discover("orders", typed_event("x@Y/z", "W", R"({"a":1})"));
    ASSERT_EQ(call("POST", path_of("x@Y") + "/language/Python36").first, 202);
    ASSERT_EQ(call("POST", path_of("x@Y/z@W") + "/language/Python36").first, 202);
    ASSERT_EQ(store_->list_documents("schema_code_binding", "discovered-schemas/x@Y/").size(), 2u);
    ASSERT_EQ(call("DELETE", path_of("x@Y")).first, 204);
    auto left = store_->list_documents("schema_code_binding", "discovered-schemas/");
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left.front().id, "discovered-schemas/x@Y/z@W/1/Python36");
}

}  // namespace
}  // namespace stepwise::api
