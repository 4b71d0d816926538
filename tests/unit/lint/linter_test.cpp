// The lint framework: compile errors as findings, positions, settings.
#include "lint/linter.h"
#include "lint/report.h"

#include <gtest/gtest.h>

#include "lint_test_util.h"

namespace stepwise::lint {
namespace {

TEST(Linter, WhatAwsRefusesIsAnErrorAtItsLineAndNoRuleRuns) {
    FileReport report = test::lint_text("{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}\n  }\n}");
    EXPECT_FALSE(report.compiled);
    ASSERT_EQ(test::findings_of(report, "MISSING_TRANSITION_TARGET").size(), 1u);
    Finding f = test::findings_of(report, "MISSING_TRANSITION_TARGET")[0];
    EXPECT_EQ(f.severity, Severity::Error);
    EXPECT_EQ(f.pointer, "/States/A/Next");
    EXPECT_EQ(f.position.line, 4u);
}

TEST(Linter, StatesOnPointerNamesEveryStateOutermostFirst) {
    EXPECT_EQ(states_on_pointer("/States/P/Branches/0/States/B~1C/Next"), (std::vector<std::string>{"P", "B/C"}));
    EXPECT_TRUE(states_on_pointer("").empty());
}

TEST(Linter, YamlDefinitionsArePlacedInTheYamlFile) {
    FileReport report = test::lint_text("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n", {}, "m.asl.yaml");
    auto found = test::findings_of(report, "MISSING_TRANSITION_TARGET");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].position.line, 5u);
    EXPECT_EQ(found[0].position.column, 5u);
}

TEST(Linter, CommentNamingNoRuleIsAnError) {
    FileReport report = test::lint_text(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true,
        "Comment": "stepwise-lint-disable no-such-rule"}}})");
    auto found = test::findings_of(report, "lint-config");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].pointer, "/States/A/Comment");
}

TEST(LintConfig, UnknownRulesAndLevelsAreRefusedNamingThePlace) {
    EXPECT_THROW(LintConfig::from_json(json::Object{{"rules", json::Object{{"no-such-rule", "off"}}}}, "stepwise.json"),
                 LintConfigError);
    EXPECT_THROW(LintConfig::from_json(json::Object{{"colour", true}}, "stepwise.json"), LintConfigError);
    try {
        LintConfig::from_json(json::Object{{"states", json::Object{{"A", json::Array{"nope"}}}}}, "stepwise.json");
        FAIL();
    } catch (const LintConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("stepwise.json /lint/states/A/0"), std::string::npos) << e.what();
    }
}

TEST(LintConfig, DisabledInCommentReadsTheRulesAfterTheMarker) {
    auto off = disabled_in_comment("Charges the card. stepwise-lint-disable a-rule, b-rule\nmore text");
    EXPECT_EQ(off, (std::set<std::string, std::less<>>{"a-rule", "b-rule"}));
    EXPECT_TRUE(disabled_in_comment("nothing here").empty());
    // The reason after "--", or after a word no rule id looks like, is not read as rules.
    EXPECT_EQ(disabled_in_comment("stepwise-lint-disable a-rule -- the handler is idempotent"),
              (std::set<std::string, std::less<>>{"a-rule"}));
    EXPECT_EQ(disabled_in_comment("stepwise-lint-disable a-rule — flaky handler"),
              (std::set<std::string, std::less<>>{"a-rule"}));
}

}  // namespace
}  // namespace stepwise::lint

namespace stepwise::lint {
namespace {

// A name in the definition cannot send escape sequences to the terminal.
TEST(TextReport, ControlCharactersOfTheDefinitionAreShownEscaped) {
    FileReport report = test::lint_text("{\"StartAt\": \"A\\u001b[2J\", \"States\": {\"A\\u001b[2J\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}");
    std::string text = text_report({report}, false);
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_NE(text.find("A\\x1b[2J"), std::string::npos) << text;
}

}  // namespace
}  // namespace stepwise::lint
