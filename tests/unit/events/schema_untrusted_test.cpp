// Schemas and events that used to end the process (issue 11): a `pattern`
// checked against a long string (std::regex inside valijson overflowed the
// stack), and `$ref`s that loop (valijson recursed forever). Both are now
// bounded: patterns run on the linear-time engine, loops are refused when the
// schema is registered.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "events/schema/ref_cycles.h"
#include "events/schema/registry.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

// A draft 7 envelope for source "shop" / detail-type "Note" whose detail is `detail_schema`.
json::Value schema_with_detail(const std::string& detail_schema, const std::string& extra = "") {
    return json::parse(R"({"$schema": "http://json-schema.org/draft-07/schema#",)" + extra +
                       R"("properties": {"source": {"const": "shop"}, "detail-type": {"const": "Note"},
                        "detail": )" + detail_schema + "}}");
}

json::Value note(const std::string& text) {
    json::Object detail;
    detail.set("text", json::Value(text));
    json::Object event;
    event.set("source", json::Value("shop"));
    event.set("detail-type", json::Value("Note"));
    event.set("detail", json::Value(std::move(detail)));
    return json::Value(std::move(event));
}

std::string add_error(SchemaRegistry& registry, const json::Value& schema) {
    try {
        registry.add("r", "S", schema);
    } catch (const SchemaError& e) {
        return e.what();
    }
    return "";
}

TEST(SchemaPattern, ALongStringIsCheckedWithoutEndingTheProcess) {
    SchemaRegistry registry;
    registry.add("r", "S", schema_with_detail(R"json({"properties": {"text": {"type": "string", "pattern": "^(a|b)*$"}}})json"));
    std::string text(100'000, 'a');
    for (size_t i = 0; i < text.size(); i += 3) text[i] = 'b';
    EXPECT_TRUE(registry.check(note(text)).ok());
    auto result = registry.check(note(text + "c"));
    ASSERT_EQ(result.violations.size(), 1u);
    EXPECT_EQ(result.violations[0].message, R"json(/detail/text: must match the pattern "^(a|b)*$" (pattern))json");
}

TEST(SchemaPattern, BacktrackingPatternsFinish) {
    SchemaRegistry registry;
    registry.add("r", "S", schema_with_detail(R"json({"properties": {"text": {"pattern": "^(a*)*b$"}}})json"));
    EXPECT_FALSE(registry.check(note(std::string(30, 'a'))).ok());
    EXPECT_TRUE(registry.check(note(std::string(30, 'a') + "b")).ok());
}

// A pattern whose check would take seconds stops at its work budget and is
// reported as a violation, instead of holding the request's thread.
TEST(SchemaPattern, ACheckOverItsWorkBudgetIsAViolation) {
    SchemaRegistry registry;
    registry.add("r", "S", schema_with_detail(R"json({"properties": {"text": {"pattern": "(a|b|c|d|e|f|g){1,300}x"}}})json"));
    auto result = registry.check(note(std::string(256 * 1024, 'a')));
    ASSERT_EQ(result.violations.size(), 1u);
    EXPECT_NE(result.violations[0].message.find("exceeded its work budget"), std::string::npos)
        << result.violations[0].message;
}

// JSON Schema patterns are ECMA-262 regexes, searched anywhere in the string.
TEST(SchemaPattern, EcmaScriptSyntaxUnanchored) {
    SchemaRegistry registry;
    registry.add("r", "S", schema_with_detail(R"({"properties": {"text": {"pattern": "\\d{3}-[A-Z]+"}}})"));
    EXPECT_TRUE(registry.check(note("ref 123-AB here")).ok());
    EXPECT_FALSE(registry.check(note("ref 12-AB")).ok());
}

TEST(SchemaPattern, UnsupportedPatternsAreRefusedWhenRegistered) {
    SchemaRegistry registry;
    std::string error = add_error(registry, schema_with_detail(R"json({"properties": {"text": {"pattern": "(a)\\1"}}})json"));
    EXPECT_EQ(error.rfind("schema r/S does not compile: ", 0), 0u) << error;
    EXPECT_NE(error.find("back-references are not supported"), std::string::npos) << error;
    error = add_error(registry, schema_with_detail(R"json({"properties": {"text": {"pattern": "a(?=b)"}}})json"));
    EXPECT_NE(error.find("look-around"), std::string::npos) << error;
    EXPECT_TRUE(registry.list().empty());
}

// valijson still matches patternProperties with std::regex, which recursed per
// character of a property name: names past 256 bytes are a violation instead.
TEST(SchemaPatternProperties, OverlongPropertyNamesAreAViolation) {
    SchemaRegistry registry;
    registry.add("r", "S", schema_with_detail(R"json({"patternProperties": {"^(a|b)*$": {"type": "string"}}})json"));
    EXPECT_TRUE(registry.check(note("x")).ok());
    json::Value event = note("x");
    event.mutable_object().find("detail")->mutable_object().set("ab", json::Value(1));
    EXPECT_FALSE(registry.check(event).ok());  // "ab" matches: its value must be a string
    std::string name(100'000, 'a');
    for (size_t i = 1; i < name.size(); i += 2) name[i] = 'b';
    json::Value overlong = note("x");
    overlong.mutable_object().find("detail")->mutable_object().set(name, json::Value("s"));
    auto result = registry.check(overlong);
    ASSERT_EQ(result.violations.size(), 1u);
    EXPECT_EQ(result.violations[0].rule, "patternProperties");
    EXPECT_EQ(result.violations[0].path, "/detail");
}

TEST(SchemaRefCycles, LoopsThatNeverStepIntoTheValueAreRefused) {
    SchemaRegistry registry;
    std::string error = add_error(registry, schema_with_detail(R"({"$ref": "#/definitions/a"})",
                                                               R"("definitions": {"a": {"$ref": "#/definitions/b"},
                                                                                  "b": {"$ref": "#/definitions/a"}},)"));
    EXPECT_EQ(error.rfind("schema r/S: $refs loop", 0), 0u) << error;
    EXPECT_NE(error.find("#/definitions/a -> #/definitions/b -> #/definitions/a"), std::string::npos) << error;

    error = add_error(registry, schema_with_detail(R"({"$ref": "#/definitions/self"})",
                                                   R"("definitions": {"self": {"allOf": [{"$ref": "#/definitions/self"}]}},)"));
    EXPECT_NE(error.find("#/definitions/self -> #/definitions/self/allOf/0 -> #/definitions/self"), std::string::npos)
        << error;
    EXPECT_NE(add_error(registry, json::parse(R"({"$ref": "#"})")), "");
    EXPECT_TRUE(registry.list().empty());
}

TEST(SchemaRefCycles, RecursionThroughPropertiesIsKept) {
    const auto tree = schema_with_detail(R"({"$ref": "#/definitions/node"})",
                                         R"("definitions": {"node": {"type": "object",
                                             "properties": {"text": {"type": "string"},
                                                            "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}},)");
    EXPECT_EQ(find_ref_cycle(tree), std::nullopt);
    SchemaRegistry registry;
    registry.add("r", "Tree", tree);
    EXPECT_TRUE(registry.check(note("x")).ok());
}

TEST(SchemaRefCycles, ASchemaFolderNamesTheFile) {
    const auto folder = std::filesystem::temp_directory_path() / ("stepwise-cycles-" + std::to_string(::getpid()));
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "Loop.json") << R"({"definitions": {"a": {"$ref": "#/definitions/a"}},
        "properties": {"source": {"const": "s"}, "detail-type": {"const": "d"}, "detail": {"$ref": "#/definitions/a"}}})";
    SchemaRegistry registry;
    try {
        registry.load_folder(folder);
        FAIL() << "expected SchemaError";
    } catch (const SchemaError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find((folder / "Loop.json").string() + ": "), std::string::npos) << message;
        EXPECT_NE(message.find("#/definitions/a -> #/definitions/a"), std::string::npos) << message;
    }
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace stepwise::events
