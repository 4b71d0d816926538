// The language level an expression is compiled at: full jsonata-js 2.2.2 by
// default, or 2.0.6 (what AWS Step Functions runs), where the operators that
// came in 2.1.0 do not exist. And Bindings::hide, which unbinds a built-in.
//
// The 2.1.0 changelog: "New syntax (`?:` default operator) ... New syntax
// (`??` coalescing operator)" (https://github.com/jsonata-js/jsonata/pull/755).
// AWS: "Step Functions supports JSONata version 2.0.6"
// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
#include <gtest/gtest.h>

#include "jsonata/expression.h"
#include "json/parse.h"
#include "json/write.h"

using namespace stepwise;
using jsonata::Expression;
using jsonata::LanguageLevel;

namespace {

std::string eval(const std::string& expr, LanguageLevel level, const jsonata::Bindings& b = {}) {
    json::Value in = json::parse(R"({"a": 0, "b": 5})");
    auto r = Expression::compile(expr, level).evaluate(&in, b);
    return r ? json::dump(*r) : "undefined";
}

// The parse error of `expr` at `level` ("" when it parses).
std::string parse_error(const std::string& expr, LanguageLevel level) {
    try {
        Expression::compile(expr, level);
        return "";
    } catch (const jsonata::Error& e) {
        return e.code() + ": " + e.message();
    }
}

}  // namespace

TEST(JsonataLanguageLevel, TheDefaultIsTheFullLanguage) {
    EXPECT_EQ(json::dump(*Expression::compile("missing ?? 42").evaluate(nullptr)), "42");
    EXPECT_EQ(eval("a ?: 7", LanguageLevel::V2_2_2), "7");
    EXPECT_EQ(eval("b ?? 1", LanguageLevel::V2_2_2), "5");
}

// Before 2.1.0 `??` and `?:` are two tokens each: the second `?` (or the `:`)
// cannot start an expression, which jsonata-js 2.0.6 reports as S0211.
TEST(JsonataLanguageLevel, V206HasNoCoalescingOrDefaultOperator) {
    std::string coalescing = parse_error("b ?? 1", LanguageLevel::V2_0_6);
    EXPECT_EQ(coalescing.substr(0, 6), "S0211:") << coalescing;
    EXPECT_NE(coalescing.find("?"), std::string::npos) << coalescing;
    std::string default_op = parse_error("a ?: 7", LanguageLevel::V2_0_6);
    EXPECT_EQ(default_op.substr(0, 6), "S0211:") << default_op;
    EXPECT_NE(default_op.find(":"), std::string::npos) << default_op;
}

// Everything 2.0.6 has reads the same at both levels: the conditional (with a
// space between `?` and `:` parts), `:=`, `~>`, `..`, and every function.
TEST(JsonataLanguageLevel, V206KeepsEverythingElse) {
    for (LanguageLevel level : {LanguageLevel::V2_0_6, LanguageLevel::V2_2_2}) {
        EXPECT_EQ(eval("a ? 'yes' : 'no'", level), R"("no")");
        EXPECT_EQ(eval("b > 1 ? 'big'", level), R"("big")");
        EXPECT_EQ(eval("($x := b; [1..$x] ~> $sum())", level), "15");
        EXPECT_EQ(eval("$exists(missing) ? missing : 1", level), "1");
        EXPECT_EQ(eval("$eval('1 + 1')", level), "2");
    }
}

// A hidden built-in is unbound: calling it is calling a non-function (T1006).
TEST(JsonataLanguageLevel, HiddenBuiltinIsUnbound) {
    jsonata::Bindings b;
    b.hide("eval");
    EXPECT_EQ(eval("$eval", LanguageLevel::V2_0_6, b), "undefined");
    try {
        eval("$eval('1 + 1')", LanguageLevel::V2_0_6, b);
        FAIL() << "a hidden $eval was called";
    } catch (const jsonata::Error& e) {
        EXPECT_EQ(e.code(), "T1006");
    }
    EXPECT_EQ(eval("$sum([1, 2])", LanguageLevel::V2_0_6, b), "3");  // only $eval is hidden
}
