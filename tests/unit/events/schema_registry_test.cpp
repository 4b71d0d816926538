// The schema registry against the example's OrderCancellationUpdated schema
// (draft 4, the whole EventBridge envelope with `detail` inside), plus draft 7
// and OpenApi3 documents, bindings, listing and errors.
#include <gtest/gtest.h>

#include "events/schema/registry.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "json/parse.h"

namespace stepwise::events {
namespace {

const std::string kExampleSchema =
    std::string(STEPWISE_SOURCE_DIR) + "/examples/vehicle-order-cancellation/events/schemas/OrderCancellationUpdated.schema.json";
const EventBinding kOrderCancellation{"com.example.vehicle-orders", "OrderCancellationUpdated"};

// A completed cancellation, every optional part of the schema used once.
constexpr std::string_view kValidEvent = R"({
  "version": "0",
  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "OrderCancellationUpdated",
  "source": "com.example.vehicle-orders",
  "account": "111122223333",
  "time": "2026-11-21T17:05:00Z",
  "region": "eu-west-1",
  "resources": ["arn:aws:states:eu-west-1:111122223333:execution:VehicleOrderCancellation:c-42"],
  "detail": {
    "metadata": {"awsRequestId": "0b5f1a0e-2f4c-4c55-9d8e-3c1d2b9a7f10", "isTruncated": false},
    "data": {
      "id": "c-42",
      "orderId": "ORD-2026-000042",
      "orderReference": "VX42",
      "paymentProvider": {
        "providerId": "adyen-eu",
        "providerName": "Adyen",
        "status": {
          "current": "completed",
          "history": [
            {"status": "started", "timestamp": "2026-11-21T17:00:00Z", "type": "refund"},
            {"status": "completed", "timestamp": "2026-11-21T17:04:59.120+01:00", "type": "refund",
             "message": "refund settled"}
          ]
        }
      },
      "shippingProvider": {"providerId": "dhl", "providerName": "DHL"},
      "cancelledPayment": {"reference": "PSP-991"},
      "giftCards": [{"giftCardId": "gc-1", "status": "REDEEMED", "transactionId": "t-9"}],
      "giftCardProducts": [{"giftCardProductId": "gcp-1", "status": "cancelled"}],
      "bonus": {"reservationId": "b-7", "status": "RESERVED"},
      "reason": {"code": "CUSTOMER_REQUEST", "cause": "Changed my mind"},
      "created": "2026-11-21T16:59:00Z",
      "updated": "2026-11-21T17:05:00Z",
      "started": "2026-11-21T17:00:00Z",
      "completed": "2026-11-21T17:05:00Z",
      "restarts": 0,
      "revision": 3
    }
  }
})";

json::Value valid_event() { return json::parse(kValidEvent); }

// The valid event with the member at `pointer`-like path set (or removed when `value` is absent).
json::Value edited(std::initializer_list<std::string_view> path, std::optional<json::Value> value) {
    json::Value event = valid_event();
    json::Value* node = &event;
    const auto last = path.end() - 1;
    for (auto key = path.begin(); key != last; ++key) node = node->mutable_object().find(*key);
    if (value)
        node->mutable_object().set(*last, *value);
    else
        node->mutable_object().erase(*last);
    return event;
}

class ExampleSchema : public ::testing::Test {
protected:
    void SetUp() override { registry.add("orders", "OrderCancellationUpdated", json::parse_file(kExampleSchema), kOrderCancellation); }

    SchemaCheck check(const json::Value& event) const { return registry.check(event); }

    SchemaRegistry registry;
};

// The single violation of a check, for the common one-mistake case.
SchemaViolation only_violation(const SchemaCheck& check) {
    EXPECT_TRUE(check.has_schema);
    EXPECT_EQ(check.violations.size(), 1u);
    return check.violations.empty() ? SchemaViolation{} : check.violations.front();
}

TEST_F(ExampleSchema, AcceptsAValidEvent) {
    const SchemaCheck result = check(valid_event());
    EXPECT_TRUE(result.has_schema);
    EXPECT_EQ(result.schema_name, "orders/OrderCancellationUpdated");
    EXPECT_TRUE(result.ok()) << result.violations.front().message;
}

TEST_F(ExampleSchema, AcceptsEveryLifecycleStage) {
    // Started, failed and restarted cancellations carry different optional dates.
    auto event = edited({"detail", "data", "failed"}, json::Value("2026-11-21T17:06:00Z"));
    EXPECT_TRUE(check(event).ok());
    event = edited({"detail", "data", "restarted"}, json::Value("2026-11-21T17:07:00.5Z"));
    EXPECT_TRUE(check(event).ok());
    event = edited({"detail", "data", "completed"}, std::nullopt);
    EXPECT_TRUE(check(event).ok());
}

TEST_F(ExampleSchema, EventsOfOtherSourcesHaveNoSchema) {
    const SchemaCheck result = check(edited({"source"}, json::Value("com.example.other")));
    EXPECT_FALSE(result.has_schema);
    EXPECT_TRUE(result.ok());
    EXPECT_FALSE(check(edited({"detail-type"}, json::Value("OrderCreated"))).has_schema);
}

TEST_F(ExampleSchema, MissingRequiredPropertyNamesIt) {
    const auto violation = only_violation(check(edited({"detail", "data", "revision"}, std::nullopt)));
    EXPECT_EQ(violation.path, "/detail/data/revision");
    EXPECT_EQ(violation.rule, "required");
    EXPECT_EQ(violation.message, "/detail/data/revision: is required (required)");
}

TEST_F(ExampleSchema, MissingEnvelopeField) {
    const auto violation = only_violation(check(edited({"account"}, std::nullopt)));
    EXPECT_EQ(violation.path, "/account");
    EXPECT_EQ(violation.rule, "required");
}

TEST_F(ExampleSchema, WrongTypeSaysWhatWasExpected) {
    const auto violation = only_violation(check(edited({"detail", "data", "revision"}, json::Value("3"))));
    EXPECT_EQ(violation.path, "/detail/data/revision");
    EXPECT_EQ(violation.rule, "type");
    EXPECT_EQ(violation.message, "/detail/data/revision: must be an integer, not a string (type)");
}

TEST_F(ExampleSchema, AFractionIsNotAnInteger) {
    const auto violation = only_violation(check(edited({"detail", "data", "restarts"}, json::parse("1.5"))));
    EXPECT_EQ(violation.path, "/detail/data/restarts");
    EXPECT_EQ(violation.rule, "type");
    EXPECT_EQ(violation.message, "/detail/data/restarts: must be an integer, not a number with a fraction (type)");
}

TEST_F(ExampleSchema, Draft4IntegersAreWrittenWithoutFraction) {
    const auto violation = only_violation(check(edited({"detail", "data", "revision"}, json::parse("3.0"))));
    EXPECT_EQ(violation.message,
              "/detail/data/revision: must be an integer, not a number written with a fraction or exponent (type)");
}

TEST_F(ExampleSchema, WrongTypeInsideAnArrayItem) {
    auto event = valid_event();
    auto& resources = event.mutable_object().find("resources")->mutable_array();
    resources.push_back(json::Value(7));
    const auto violation = only_violation(check(event));
    EXPECT_EQ(violation.path, "/resources/1");
    EXPECT_EQ(violation.message, "/resources/1: must be a string, not an integer (type)");
}

TEST_F(ExampleSchema, BadEnumValueListsTheAllowedOnes) {
    auto event = edited({"detail", "data", "bonus"}, json::parse(R"({"reservationId": "b-7", "status": "USED"})"));
    const auto violation = only_violation(check(event));
    EXPECT_EQ(violation.path, "/detail/data/bonus/status");
    EXPECT_EQ(violation.rule, "enum");
    EXPECT_EQ(violation.message, R"(/detail/data/bonus/status: must be one of "RESERVED", "RESERVATION_FAILED" (enum))");
}

TEST_F(ExampleSchema, BadEnumInsideAnArrayOfRefs) {
    auto event = edited({"detail", "data", "giftCards"},
                        json::parse(R"([{"giftCardId": "a", "status": "RESERVED"}, {"giftCardId": "b", "status": "LOST"}])"));
    const auto violation = only_violation(check(event));
    EXPECT_EQ(violation.path, "/detail/data/giftCards/1/status");
    EXPECT_EQ(violation.rule, "enum");
}

TEST_F(ExampleSchema, BadDateTimeFormat) {
    // valijson checks date, time and date-time formats.
    auto violation = only_violation(check(edited({"time"}, json::Value("21/11/2026 17:05"))));
    EXPECT_EQ(violation.path, "/time");
    EXPECT_EQ(violation.rule, "format");
    EXPECT_EQ(violation.message, "/time: must be a valid date-time (format)");

    violation = only_violation(check(edited({"detail", "data", "created"}, json::Value("2026-02-30T10:00:00Z"))));
    EXPECT_EQ(violation.path, "/detail/data/created");
    EXPECT_EQ(violation.rule, "format");
}

TEST_F(ExampleSchema, ReportsEveryMistake) {
    auto event = edited({"detail", "data", "revision"}, std::nullopt);
    event.mutable_object().set("region", json::Value(1));
    event.mutable_object().find("detail")->mutable_object().find("metadata")->mutable_object().erase("awsRequestId");
    const SchemaCheck result = check(event);
    std::vector<std::string> seen;
    for (const auto& violation : result.violations) seen.push_back(violation.path + " " + violation.rule);
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::string>{"/detail/data/revision required", "/detail/metadata/awsRequestId required",
                                              "/region type"}));
}

TEST_F(ExampleSchema, NotAnObjectAtAll) {
    // The binding comes from the event, so a detail that is not an object still finds the schema.
    const auto violation = only_violation(check(edited({"detail"}, json::Value("cancelled"))));
    EXPECT_EQ(violation.path, "/detail");
    EXPECT_EQ(violation.rule, "type");
    EXPECT_EQ(violation.message, "/detail: must be an object, not a string (type)");
}

TEST_F(ExampleSchema, ConcurrentChecks) {
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    const json::Value good = valid_event();
    const json::Value bad = edited({"detail", "data", "revision"}, json::Value("x"));
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (!check(good).ok()) ++wrong;
                if (check(bad).violations.size() != 1) ++wrong;
            }
        });
    }
    for (int i = 0; i < 20; ++i) registry.add("orders", "Other" + std::to_string(i), json::parse_file(kExampleSchema),
                                             EventBinding{"other", std::to_string(i)});
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(wrong.load(), 0);
}

TEST(SchemaRegistry, ListAndDescribeKeepWhatTheSchemasApiShows) {
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
    SchemaRegistry registry([&] { return now; });
    const std::string text = json::read_file(kExampleSchema);
    registry.add_text("orders", "OrderCancellationUpdated", text, kOrderCancellation);

    auto info = registry.describe("orders", "OrderCancellationUpdated");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->content, text);
    EXPECT_EQ(info->type, SchemaType::JsonSchemaDraft4);
    EXPECT_STREQ(schema_type_name(info->type), "JSONSchemaDraft4");
    EXPECT_EQ(info->version, "1");
    EXPECT_EQ(info->last_modified, now);
    EXPECT_EQ(info->source, "com.example.vehicle-orders");
    EXPECT_EQ(info->detail_type, "OrderCancellationUpdated");

    now += std::chrono::minutes(5);
    registry.add_text("orders", "OrderCancellationUpdated", text, kOrderCancellation);
    info = registry.describe("orders", "OrderCancellationUpdated");
    EXPECT_EQ(info->version, "2");
    EXPECT_EQ(info->last_modified, now);
    EXPECT_EQ(registry.list().size(), 1u);

    EXPECT_FALSE(registry.describe("orders", "Nope"));
    EXPECT_TRUE(registry.remove("orders", "OrderCancellationUpdated"));
    EXPECT_FALSE(registry.check(valid_event()).has_schema);
    EXPECT_TRUE(registry.list().empty());
}

constexpr std::string_view kDraft7Schema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["source", "detail-type", "detail"],
  "properties": {
    "source": {"const": "com.example.payments"},
    "detail-type": {"enum": ["PaymentCaptured"]},
    "detail": {
      "type": "object",
      "required": ["amount", "currency"],
      "properties": {
        "amount": {"type": "number", "exclusiveMinimum": 0},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "lines": {"type": "array", "minItems": 1, "items": {"type": "integer"}}
      },
      "additionalProperties": false
    }
  }
})";

json::Value payment(std::string_view detail) {
    return json::parse(R"({"source": "com.example.payments", "detail-type": "PaymentCaptured", "detail": )" +
                       std::string(detail) + "}");
}

TEST(SchemaRegistry, Draft7BindingFromConstAndEnum) {
    SchemaRegistry registry;
    registry.add("payments", "PaymentCaptured", json::parse(kDraft7Schema));
    EXPECT_EQ(registry.describe("payments", "PaymentCaptured")->draft, JsonSchemaDraft::Draft7);

    EXPECT_TRUE(registry.check(payment(R"({"amount": 10.5, "currency": "EUR"})")).ok());

    auto result = registry.check(payment(R"({"amount": 0, "currency": "euro"})"));
    ASSERT_EQ(result.violations.size(), 2u);
    EXPECT_EQ(result.violations[0].message, "/detail/amount: must be greater than 0 (exclusiveMinimum)");
    EXPECT_EQ(result.violations[1].message, R"(/detail/currency: must match the pattern "^[A-Z]{3}$" (pattern))");

    result = registry.check(payment(R"({"amount": 1, "currency": "EUR", "note": "x", "lines": []})"));
    std::vector<std::string> messages;
    for (const auto& violation : result.violations) messages.push_back(violation.message);
    std::sort(messages.begin(), messages.end());
    EXPECT_EQ(messages, (std::vector<std::string>{"/detail/lines: must have at least 1 items (minItems)",
                                                  "/detail/note: is not allowed here (additionalProperties)"}));
}

TEST(SchemaRegistry, Draft7IntegersAreWholeNumbers) {
    SchemaRegistry registry;
    registry.add("payments", "PaymentCaptured", json::parse(kDraft7Schema));
    EXPECT_TRUE(registry.check(payment(R"({"amount": 1, "currency": "EUR", "lines": [1, 2.0, 3e2]})")).ok());
    const auto result = registry.check(payment(R"({"amount": 1, "currency": "EUR", "lines": [1, 2.5]})"));
    ASSERT_EQ(result.violations.size(), 1u);
    EXPECT_EQ(result.violations[0].message, "/detail/lines/1: must be an integer, not a number with a fraction (type)");
}

constexpr std::string_view kOpenApiSchema = R"({
  "openapi": "3.0.0",
  "info": {"version": "1.0.0", "title": "OrderCreated"},
  "paths": {},
  "components": {
    "schemas": {
      "AWSEvent": {
        "type": "object",
        "required": ["detail-type", "resources", "detail", "id", "source", "time", "region", "version", "account"],
        "x-amazon-events-detail-type": "OrderCreated",
        "x-amazon-events-source": "com.example.orders",
        "properties": {
          "detail": {"$ref": "#/components/schemas/OrderCreated"},
          "account": {"type": "string"}, "detail-type": {"type": "string"}, "id": {"type": "string"},
          "region": {"type": "string"}, "resources": {"type": "array", "items": {"type": "string"}},
          "source": {"type": "string"}, "time": {"type": "string", "format": "date-time"},
          "version": {"type": "string"}
        }
      },
      "OrderCreated": {
        "type": "object",
        "required": ["orderId"],
        "properties": {"orderId": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}}
      }
    }
  }
})";

TEST(SchemaRegistry, OpenApi3DocumentsFromTheAwsSchemaRegistry) {
    SchemaRegistry registry;
    registry.add_text("discovered-schemas", "com.example.orders@OrderCreated", std::string(kOpenApiSchema));
    const auto info = registry.describe("discovered-schemas", "com.example.orders@OrderCreated");
    EXPECT_EQ(info->type, SchemaType::OpenApi3);
    EXPECT_STREQ(schema_type_name(info->type), "OpenApi3");
    EXPECT_EQ(info->source, "com.example.orders");
    EXPECT_EQ(info->detail_type, "OrderCreated");

    auto event = json::parse(R"({"version": "0", "id": "1", "detail-type": "OrderCreated", "source": "com.example.orders",
      "account": "111122223333", "time": "2026-11-21T17:05:00Z", "region": "eu-west-1", "resources": [],
      "detail": {"orderId": "o-1", "quantity": 2}})");
    EXPECT_TRUE(registry.check(event).ok());

    event.mutable_object().find("detail")->mutable_object().set("quantity", json::Value(0));
    const auto result = registry.check(event);
    ASSERT_EQ(result.violations.size(), 1u);
    EXPECT_EQ(result.violations[0].message, "/detail/quantity: must be at least 1 (minimum)");
}

TEST(SchemaRegistry, ASchemaThatPinsNoEventsNeedsAnExplicitBinding) {
    SchemaRegistry registry;
    try {
        registry.add("orders", "OrderCancellationUpdated", json::parse_file(kExampleSchema));
        FAIL() << "expected SchemaError";
    } catch (const SchemaError& e) {
        EXPECT_NE(std::string(e.what()).find("schema orders/OrderCancellationUpdated does not say which events"),
                  std::string::npos)
            << e.what();
    }
}

TEST(SchemaRegistry, ASchemaThatDoesNotCompileNamesThePlace) {
    SchemaRegistry registry;
    const auto bad = json::parse(R"({"properties": {"source": {"const": "a"}, "detail-type": {"const": "b"},
                                                    "detail": {"uniqueItems": "yes"}}})");
    try {
        registry.add("r", "Broken", bad);
        FAIL() << "expected SchemaError";
    } catch (const SchemaError& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.rfind("schema r/Broken does not compile: ", 0), 0u) << message;
        EXPECT_NE(message.find("'uniqueItems'"), std::string::npos) << message;  // valijson names the keyword
    }
    EXPECT_THROW(registry.add_text("r", "NotJson", "{"), SchemaError);
    EXPECT_THROW(registry.add("r", "Future", json::parse(R"({"$schema": "https://json-schema.org/draft/2020-12/schema"})")),
                 SchemaError);
    EXPECT_TRUE(registry.list().empty());
}

class SchemaFolder : public ::testing::Test {
protected:
    void SetUp() override {
        folder = std::filesystem::temp_directory_path() /
                 ("stepwise-schemas-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(folder);
        std::filesystem::create_directories(folder);
    }
    void TearDown() override { std::filesystem::remove_all(folder); }
    void write(const std::string& name, std::string_view text) const { std::ofstream(folder / name) << text; }

    std::filesystem::path folder;
};

TEST_F(SchemaFolder, LoadsEveryJsonFile) {
    write("PaymentCaptured.json", kDraft7Schema);
    write("OrderCreated.json", kOpenApiSchema);
    write("notes.txt", "not a schema");
    SchemaRegistry registry;
    registry.load_folder(folder);
    const auto infos = registry.list();
    ASSERT_EQ(infos.size(), 2u);
    EXPECT_EQ(infos[0].registry_name, "discovered-schemas");
    EXPECT_EQ(infos[0].schema_name, "OrderCreated");
    EXPECT_EQ(infos[1].schema_name, "PaymentCaptured");
    EXPECT_EQ(infos[1].content, kDraft7Schema);
    EXPECT_TRUE(registry.check(payment(R"({"amount": 1, "currency": "EUR"})")).has_schema);
}

TEST_F(SchemaFolder, ErrorsNameTheFile) {
    write("a.json", kDraft7Schema);
    write("b.json", "{\"type\": ");
    SchemaRegistry registry;
    try {
        registry.load_folder(folder);
        FAIL() << "expected SchemaError";
    } catch (const SchemaError& e) {
        EXPECT_NE(std::string(e.what()).find((folder / "b.json").string() + ": "), std::string::npos) << e.what();
    }
    EXPECT_EQ(registry.list().size(), 1u);
    EXPECT_THROW(registry.load_folder(folder / "missing"), SchemaError);
}

}  // namespace
}  // namespace stepwise::events
