// `$ref`s from one schema to another of the same registry: the forms a relative
// URI naming another local document takes (JSON Schema draft-04 section 7,
// https://datatracker.ietf.org/doc/html/draft-zyp-json-schema-04#section-7;
// AWS documents no cross-schema references), resolved against each schema's
// latest version, loops across schemas found, missing targets refused, and a
// change to a referenced schema applied to (or refused for) its dependants.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "events/schema/registry.h"
#include "events/schema/registry_refs.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

constexpr const char* kCommon = R"({"definitions": {"Money": {"type": "object", "required": ["amount"],
    "properties": {"amount": {"type": "number"}, "currency": {"$ref": "#/definitions/Currency"}}},
    "Currency": {"enum": ["EUR", "USD"]}}})";

std::string paid(const std::string& ref) {
    return R"({"x-amazon-events-source": "shop", "x-amazon-events-detail-type": "Paid",
      "properties": {"detail": {"properties": {"total": {"$ref": ")" + ref + R"("}}}}})";
}

json::Value event(const char* detail) {
    return json::parse(std::string(R"({"version":"0","id":"1","detail-type":"Paid","source":"shop","account":"1",)"
                                   R"("time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":)") +
                       detail + "}");
}

class RegistryRefs : public ::testing::Test {
protected:
    SchemaRegistry registry;
    void add_common(const char* text = kCommon) {
        registry.add_text("shop", "Common", text, std::nullopt, SchemaRegistry::Unbound::Keep);
    }
    std::string add_error(const std::string& name, const std::string& text) {
        try {
            registry.add_text("shop", name, text, std::nullopt, SchemaRegistry::Unbound::Keep);
        } catch (const SchemaError& e) {
            return e.what();
        }
        return "";
    }
};

TEST_F(RegistryRefs, EveryFormResolvesAndIsEnforced) {
    add_common();
    for (const char* ref : {"Common#/definitions/Money", "Common.json#/definitions/Money",
                            "./Common#/definitions/Money", "Comm%6Fn#/definitions/Money"}) {
        SCOPED_TRACE(ref);
        registry.add_text("shop", "Paid", paid(ref));
        EXPECT_TRUE(registry.check(event(R"({"total": {"amount": 1, "currency": "EUR"}})")).ok());
        const auto bad = registry.check(event(R"({"total": {"currency": "GBP"}})"));
        ASSERT_EQ(bad.violations.size(), 2u);
        EXPECT_EQ(bad.violations[1].path, "/detail/total/amount");
        // The message reads the enum from Common's schema.
        EXPECT_EQ(bad.violations[0].message, R"(/detail/total/currency: must be one of "EUR", "USD" (enum))");
    }
    EXPECT_EQ(registry.dependants("shop", "Common"), std::vector<std::string>{"Paid"});
    EXPECT_TRUE(registry.dependants("shop", "Paid").empty());
}

TEST_F(RegistryRefs, TheWholeOtherSchemaAndOpenApiComponents) {
    registry.add_text("shop", "Amount", R"({"type": "integer"})", std::nullopt, SchemaRegistry::Unbound::Keep);
    registry.add_text("shop", "Api", R"({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"AWSEvent": {"type": "object"}, "Sku": {"type": "string", "minLength": 3}}}})",
                      std::nullopt, SchemaRegistry::Unbound::Keep);
    registry.add_text("shop", "Paid", R"({"x-amazon-events-source": "shop", "x-amazon-events-detail-type": "Paid",
      "properties": {"detail": {"properties": {"n": {"$ref": "Amount"}, "sku": {"$ref": "Api#/components/schemas/Sku"}}}}})");
    EXPECT_TRUE(registry.check(event(R"({"n": 3, "sku": "abc"})")).ok());
    const auto bad = registry.check(event(R"({"n": 1.5, "sku": "ab"})"));
    ASSERT_EQ(bad.violations.size(), 2u);
}

TEST_F(RegistryRefs, MissingTargetsAndRemoteDocumentsAreRefusedByName) {
    add_common();
    EXPECT_NE(add_error("Paid", paid("Nowhere#/definitions/Money")).find("names schema Nowhere, which is not in the registry"),
              std::string::npos);
    EXPECT_NE(add_error("Paid", paid("Common#/definitions/Cash")).find("schema Common has nothing at #/definitions/Cash"),
              std::string::npos);
    EXPECT_NE(add_error("Paid", paid("https://example.com/money.json#/x")).find("remote document"), std::string::npos);
    EXPECT_NE(add_error("Paid", paid("Common#/definitions/Cash")).find("at Paid#/properties/detail/properties/total/$ref"),
              std::string::npos);
    EXPECT_FALSE(registry.describe("shop", "Paid"));
    // Another registry's schema of that name is not this registry's.
    registry.add_text("other", "Money", R"({"type": "object"})", std::nullopt, SchemaRegistry::Unbound::Keep);
    EXPECT_NE(add_error("Paid", paid("Money")).find("not in the registry"), std::string::npos);
}

TEST_F(RegistryRefs, SchemasOfAnotherDraftAreRefused) {
    registry.add_text("shop", "Seven", R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"})",
                      std::nullopt, SchemaRegistry::Unbound::Keep);
    EXPECT_NE(add_error("Paid", paid("Seven")).find("another JSON Schema draft"), std::string::npos);
}

TEST_F(RegistryRefs, LoopsAcrossSchemasAreFoundAndNamed) {
    registry.add_text("shop", "A", R"({"definitions": {"a": {"type": "object"}}})", std::nullopt,
                      SchemaRegistry::Unbound::Keep);
    registry.add_text("shop", "B", R"({"definitions": {"b": {"allOf": [{"$ref": "A#/definitions/a"}]}}})",
                      std::nullopt, SchemaRegistry::Unbound::Keep);
    // A's new version refers back to B without stepping into the value: B would loop.
    const std::string error =
        add_error("A", R"({"definitions": {"a": {"$ref": "B#/definitions/b"}}, "allOf": [{"$ref": "#/definitions/a"}]})");
    EXPECT_NE(error.find("loop"), std::string::npos) << error;
    EXPECT_NE(error.find("B#/definitions/b"), std::string::npos) << error;
    // Recursion through a property is fine across schemas too.
    EXPECT_EQ(add_error("A", R"({"definitions": {"a": {"properties": {"child": {"$ref": "B#/definitions/b"}}}}})"), "");
}

TEST_F(RegistryRefs, AChangeReachesDependantsOrIsRefused) {
    add_common();
    registry.add_text("shop", "Paid", paid("Common#/definitions/Money"));
    EXPECT_TRUE(registry.check(event(R"({"total": {"amount": 1.5}})")).ok());
    add_common(R"({"definitions": {"Money": {"type": "object", "properties": {"amount": {"type": "integer"}}}}})");
    EXPECT_FALSE(registry.check(event(R"({"total": {"amount": 1.5}})")).ok());
    EXPECT_EQ(registry.describe("shop", "Paid")->version, "1");  // recompiled, not a new version

    try {
        add_common(R"({"definitions": {}})");
        FAIL() << "a change Paid cannot compile against was accepted";
    } catch (const SchemaError& e) {
        EXPECT_NE(std::string(e.what()).find("schema shop/Paid refers to it"), std::string::npos) << e.what();
    }
    EXPECT_EQ(registry.describe("shop", "Common")->version, "2");  // the refused change left nothing
    EXPECT_FALSE(registry.check(event(R"({"total": {"amount": 1.5}})")).ok());
}

TEST_F(RegistryRefs, AFolderAddsWhatOthersReferToFirst) {
    const auto folder = std::filesystem::temp_directory_path() / ("stepwise-refs-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "AOrderPaid.json") << paid("ZCommon.json#/definitions/Money");
    std::ofstream(folder / "ZCommon.json")
        << R"({"x-amazon-events-source": "shop", "x-amazon-events-detail-type": "Common", "definitions": {
              "Money": {"type": "object", "required": ["amount"]}}})";
    registry.load_folder(folder, "shop");
    std::filesystem::remove_all(folder);
    EXPECT_FALSE(registry.check(event(R"({"total": {}})")).ok());
}

TEST_F(RegistryRefs, AChainOfReferencesIsBounded) {
    registry.add_text("shop", "S0", R"({"type": "object"})", std::nullopt, SchemaRegistry::Unbound::Keep);
    for (int i = 1; i <= 64; ++i)
        EXPECT_EQ(add_error("S" + std::to_string(i), R"({"properties": {"next": {"$ref": "S)" + std::to_string(i - 1) +
                                                          R"("}}})"),
                  "");
    EXPECT_NE(add_error("S65", R"({"properties": {"next": {"$ref": "S64"}}})").find("more than 64 other schemas"),
              std::string::npos);
}

// Each schema is up to 100,000 characters (the Schemas API's Content bound); the
// schemas one compiles with are bounded in all too, so that a dependant's
// compilation (and each recompilation when one it refers to changes) stays cheap.
TEST_F(RegistryRefs, TheSchemasOneRefersToAreBoundedInSize) {
    std::string big = R"({"definitions": {"T": {"type": "object", "properties": {)";
    for (int j = 0; j < 2000; ++j)
        big += (j ? "," : "") + std::string(R"("p)") + std::to_string(j) + R"(": {"type": "string"})";
    big += "}}}}";
    ASSERT_LT(big.size(), 100000u);
    std::string all_of;
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(add_error("B" + std::to_string(i), big), "");
        all_of += std::string(i ? "," : "") + R"({"$ref": "B)" + std::to_string(i) + R"(#/definitions/T"})";
    }
    EXPECT_EQ(add_error("Few", R"({"allOf": [{"$ref": "B0#/definitions/T"}, {"$ref": "B1#/definitions/T"}]})"), "");
    const std::string error = add_error("Many", R"({"allOf": [)" + all_of + "]}");
    EXPECT_NE(error.find("more than 400000 characters in all"), std::string::npos) << error;
    EXPECT_FALSE(registry.describe("shop", "Many"));
}

TEST(RegistryRefsBundle, EmbedsEachSchemaOnceAndNamesItsPlaces) {
    const auto common = json::parse(kCommon);
    const RegistryDocuments documents = [&](const std::string& name) -> std::optional<RegistryDocument> {
        if (name == "Common") return RegistryDocument{common, JsonSchemaDraft::Draft4};
        return std::nullopt;
    };
    const auto bundled = bundle_registry_refs(
        json::parse(R"({"properties": {"a": {"$ref": "Common#/definitions/Money"}, "b": {"$ref": "Common"},
                        "c": {"$ref": "#/properties/a"}}})"),
        JsonSchemaDraft::Draft4, "Self", documents);
    EXPECT_EQ(bundled.references, std::set<std::string>{"Common"});
    EXPECT_EQ(bundled.root.find("properties")->find("a")->find("$ref")->as_string(),
              "#/x-stepwise-registry-schemas/0/definitions/Money");
    EXPECT_EQ(bundled.root.find("properties")->find("b")->find("$ref")->as_string(), "#/x-stepwise-registry-schemas/0");
    EXPECT_EQ(bundled.root.find("properties")->find("c")->find("$ref")->as_string(), "#/properties/a");
    const json::Value* embedded = bundled.root.find("x-stepwise-registry-schemas")->find("0");
    EXPECT_EQ(embedded->find("definitions")->find("Money")->find("properties")->find("currency")->find("$ref")->as_string(),
              "#/x-stepwise-registry-schemas/0/definitions/Currency");
    EXPECT_EQ(name_bundled_places("#/x-stepwise-registry-schemas/0/definitions/Money -> #/a", bundled),
              "Common#/definitions/Money -> #/a");
}

}  // namespace
}  // namespace stepwise::events
