// Tricky JSONata semantics the engine must get right beyond the corpus:
// sequences vs arrays, JS number text, code points, closures, tail calls,
// $eval re-entrancy, guards.
#include <gtest/gtest.h>

#include "jsonata/expression.h"
#include "json/parse.h"
#include "json/write.h"

using namespace stepwise;
using jsonata::Expression;

namespace {
std::string eval(const std::string& expr, const std::string& input = "null", const jsonata::EvalOptions& o = {}) {
    json::Value in = json::parse(input);
    auto r = Expression::compile(expr).evaluate(&in, {}, o);
    return r ? json::dump(*r) : "undefined";
}
std::string error_code(const std::string& expr, const jsonata::EvalOptions& o = {}) {
    try {
        Expression::compile(expr).evaluate(nullptr, {}, o);
    } catch (const jsonata::Error& e) {
        return e.code();
    }
    return "none";
}
}  // namespace

TEST(JsonataSemantics, SingletonSequencesUnwrapUnlessKept) {
    const char* doc = R"({"a":[{"b":1}],"c":[{"b":1},{"b":2}]})";
    EXPECT_EQ(eval("a.b", doc), "1");
    EXPECT_EQ(eval("a.b[]", doc), "[1]");
    EXPECT_EQ(eval("c.b", doc), "[1,2]");
    EXPECT_EQ(eval("[a.b]", doc), "[1]");
    EXPECT_EQ(eval("a", doc), R"([{"b":1}])");  // a JSON array stays an array
}

TEST(JsonataSemantics, NumbersPrintAsJavaScriptDoes) {
    EXPECT_EQ(eval("$string(0.1 + 0.2)"), "\"0.3\"");  // 15 significant digits
    EXPECT_EQ(eval("0.1 + 0.2"), "0.30000000000000004");
    EXPECT_EQ(eval("$string(1e21)"), "\"1e+21\"");
    EXPECT_EQ(eval("$string(1e-7)"), "\"1e-7\"");
    EXPECT_EQ(eval("$string(9007199254740991)"), "\"9007199254740991\"");
    EXPECT_EQ(error_code("$string(1/0)"), "D3001");
    EXPECT_EQ(error_code("1/0 + 1"), "D1001");
}

TEST(JsonataSemantics, StringFunctionsCountCodePoints) {
    EXPECT_EQ(eval("$length('a😀b')"), "3");
    EXPECT_EQ(eval("$substring('😂😁😀', -2, 1)"), "\"😁\"");
    EXPECT_EQ(eval("$pad('é', 3, '*')"), "\"é**\"");
    EXPECT_EQ(eval("'\\uD834\\uDD1E'"), "\"𝄞\"");  // escaped surrogate pair combines
}

TEST(JsonataSemantics, ClosuresCaptureTheirEnvironment) {
    EXPECT_EQ(eval("($make := function($n){ function($x){ $x + $n } }; $add2 := $make(2); $add2(40))"), "42");
    EXPECT_EQ(eval("($f := $substring(?, 0, 2); $f('hello'))"), "\"he\"");
    EXPECT_EQ(eval("($g := $uppercase ~> $substring(?, 1); $g('abc'))"), "\"BC\"");
}

TEST(JsonataSemantics, TailCallsRunInConstantStack) {
    // 100000 iterations would overflow any recursive evaluator; the trampoline keeps depth flat.
    jsonata::EvalOptions o;
    o.max_depth = 100;
    EXPECT_EQ(eval("($loop := function($n, $acc){ $n = 0 ? $acc : $loop($n - 1, $acc + 1) }; $loop(100000, 0))", "null", o),
              "100000");
}

TEST(JsonataSemantics, GuardsStopRunawayEvaluation) {
    jsonata::EvalOptions o;
    o.max_steps = 10000;
    EXPECT_EQ(error_code("($inf := function(){ $inf() }; $inf())", o), "U1001");
    jsonata::EvalOptions shallow;
    shallow.max_depth = 50;
    EXPECT_EQ(error_code("($f := function($n){ $n + $f($n + 1) }; $f(0))", shallow), "U1001");
    // deeply nested text is rejected by the parser rather than overflowing the stack
    EXPECT_EQ(error_code(std::string(100000, '(') + "1" + std::string(100000, ')')), "U1001");
}

TEST(JsonataSemantics, EvalIsReentrantAndWrapsErrors) {
    EXPECT_EQ(eval("$eval('$eval(\"1 + 1\") * 21')"), "42");
    EXPECT_EQ(eval("$eval('a.b', {'a': {'b': 7}})"), "7");
    EXPECT_EQ(error_code("$eval('1 +')"), "D3120");
    EXPECT_EQ(error_code("$eval('$number(\"x\")')"), "D3121");
}

TEST(JsonataSemantics, ContextArgumentsAndSignatures) {
    EXPECT_EQ(eval("name.$uppercase()", R"({"name":"ada"})"), "\"ADA\"");
    EXPECT_EQ(error_code("$sum('a')"), "T0412");
    EXPECT_EQ(error_code("$length(1)"), "T0410");
    EXPECT_EQ(eval("function($x)<n:n>{ $x * 2 }(21)"), "42");
}

TEST(JsonataSemantics, ParentAndPositionalBindings) {
    const char* doc = R"({"orders":[{"id":"a","items":[{"n":1},{"n":2}]},{"id":"b","items":[{"n":3}]}]})";
    EXPECT_EQ(eval("orders.items.{'id': %.id, 'n': n}", doc),
              R"([{"id":"a","n":1},{"id":"a","n":2},{"id":"b","n":3}])");
    EXPECT_EQ(eval("orders#$i.items.(n & '@' & $i)", doc), R"(["1@0","2@0","3@1"])");
}

TEST(JsonataSemantics, TransformsCopyTheirInput) {
    const char* doc = R"({"a":{"b":1,"c":2}})";
    EXPECT_EQ(eval("$ ~> |a|{'b': 10}, ['c']|", doc), R"({"a":{"b":10}})");
    EXPECT_EQ(eval("($x := $ ~> |a|{'b': 10}|; a.b)", doc), "1");  // the input is untouched
}
