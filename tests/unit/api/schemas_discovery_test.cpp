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

    size_t version_count() {
        auto [status, body] = call("GET", "/v1/registries/name/discovered-schemas/schemas/name/shop@OrderPlaced/versions");
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

}  // namespace
}  // namespace stepwise::api
