// Test files read into suites (docs/testing.md): every key typed, every
// mistake an error naming the line and the pointer.
#include "testing/suite.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "json/parse.h"

using namespace stepwise;
namespace fs = std::filesystem;
namespace tst = stepwise::testing;

namespace {

class SuiteFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("stepwise-suite-test-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        write("m.asl.json", R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})");
        write("in.json", R"({"from": "file"})");
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) {
        std::ofstream((dir_ / name).string()) << text;
        return (dir_ / name).string();
    }
    // The message of the SuiteError reading `text` throws, "" when it reads.
    std::string error_of(const std::string& text, const std::string& name = "s.test.yaml") {
        try {
            tst::load_suite(write(name, text));
            return "";
        } catch (const tst::SuiteError& e) {
            return e.what();
        }
    }

    fs::path dir_;
};

TEST_F(SuiteFiles, ReadsCasesWithDefaults) {
    tst::Suite suite = tst::load_suite(write("s.test.yaml", R"(definition: m.asl.json
defaults:
  inputFile: in.json
  seed: 7
cases:
  - name: one
    expect:
      status: FAILED
      error: Boom
      duration: 1m 30s
      states:
        P: {calls: 0, outputIncludes: {a: 1}}
  - name: two
    input: {inline: true}
    executionType: EXPRESS
)"));
    ASSERT_EQ(suite.cases.size(), 2u);
    const tst::TestCaseSpec& one = suite.cases[0];
    EXPECT_EQ(one.input, json::parse(R"({"from": "file"})"));
    EXPECT_EQ(one.seed, 7u);
    EXPECT_EQ(one.expect.status, "FAILED");
    EXPECT_EQ(one.expect.duration_ms, 90'000);
    ASSERT_EQ(one.expect.states.size(), 1u);
    EXPECT_EQ(one.expect.states[0].calls, 0);
    const tst::TestCaseSpec& two = suite.cases[1];
    EXPECT_EQ(two.input, json::parse(R"({"inline": true})"));
    EXPECT_EQ(two.express, true);
    EXPECT_EQ(one.express, std::nullopt) << "the definition's type, unless the case names one";
    EXPECT_EQ(two.expect.status, "SUCCEEDED") << "a case expects success unless it says otherwise";
    EXPECT_EQ(two.start_ms, 1735689600000) << "2025-01-01T00:00:00Z: runs are reproducible by default";
}

TEST_F(SuiteFiles, AMisspelledKeyNamesItsLineAndTheKeyMeant) {
    EXPECT_EQ(error_of("definition: m.asl.json\ncases:\n  - name: one\n    expect:\n      outputInclude: {}\n"),
              (dir_ / "s.test.yaml").string() + ":5:7: /cases/0/expect/outputInclude: unknown key (did you mean outputIncludes?)");
}

TEST_F(SuiteFiles, JsonFilesRejectAKeyGivenTwice) {
    std::string error = error_of(R"({"definition": "m.asl.json", "cases": [{"name": "a", "name": "b"}]})", "s.test.json");
    EXPECT_NE(error.find("s.test.json:1:54: the member \"name\" is given twice"), std::string::npos) << error;
}

TEST_F(SuiteFiles, JsonFilesAreLocatedToo) {
    std::string error = error_of(R"({"definition": "m.asl.json", "cases": [{"name": "one", "expect": {"status": "DONE"}}]})", "s.test.json");
    EXPECT_NE(error.find("s.test.json:1:"), std::string::npos) << error;
    EXPECT_NE(error.find("/cases/0/expect/status: expected SUCCEEDED, FAILED, TIMED_OUT or ABORTED"), std::string::npos) << error;
}

TEST_F(SuiteFiles, MistakesThatWouldOtherwiseBeIgnored) {
    auto has = [&](const std::string& text, const std::string& part) {
        std::string error = error_of(text);
        EXPECT_NE(error.find(part), std::string::npos) << "for:\n" << text << "\ngot: " << error;
    };
    has("cases:\n  - name: one\n", "give definition (an ASL file) or template with stateMachine");
    has("definition: missing.asl.json\ncases:\n  - name: one\n", "/definition: no file");
    has("definition: m.asl.json\ncases: []\n", "/cases: needs cases");
    has("definition: m.asl.json\ncases:\n  - input: {}\n", "/cases/0: a case needs a name");
    has("definition: m.asl.json\ncases:\n  - name: a\n  - name: a\n", "/cases/1/name: \"a\" is also the name of /cases/0");
    has("definition: m.asl.json\ncases:\n  - name: a\n    input: {}\n    inputFile: in.json\n", "input and inputFile: give one");
    has("definition: m.asl.json\ncases:\n  - name: a\n    testCase: Happy\n", "names a test case, but the suite has no mockConfig");
    has("definition: m.asl.json\ncases:\n  - name: a\n    expect:\n      outputSatisfies: [\"{% $.a = %}\"]\n", "JSONata:");
    has("definition: m.asl.json\ncases:\n  - name: a\n    expect:\n      outputSatisfies: [{path: \"$.a[\", equals: 1}]\n", "JSONPath:");
    has("definition: m.asl.json\ncases:\n  - name: a\n    expect:\n      outputSatisfies: [\"$.a == 1\"]\n", "a predicate is a JSONata expression");
    has("definition: m.asl.json\ncases:\n  - name: a\n    expect:\n      duration: soon\n", "expected a duration");
    has("definition: m.asl.json\ncases:\n  - name: a\n    expect:\n      states: {P: {}}\n", "/cases/0/expect/states/P: says nothing to check");
    has("definition: m.asl.json\ncases:\n  - name: a\n    expect:\n      events: [{count: 1}]\n", "needs pattern");
    has("definition: m.asl.json\ncases:\n  - name: a\n    mocks: {P: {}}\n", "/cases/0/mocks/P: expected {Return: value}");
    has("definition: m.asl.json\ncases:\n  - name: a\n    startTime: yesterday\n", "expected an RFC 3339 timestamp");
    has("definition: m.asl.json\ncases:\n  - name: a\n    seed: -1\n", "/cases/0/seed: expected a whole number");
    has("definition: m.asl.json\ncases:\n  - name: a\n    input: !Ref X\n", "a YAML tag (!Ref) has no meaning");
    has("definition: m.asl.json\ncases:\n  - name: a\n   input: {}\n", "s.test.yaml:4:");
    has("definition: m.asl.json\ncases:\n  - name: a\n    expect: {status: FAILED}\n    expect: {status: SUCCEEDED}\n",
        "s.test.yaml:5:5: /cases/0/expect: the key \"expect\" is given twice");
    has("definition: m.asl.json\ncases:\n  - name: a\n    expect:\n      states: {P: {entry: 1}}\n",
        "/cases/0/expect/states/P/entry: picks an entry, but nothing of it is checked");
    has("definition: m.asl.json\ndefaults:\n  expect: {status: FAILED}\ncases:\n  - name: a\n",
        "/defaults/expect: unknown key");
    has("definition: m.asl.json\ncases:\n  - name: a\n    mocks: {P: {Retrun: 1}}\n",
        "/cases/0/mocks/P/Retrun: expected Return, Throw, or invocation keys such as \"0\" or \"1-2\" (did you mean Return?)");
    has("definition: m.asl.json\ncases:\n  - name: a\n    mocks: {P: {Return: 1, \"1\": {Return: 2}}}\n",
        "/cases/0/mocks/P/1: a response for every call holds Return or Throw, nothing else");
}

TEST(SuiteDurations, Forms) {
    EXPECT_EQ(tst::parse_duration_ms("90s"), 90'000);
    EXPECT_EQ(tst::parse_duration_ms("2h 5m"), 7'500'000);
    EXPECT_EQ(tst::parse_duration_ms("1d"), 86'400'000);
    EXPECT_EQ(tst::parse_duration_ms("1.5s"), 1'500);
    EXPECT_EQ(tst::parse_duration_ms("250ms"), 250);
    EXPECT_EQ(tst::parse_duration_ms("0s"), 0);
    EXPECT_FALSE(tst::parse_duration_ms(""));
    EXPECT_FALSE(tst::parse_duration_ms("5"));
    EXPECT_FALSE(tst::parse_duration_ms("5 weeks"));
    EXPECT_FALSE(tst::parse_duration_ms("s"));
    EXPECT_FALSE(tst::parse_duration_ms("1.2.3s"));
}

}  // namespace
