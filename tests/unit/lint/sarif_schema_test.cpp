// `stepwise lint --format sarif` against the official SARIF 2.1.0 JSON schema
// (data/sarif-schema-2.1.0.json, draft-07), validated with valijson the way
// the event schema registry validates events. A mutated report must fail, so
// the schema's keywords are known to be applied.
#include "events/schema/compiler.h"  // first: prepares valijson's headers
#include "events/schema/violation.h"

#include <valijson/validator.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "json/parse.h"
#include "json/write.h"
#include "lint/report.h"
#include "lint_test_util.h"

namespace stepwise::lint {
namespace {

const json::Value& schema_document() {
    static const json::Value document =
        json::parse_file(std::string(STEPWISE_SOURCE_DIR) + "/tests/unit/lint/data/sarif-schema-2.1.0.json");
    return document;
}

struct CompiledSchema {
    valijson::Schema schema;
    CompiledSchema() { events::compile_schema(schema_document(), events::JsonSchemaDraft::Draft7, schema); }
};

// "pointer: message (keyword)" for each place the log breaks the schema; empty when it fits.
std::vector<events::SchemaViolation> violations(const json::Value& log) {
    static const CompiledSchema compiled;
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    const bool valid = validator.validate(
        compiled.schema, events::SchemaJsonAdapter(log, events::integer_reading(events::JsonSchemaDraft::Draft7)),
        &results);
    auto found = events::describe_violations(results, schema_document(), log);
    if (!valid && found.empty()) found.push_back({"", "schema", "does not match the schema"});
    return found;
}

std::string describe(const std::vector<events::SchemaViolation>& found) {
    std::string out;
    for (const auto& v : found) out += "\n  " + v.message;
    return out;
}

json::Value sarif_of(const std::vector<FileReport>& reports) { return sarif_report(reports, "1.2.3"); }

// A definition AWS accepts and no rule objects to.
constexpr const char* kClean = R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}})";
// AWS refuses it: Next names no state (MISSING_TRANSITION_TARGET at 4:21).
constexpr const char* kRefused = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}\n  }\n}";
// Compiles; its Comment names a rule that does not exist (lint-config, at a line and column).
constexpr const char* kBadSetting =
    "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"End\": true,\n"
    "        \"Comment\": \"stepwise-lint-disable no-such-rule\"}}}";

const json::Value& run_of(const json::Value& log) { return log.find("runs")->as_array()[0]; }
const json::Array& results_of(const json::Value& log) { return run_of(log).find("results")->as_array(); }

TEST(SarifSchema, ReportWithoutFindingsFitsAndStillListsItsResults) {
    FileReport report = test::lint_text(kClean);
    ASSERT_TRUE(report.findings.empty()) << ::testing::PrintToString(test::summary(report));
    json::Value log = sarif_of({report});
    auto found = violations(log);
    EXPECT_TRUE(found.empty()) << describe(found) << "\n" << json::dump(log);
    // The schema lets a run omit results only when it exports rules alone, not for a scan.
    ASSERT_NE(run_of(log).find("results"), nullptr);
    EXPECT_TRUE(results_of(log).empty());
}

TEST(SarifSchema, ReportWithNoFilesFits) {
    json::Value log = sarif_of({});
    auto found = violations(log);
    EXPECT_TRUE(found.empty()) << describe(found) << "\n" << json::dump(log);
}

TEST(SarifSchema, AwsRefusalsFitWithTheirCodeAsARule) {
    FileReport report = test::lint_text(kRefused);
    ASSERT_FALSE(report.compiled);
    ASSERT_FALSE(test::findings_of(report, "MISSING_TRANSITION_TARGET").empty());
    json::Value log = sarif_of({report});
    auto found = violations(log);
    EXPECT_TRUE(found.empty()) << describe(found) << "\n" << json::dump(log);
}

TEST(SarifSchema, FileThatIsNotJsonFitsPlacedAtALine) {
    FileReport report = test::lint_text("{\"StartAt\": ");
    ASSERT_FALSE(report.compiled);
    ASSERT_FALSE(report.findings.empty());
    json::Value log = sarif_of({report});
    auto found = violations(log);
    EXPECT_TRUE(found.empty()) << describe(found) << "\n" << json::dump(log);
}

TEST(SarifSchema, FindingAtLineAndColumnFitsWithThatRegion) {
    FileReport report = test::lint_text(kBadSetting);
    ASSERT_TRUE(report.compiled);
    auto settings = test::findings_of(report, "lint-config");
    ASSERT_EQ(settings.size(), 1u);
    ASSERT_GT(settings[0].position.line, 1u);
    ASSERT_GT(settings[0].position.column, 1u);
    json::Value log = sarif_of({report});
    auto found = violations(log);
    EXPECT_TRUE(found.empty()) << describe(found) << "\n" << json::dump(log);

    ASSERT_EQ(results_of(log).size(), 1u);
    const json::Value& region =
        *results_of(log)[0].find("locations")->as_array()[0].find("physicalLocation")->find("region");
    EXPECT_EQ(region.find("startLine")->as_int(), static_cast<int64_t>(settings[0].position.line));
    EXPECT_EQ(region.find("startColumn")->as_int(), static_cast<int64_t>(settings[0].position.column));
}

TEST(SarifSchema, SeveralFilesFitInOneRunEachResultNamingItsFileAndRule) {
    std::vector<FileReport> reports{test::lint_text(kClean, {}, "clean.asl.json"),
                                    test::lint_text(kRefused, {}, "machines/refused.asl.json"),
                                    test::lint_text(kBadSetting, {}, "machines/setting.asl.json"),
                                    test::lint_text("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n", {},
                                                    "machines/refused.asl.yaml")};
    json::Value log = sarif_of(reports);
    auto found = violations(log);
    EXPECT_TRUE(found.empty()) << describe(found) << "\n" << json::dump(log);

    ASSERT_EQ(log.find("runs")->size(), 1u);
    std::vector<std::string> uris;
    for (const FileReport& report : reports)
        for (size_t i = 0; i < report.findings.size(); ++i) uris.push_back(report.path);
    const json::Array& results = results_of(log);
    ASSERT_EQ(results.size(), uris.size());
    const json::Array& rules = run_of(log).find("tool")->find("driver")->find("rules")->as_array();
    for (size_t i = 0; i < results.size(); ++i) {
        const json::Value& result = results[i];
        EXPECT_EQ(result.find("locations")->as_array()[0].find("physicalLocation")->find("artifactLocation")->find("uri")
                      ->as_string(),
                  uris[i]);
        // SARIF 3.27.6: ruleIndex, when given, is the index of the rule whose id is ruleId.
        const int64_t index = result.find("ruleIndex")->as_int();
        ASSERT_LT(static_cast<size_t>(index), rules.size());
        EXPECT_EQ(rules[static_cast<size_t>(index)].find("id")->as_string(), result.find("ruleId")->as_string());
    }
}

// What GitHub code scanning needs of each rule and result, beyond the schema, that
// the report gives (the list is at
// https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning).
TEST(SarifSchema, CodeScanningFindsTheToolRuleMessageFileAndLineOfEachResult) {
    json::Value log = sarif_of({test::lint_text(kRefused), test::lint_text(kBadSetting, {}, "setting.asl.json")});
    const json::Value& driver = *run_of(log).find("tool")->find("driver");
    EXPECT_FALSE(driver.find("name")->as_string().empty());
    for (const json::Value& rule : driver.find("rules")->as_array()) {
        EXPECT_FALSE(rule.find("id")->as_string().empty());
        ASSERT_NE(rule.find("shortDescription"), nullptr) << json::dump(rule);
        EXPECT_FALSE(rule.find("shortDescription")->find("text")->as_string().empty()) << json::dump(rule);
    }
    ASSERT_GE(results_of(log).size(), 2u);
    for (const json::Value& result : results_of(log)) {
        ASSERT_NE(result.find("ruleId"), nullptr) << json::dump(result);
        ASSERT_NE(result.find("message")->find("text"), nullptr) << json::dump(result);
        ASSERT_EQ(result.find("locations")->size(), 1u) << json::dump(result);
        const json::Value& physical = *result.find("locations")->as_array()[0].find("physicalLocation");
        ASSERT_NE(physical.find("artifactLocation")->find("uri"), nullptr) << json::dump(result);
        ASSERT_NE(physical.find("region")->find("startLine"), nullptr) << json::dump(result);
    }
}

// artifactLocation.uri has "format": "uri-reference" (RFC 3986), which valijson
// does not check: a file name with a space or a '#' must be percent-encoded, or
// the reference names another file (or none).
TEST(SarifSchema, FilePathIsWrittenAsAUriReference) {
    json::Value log = sarif_of({test::lint_text(kRefused, {}, "state machines/order#2.asl.json")});
    ASSERT_FALSE(results_of(log).empty());
    for (const json::Value& result : results_of(log)) {
        const json::Value& physical = *result.find("locations")->as_array()[0].find("physicalLocation");
        EXPECT_EQ(std::string(physical.find("artifactLocation")->find("uri")->as_string()),
                  "state%20machines/order%232.asl.json");
    }
}

// The log with `change` applied to its first result.
json::Value with_first_result(json::Value log, void (*change)(json::Object& result)) {
    json::Value& run = log.mutable_object().find("runs")->mutable_array()[0];
    change(run.mutable_object().find("results")->mutable_array()[0].mutable_object());
    return log;
}

json::Object& region_of(json::Object& result) {
    json::Value& location = result.find("locations")->mutable_array()[0];
    return location.mutable_object().find("physicalLocation")->mutable_object().find("region")->mutable_object();
}

struct Breakage {
    const char* name;
    void (*change)(json::Object& result);
    const char* path;     // where the schema must object
    const char* keyword;  // and by which keyword
};

const Breakage kBreakages[] = {
    {"level outside its enum", [](json::Object& r) { r.set("level", "fatal"); }, "/runs/0/results/0/level", "enum"},
    {"unknown property in region", [](json::Object& r) { region_of(r).set("startline", int64_t{3}); },
     "/runs/0/results/0/locations/0/physicalLocation/region/startline", "additionalProperties"},
    {"startLine 0", [](json::Object& r) { region_of(r).set("startLine", int64_t{0}); },
     "/runs/0/results/0/locations/0/physicalLocation/region/startLine", "minimum"},
    {"startColumn a string", [](json::Object& r) { region_of(r).set("startColumn", "4"); },
     "/runs/0/results/0/locations/0/physicalLocation/region/startColumn", "type"},
    {"result without message", [](json::Object& r) { r.erase("message"); }, "/runs/0/results/0/message", "required"},
    {"message with neither text nor id", [](json::Object& r) { r.set("message", json::Object{{"markdown", "x"}}); },
     "/runs/0/results/0/message", "anyOf"},
};

TEST(SarifSchema, BrokenReportsAreRefusedAtTheBrokenPlace) {
    const json::Value log = sarif_of({test::lint_text(kBadSetting)});
    ASSERT_TRUE(violations(log).empty()) << describe(violations(log));
    for (const Breakage& breakage : kBreakages) {
        auto found = violations(with_first_result(log, breakage.change));
        bool named = false;
        for (const auto& v : found) named = named || (v.path == breakage.path && v.rule == breakage.keyword);
        EXPECT_TRUE(named) << breakage.name << ": expected " << breakage.keyword << " at " << breakage.path
                           << ", found:" << describe(found);
    }
}

TEST(SarifSchema, WrongVersionIsRefused) {
    json::Value log = sarif_of({});
    log.mutable_object().set("version", "2.1.1");
    auto found = violations(log);
    ASSERT_EQ(found.size(), 1u) << describe(found);
    EXPECT_EQ(found[0].path, "/version");
    EXPECT_EQ(found[0].rule, "enum");
}

}  // namespace
}  // namespace stepwise::lint
