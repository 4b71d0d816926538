// A schema folder's bindings.json (events/schema/bindings.h): the team's
// contract, which pins no source or detail-type, bound without editing it.
#include <gtest/gtest.h>

#include "events/schema/bindings.h"
#include "events/schema/error.h"
#include "events/schema/registry.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "json/parse.h"

namespace stepwise::events {
namespace {

const std::filesystem::path kExampleSchemas =
    std::filesystem::path(STEPWISE_SOURCE_DIR) / "examples/vehicle-order-cancellation/events/schemas";

// A schema that says nothing of source or detail-type, like the team's contract.
constexpr std::string_view kUnboundSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "type": "object",
  "required": ["detail"],
  "properties": {"detail": {"type": "object", "required": ["orderId"]}}
})";

json::Value event(std::string_view source, std::string_view detail_type, std::string_view detail) {
    return json::parse(R"({"version": "0", "id": "1", "source": ")" + std::string(source) + R"(", "detail-type": ")" +
                       std::string(detail_type) +
                       R"(", "account": "123456789012", "time": "2026-01-01T00:00:00Z", "region": "us-east-1",
                          "resources": [], "detail": )" + std::string(detail) + "}");
}

class SchemaBindings : public ::testing::Test {
protected:
    void SetUp() override {
        folder = std::filesystem::temp_directory_path() /
                 ("stepwise-bindings-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(folder);
        std::filesystem::create_directories(folder);
        write("Order.schema.json", kUnboundSchema);
    }
    void TearDown() override { std::filesystem::remove_all(folder); }
    void write(const std::string& name, std::string_view text) const { std::ofstream(folder / name) << text; }

    // The message load_folder refuses the folder with ("" when it loads).
    std::string refusal() const {
        SchemaRegistry registry;
        try {
            registry.load_folder(folder);
        } catch (const SchemaError& e) {
            EXPECT_TRUE(registry.list().empty()) << "a bad bindings.json adds nothing";
            return e.what();
        }
        return "";
    }

    std::string bindings_file() const { return (folder / "bindings.json").string(); }

    std::filesystem::path folder;
};

TEST_F(SchemaBindings, BindsAnUnboundSchemaAndIsNotASchemaItself) {
    write("bindings.json", R"([{"source": "orders", "detailType": "OrderPlaced", "schema": "Order.schema.json"}])");
    SchemaRegistry registry;
    registry.load_folder(folder);
    const auto infos = registry.list();
    ASSERT_EQ(infos.size(), 1u);
    EXPECT_EQ(infos[0].schema_name, "Order.schema");
    EXPECT_EQ(infos[0].source, "orders");
    EXPECT_EQ(infos[0].detail_type, "OrderPlaced");
    EXPECT_EQ(infos[0].content, kUnboundSchema) << "the file as written";
    EXPECT_TRUE(registry.check(event("orders", "OrderPlaced", R"({"orderId": "o-1"})")).ok());
    auto broken = registry.check(event("orders", "OrderPlaced", "{}"));
    EXPECT_TRUE(broken.has_schema);
    EXPECT_FALSE(broken.ok());
    EXPECT_FALSE(registry.check(event("orders", "OrderShipped", "{}")).has_schema);
}

TEST_F(SchemaBindings, WithoutBindingsAnUnboundSchemaIsStillRefused) {
    std::string message = refusal();
    EXPECT_NE(message.find("Order.schema.json"), std::string::npos) << message;
    EXPECT_NE(message.find("does not say which events it describes"), std::string::npos) << message;
}

TEST_F(SchemaBindings, ABindingTheDocumentContradictsIsRefused) {
    std::filesystem::remove(folder / "Order.schema.json");
    write("Pinned.json", R"({"properties": {"source": {"const": "a"}, "detail-type": {"const": "b"}}})");
    write("bindings.json", R"([{"source": "c", "detailType": "d", "schema": "Pinned.json"}])");
    const std::string message = refusal();
    EXPECT_NE(message.find("Pinned.json"), std::string::npos) << message;
    EXPECT_NE(message.find("the document pins source 'a'"), std::string::npos) << message;
}

TEST_F(SchemaBindings, ABindingTheDocumentAgreesWithLoads) {
    std::filesystem::remove(folder / "Order.schema.json");
    write("Pinned.json", R"({"properties": {"source": {"const": "a"}, "detail-type": {"const": "b"}}})");
    write("bindings.json", R"([{"source": "a", "detailType": "b", "schema": "Pinned.json"}])");
    EXPECT_EQ(refusal(), "");
}

TEST_F(SchemaBindings, BadBindingsFailNamingTheFileAndThePlace) {
    struct Case {
        std::string bindings, place, words;
    };
    const std::vector<Case> cases = {
        {"{", "", "bindings.json"},
        {R"({"source": "a"})", "", "must be an array"},
        {R"(["Order.schema.json"])", " at /0", "must be an object, not string"},
        {R"([{"source": "a", "detailType": "b"}])", " at /0", "missing \"schema\""},
        {R"([{"source": "a", "schema": "Order.schema.json"}])", " at /0", "missing \"detailType\""},
        {R"([{"source": "", "detailType": "b", "schema": "Order.schema.json"}])", " at /0/source",
         "must be a non-empty string"},
        {R"([{"source": "a", "detailType": 1, "schema": "Order.schema.json"}])", " at /0/detailType",
         "must be a non-empty string"},
        {R"([{"source": "a", "detail-type": "b", "schema": "Order.schema.json"}])", " at /0/detail-type",
         "unknown key \"detail-type\""},
        {R"([{"source": "a", "detailType": "b", "schema": "Missing.json"}])", " at /0/schema",
         "no schema file \"Missing.json\" in " + folder.string()},
        {R"([{"source": "a", "detailType": "b", "schema": "../Order.schema.json"}])", " at /0/schema",
         "is not the name of a *.json schema file of this folder"},
        {R"([{"source": "a", "detailType": "b", "schema": "notes.txt"}])", " at /0/schema",
         "is not the name of a *.json schema file of this folder"},
        {R"([{"source": "a", "detailType": "b", "schema": "Order.schema.json"},
             {"source": "c", "detailType": "d", "schema": "Order.schema.json"}])",
         " at /1/schema", "schema \"Order.schema.json\" is bound twice"},
        {R"([{"source": "a", "detailType": "b", "schema": "Order.schema.json"},
             {"source": "a", "detailType": "b", "schema": "Other.json"}])",
         " at /1", "source \"a\" and detailType \"b\" are bound twice"},
    };
    write("Other.json", kUnboundSchema);
    write("notes.txt", "not a schema");
    for (const Case& c : cases) {
        write("bindings.json", c.bindings);
        std::string message = refusal();
        EXPECT_EQ(message.rfind(bindings_file() + c.place + ": ", 0), 0u) << c.bindings << "\n" << message;
        EXPECT_NE(message.find(c.words), std::string::npos) << c.bindings << "\n" << message;
    }
}

// The example's folder: the team's OrderCancellationUpdated.schema.json as they
// wrote it (tests/CMakeLists.txt compares it with ../shared's), bound by bindings.json.
TEST(ExampleSchemas, TheUneditedContractIsBound) {
    SchemaRegistry registry;
    registry.load_folder(kExampleSchemas);
    auto contract = registry.describe("discovered-schemas", "OrderCancellationUpdated.schema");
    ASSERT_TRUE(contract);
    EXPECT_EQ(contract->source, "vehicle-orders.order-cancellation");
    EXPECT_EQ(contract->detail_type, "OrderCancellationUpdated");
    EXPECT_EQ(registry.list().size(), 1u);
    auto missing_detail = registry.check(event("vehicle-orders.order-cancellation", "OrderCancellationUpdated", "{}"));
    EXPECT_TRUE(missing_detail.has_schema);
    EXPECT_FALSE(missing_detail.ok());
}

}  // namespace
}  // namespace stepwise::events
