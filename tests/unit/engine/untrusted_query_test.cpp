// JSONata that used to end the process or hold a thread (issue 11) fails the
// state with States.QueryEvaluationError instead, in executions and TestState.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (States.QueryEvaluationError)
#include <gtest/gtest.h>

#include "driver.h"
#include "engine/test_state.h"
#include "json/parse.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

json::Value long_text_input() {
    std::string s(100'000, 'a');
    for (size_t i = 1; i < s.size(); i += 2) s[i] = 'b';
    json::Object o;
    o.set("s", json::Value(s));
    return json::Value(std::move(o));
}

std::string pass_with_output(const std::string& expression) {
    return R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {"x": "{% )" + expression + R"( %}"}, "End": true}}})";
}

}  // namespace

// std::regex overflowed the stack here; the execution was resumed at every restart.
TEST(UntrustedQuery, RegexOverALongInputSucceeds) {
    auto r = run(pass_with_output("[$contains($states.input.s, /^[ab]*$/), $length($match($states.input.s, /(a|b)*/).match)]"),
                 long_text_input());
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(json::dump(r.output()), R"({"x":[true,100000]})");
}

TEST(UntrustedQuery, PadToAGigabyteIsAQueryEvaluationError) {
    auto r = run(pass_with_output("$pad('x', 1e9)"), json::Object{});
    EXPECT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.QueryEvaluationError");
    EXPECT_NE(r.cause().find("U1001: $pad would take the expression past its output budget of 128 MiB"), std::string::npos)
        << r.cause();
}

// Regex literals compile with the definition: an unsupported one is a definition error, never a crash.
TEST(UntrustedQuery, UnsupportedRegexFailsTheDefinition) {
    auto r = asl::compile(std::string_view(pass_with_output("$contains('aa', /(a)\\\\1/)")));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.errors[0].to_string().find(
                  "INVALID_JSONATA_EXPRESSION: Invalid regular expression /(a)\\1/: back-references are not supported"),
              std::string::npos)
        << r.errors[0].to_string();
}

TEST(UntrustedQuery, TestStateReportsTheBound) {
    auto definition = engine::compile_test_state(R"({"QueryLanguage": "JSONata", "Type": "Pass",
        "Output": "{% $pad('x', 1e9) %}", "End": true})");
    ASSERT_TRUE(definition.machine);
    engine::TestStateRequest request;
    request.state = definition.state;
    request.input = json::Object{};
    auto result = engine::test_state(definition.machine, request);
    EXPECT_EQ(result.status, engine::TestStatus::Failed);
    EXPECT_EQ(result.error.value_or(""), "States.QueryEvaluationError");
    EXPECT_NE(result.cause.value_or("").find("output budget"), std::string::npos);
}
