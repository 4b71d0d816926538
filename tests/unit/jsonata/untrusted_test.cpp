// Expressions and subjects that used to end or stall the process (issue 11):
// regexes over long strings (std::regex recursed per character and overflowed
// the stack), backtracking patterns, and evaluations that build without bound.
// Each now finishes, or fails with a JSONata error naming the bound (U1001),
// which the engine reports as States.QueryEvaluationError.
#include <gtest/gtest.h>

#include "jsonata/budget.h"
#include "jsonata/expression.h"
#include "json/parse.h"
#include "json/write.h"

using namespace stepwise;
using jsonata::Expression;

namespace {

// The bounds a state's expressions get (engine/variables.cpp).
jsonata::EvalOptions state_bounds() {
    jsonata::EvalOptions options;
    options.max_steps = 10'000'000;
    options.max_output_bytes = jsonata::kStateOutputBudget;
    return options;
}

std::string eval(const std::string& expr, const json::Value& input = json::Value(), const jsonata::EvalOptions& options = state_bounds()) {
    auto r = Expression::compile(expr).evaluate(&input, {}, options);
    return r ? json::dump(*r) : "undefined";
}

// "CODE: message" of the error the expression throws (compiling or evaluating).
std::string error_of(const std::string& expr, const json::Value& input = json::Value(), const jsonata::EvalOptions& options = state_bounds()) {
    try {
        eval(expr, input, options);
    } catch (const jsonata::Error& e) {
        return e.code() + ": " + e.message();
    }
    return "no error";
}

json::Value subject(size_t size) {
    std::string s(size, 'a');
    for (size_t i = 1; i < s.size(); i += 2) s[i] = 'b';
    json::Object o;
    o.set("s", json::Value(s));
    return json::Value(std::move(o));
}

}  // namespace

TEST(JsonataUntrusted, RegexOverAHundredKilobytes) {
    const json::Value input = subject(100'000);
    EXPECT_EQ(eval("$contains(s, /^[ab]*$/)", input), "true");
    EXPECT_EQ(eval("$length($match(s, /(a|b)*/).match)", input), "100000");
    EXPECT_EQ(eval("$match(s, /(a|b)*/).groups", input), R"(["b"])");
    EXPECT_EQ(eval("$count($split(s, /b/))", input), "50001");
    EXPECT_EQ(eval("$length($replace(s, /(a)(b)/, '$2$1'))", input), "100000");
}

TEST(JsonataUntrusted, BacktrackingPatternsFinish) {
    json::Object o;
    o.set("s", json::Value(std::string(30, 'a')));
    const json::Value input(std::move(o));
    EXPECT_EQ(eval("$contains(s, /(a*)*b/)", input), "false");
    EXPECT_EQ(eval("$contains(s, /^(a|aa)+$/)", input), "true");
    EXPECT_EQ(eval("$contains(s & '!', /^(a|aa)+$/)", input), "false");
}

// Groups and positions as jsonata-js reports them (docs.jsonata.org/regex).
TEST(JsonataUntrusted, GroupsAndPositionsAreUnchanged) {
    EXPECT_EQ(eval(R"($match("ab12cd345", /([a-z]+)(\d+)/))"),
              R"([{"match":"ab12","index":0,"groups":["ab","12"]},{"match":"cd345","index":4,"groups":["cd","345"]}])");
    EXPECT_EQ(eval(R"($replace("John Smith", /(\w+)\s(\w+)/, "$2, $1"))"), R"("Smith, John")");
    EXPECT_EQ(eval(R"($split("a1b22c", /\d+/))"), R"(["a","b","c"])");
    EXPECT_EQ(eval(R"($match("é-x", /x/).index)"), "2");
    EXPECT_EQ(eval(R"($contains("HELLO", /hello/i))"), "true");
    EXPECT_EQ(eval(R"($match("a\nb", /^b/m).index)"), "2");
    EXPECT_EQ(eval(R"($match("aaa", /a+?/).match)"), R"(["a","a","a"])");
    EXPECT_EQ(eval(R"(/(\d+)-(\d+)/("tel 12-34").groups)"), R"(["12","34"])");
}

TEST(JsonataUntrusted, BackReferencesAndLookAroundAreSyntaxErrors) {
    EXPECT_EQ(error_of(R"($match("aa", /(a)\1/))").rfind("S0303: ", 0), 0u);
    EXPECT_NE(error_of(R"($match("aa", /(a)\1/))").find("back-references are not supported"), std::string::npos);
    EXPECT_NE(error_of(R"($contains("ab", /a(?=b)/))").find("look-around assertions are not supported"), std::string::npos);
    EXPECT_NE(error_of(R"($contains("ab", /(?<!a)b/))").find("look-around"), std::string::npos);
}

TEST(JsonataUntrusted, PadToAGigabyteFailsWithTheBound) {
    const std::string error = error_of("$pad('x', 1e9)");
    EXPECT_EQ(error.rfind("U1001: $pad would take the expression past its output budget of 128 MiB", 0), 0u) << error;
    EXPECT_EQ(eval("$length($pad('x', 100000, 'ab'))"), "100000");
    EXPECT_EQ(eval("$pad('x', -4, 'é')"), R"("éééx")");
}

TEST(JsonataUntrusted, DoublingInALoopFailsWithTheBound) {
    jsonata::EvalOptions small;
    small.max_output_bytes = 1 << 20;
    const char* strings = "($f := function($s, $n) { $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f('x', 40)))";
    EXPECT_NE(error_of(strings, json::Value(), small).find("The & operator would take the expression past its output budget of 1 MiB"),
              std::string::npos);
    const char* arrays = "($f := function($a, $n) { $n = 0 ? $a : $f($append($a, $a), $n - 1) }; $count($f([1], 40)))";
    EXPECT_EQ(error_of(arrays, json::Value(), small).rfind("U1001: ", 0), 0u);
    EXPECT_EQ(error_of("$join([1..100000].$pad('', 100, 'x'))", json::Value(), small).rfind("U1001: ", 0), 0u);
    EXPECT_EQ(error_of("$string([1..100000])", json::Value(), small).rfind("U1001: ", 0), 0u);
}

TEST(JsonataUntrusted, ObjectsSharedManyTimesDoNotExpandWithoutBound) {
    jsonata::EvalOptions small;
    small.max_output_bytes = 1 << 20;
    const char* shared = "$reduce([1..40], function($acc, $v) { {'l': $acc, 'r': $acc} }, {})";
    EXPECT_EQ(error_of(shared, json::Value(), small).rfind("U1001: Writing the result would take", 0), 0u)
        << error_of(shared, json::Value(), small);
    EXPECT_EQ(error_of("$string(" + std::string(shared) + ")", json::Value(), small).rfind("U1001: ", 0), 0u);
}

TEST(JsonataUntrusted, DeepRecursionAndLongLoopsHitTheGuards) {
    EXPECT_EQ(error_of("($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))").rfind("U1001: ", 0), 0u);
    jsonata::EvalOptions steps;
    steps.max_steps = 1'000'000;
    EXPECT_EQ(error_of("($f := function($n) { $n = 0 ? 0 : $f($n - 1) }; $f(1e9))", json::Value(), steps),
              "U1001: The expression exceeded its evaluation step budget");
    // A regex's work counts against the same budget.
    EXPECT_EQ(error_of("$count($match(s, /(a|b)*?c|a/))", subject(100'000), steps).rfind("U1001: ", 0), 0u);
}

// Converting, printing and freeing a value recurse once per level: 100,000
// levels overflowed the stack.
TEST(JsonataUntrusted, DeeplyNestedValuesFailWithTheBound) {
    const std::string nested = "U1001: The expression built a value nested more than 1000 levels deep";
    EXPECT_EQ(error_of("$reduce([1..100000], function($a, $v) { {'x': $a} }, {})"), nested);
    EXPECT_EQ(error_of("$reduce([1..100000], function($a, $v) { [[$a]] }, [])"), nested);
    EXPECT_EQ(eval("$count($reduce([1..500], function($a, $v) { {'x': $a} }, {}) ~> $keys())"), "1");
}
