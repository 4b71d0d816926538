// A bus's settings on the EventBus: kept by create_bus, changed by update_bus
// with its LastModifiedTime, and their JSON shapes round trip.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeEventBus.html
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "events/bus/event_bus.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

class BusSettingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        options.scope = {"123456789012", "us-east-1"};
        options.data_dir = std::filesystem::temp_directory_path().string();
        options.now_ms = [this] { return now.load(); };
    }
    std::atomic<int64_t> now{1'700'000'000'000};
    BusOptions options;
};

TEST_F(BusSettingsTest, CreateKeepsSettingsAndUpdateMovesLastModified) {
    EventBus bus(options);
    BusSpec spec;
    spec.name = "orders";
    spec.description = "the shop's orders";
    spec.kms_key_identifier = "alias/orders";
    spec.dead_letter_arn = "arn:aws:sqs:us-east-1:123456789012:dlq";
    BusSpec created = bus.create_bus(spec);
    EXPECT_EQ(created.arn, "arn:aws:events:us-east-1:123456789012:event-bus/orders");
    EXPECT_EQ(created.created_ms, now.load());
    EXPECT_EQ(created.modified_ms, created.created_ms);

    now += 5'000;
    BusSpec updated = bus.update_bus("arn:aws:events:us-east-1:123456789012:event-bus/orders", [](BusSpec& s) {
        s.description = "all orders";
        s.name = "renamed";  // not a setting: kept
    });
    EXPECT_EQ(updated.name, "orders");
    EXPECT_EQ(updated.description, "all orders");
    EXPECT_EQ(updated.kms_key_identifier, "alias/orders");
    EXPECT_EQ(updated.modified_ms, created.created_ms + 5'000);
    EXPECT_EQ(bus.find_bus("orders")->description, "all orders");
    EXPECT_THROW(bus.update_bus("missing", [](BusSpec&) {}), BusError);
    EXPECT_EQ(bus.update_bus("", [](BusSpec& s) { s.description = "d"; }).name, "default");
}

TEST_F(BusSettingsTest, DescriptionRoundTripsAndListShapeLeavesOutKeys) {
    BusSpec spec;
    spec.name = "orders";
    spec.arn = "arn:aws:events:us-east-1:123456789012:event-bus/orders";
    spec.description = "d";
    spec.kms_key_identifier = "alias/k";
    spec.dead_letter_arn = "arn:aws:sqs:us-east-1:123456789012:dlq";
    spec.policy = R"({"Statement":[]})";
    spec.created_ms = 1'700'000'000'123;
    spec.modified_ms = 1'700'000'100'456;
    json::Value described = bus_description(spec);
    EXPECT_EQ(described.find("DeadLetterConfig")->find("Arn")->as_string(), spec.dead_letter_arn);
    EXPECT_DOUBLE_EQ(described.find("CreationTime")->as_double(), 1'700'000'000.123);
    BusSpec back = bus_from_json(described);
    EXPECT_EQ(back.description, spec.description);
    EXPECT_EQ(back.kms_key_identifier, spec.kms_key_identifier);
    EXPECT_EQ(back.dead_letter_arn, spec.dead_letter_arn);
    EXPECT_EQ(back.policy, spec.policy);
    EXPECT_EQ(back.created_ms, spec.created_ms);
    EXPECT_EQ(back.modified_ms, spec.modified_ms);
    json::Value listed = bus_to_json(spec);
    EXPECT_EQ(listed.find("KmsKeyIdentifier"), nullptr) << "the EventBus shape has no KMS key or dead-letter queue";
    EXPECT_EQ(listed.find("DeadLetterConfig"), nullptr);
    EXPECT_NE(listed.find("Policy"), nullptr);
}

}  // namespace
}  // namespace stepwise::events
