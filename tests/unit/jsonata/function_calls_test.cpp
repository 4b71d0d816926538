// Expression::function_calls and argument_range: the calls a linter checks
// against the library's signatures (https://docs.jsonata.org/programming#function-signatures),
// and Expression::variable_fields: the `$v.field` reads.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jsonata/expression.h"
#include "jsonata/signature.h"

using namespace stepwise;

namespace {
std::vector<std::string> calls_of(const std::string& text) {
    std::vector<std::string> out;
    for (const jsonata::FunctionCall& c : jsonata::Expression::compile(text).function_calls())
        out.push_back(c.name + "/" + std::to_string(c.arguments) + (c.bound_in_expression ? " bound" : ""));
    return out;
}
using Strings = std::vector<std::string>;
}  // namespace

TEST(JsonataFunctionCalls, EachCallWithItsArgumentsAsWritten) {
    EXPECT_EQ(calls_of("$sum($map($xs, function($x) { $x * 2 }))"), (Strings{"sum/1", "map/2"}));
    EXPECT_EQ(calls_of("Account.Order.$uppercase()"), Strings{"uppercase/0"});
    EXPECT_EQ(calls_of("$substring(?, 0, 2)"), Strings{"substring/3"});
    auto located = jsonata::Expression::compile("1 + $totl()").function_calls();
    ASSERT_EQ(located.size(), 1u);
    EXPECT_EQ(located[0].name, "totl");
    EXPECT_EQ(located[0].position, 9u);  // the lexer's position: just after the name
}

TEST(JsonataFunctionCalls, ThePipeOperatorPassesItsLeftSideFirst) {
    EXPECT_EQ(calls_of("$s ~> $substring(1, 2)"), Strings{"substring/3"});
    EXPECT_EQ(calls_of("$s ~> $trim"), Strings{"trim/1"});
}

TEST(JsonataFunctionCalls, NamesTheExpressionBindsAreMarked) {
    EXPECT_EQ(calls_of("($f := function($x) { $x }; $f(1))"), Strings{"f/1 bound"});
    EXPECT_EQ(calls_of("function($g) { $g(1, 2) }"), Strings{"g/2 bound"});
    EXPECT_EQ(calls_of("$f(1)"), Strings{"f/1"});
    EXPECT_EQ(calls_of("$()"), Strings{});
}

TEST(JsonataFunctionCalls, ArgumentRangeLeavesOutTheContextAndOptionalOnes) {
    auto substring = jsonata::library_function_arguments("substring");
    ASSERT_TRUE(substring);
    EXPECT_EQ(substring->min, 1u);  // <s-nn?:s>: the string may come from the context
    EXPECT_EQ(substring->max, 3u);
    auto zip = jsonata::library_function_arguments("zip");  // <a+>
    ASSERT_TRUE(zip);
    EXPECT_EQ(zip->min, 1u);
    EXPECT_EQ(zip->max, jsonata::ArgumentRange::kUnbounded);
    auto hash = jsonata::argument_range(jsonata::Signature::parse("<ss:s>"));
    EXPECT_EQ(hash.min, 2u);
    EXPECT_EQ(hash.max, 2u);
    EXPECT_FALSE(jsonata::library_function_arguments("totl"));
}

TEST(JsonataVariableFields, TheFieldRightAfterTheVariable) {
    auto fields = jsonata::Expression::compile("$states.result.Payload & $states.input & $x.y").variable_fields();
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_EQ(fields[0].variable, "states");
    EXPECT_EQ(fields[0].field, "result");
    EXPECT_EQ(fields[1].field, "input");
    EXPECT_EQ(fields[2].variable, "x");
    EXPECT_TRUE(jsonata::Expression::compile("$states[0].result & $states.*").variable_fields().empty());
}
