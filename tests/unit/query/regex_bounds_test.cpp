// JSONPath filter regexes over long strings (issue 11): the shared linear-time
// engine finishes, and a match that would take seconds stops at its work
// budget as States.Runtime instead of holding the thread.
#include <gtest/gtest.h>

#include "helpers.h"

using namespace qtest;

namespace {
std::string long_input() {
    std::string s(100'000, 'a');
    for (size_t i = 1; i < s.size(); i += 2) s[i] = 'b';
    return R"({"a":[")" + s + R"(","c"]})";
}
}  // namespace

TEST(PathRegexBounds, LongStringsAndBacktrackingPatternsFinish) {
    EXPECT_EQ(sel("$.a[?(@ =~ /(a|b)*/)].length()", long_input()), "1");  // one item matched
    EXPECT_EQ(sel("$.a[?(@ =~ /(a*)*b/)]", R"({"a":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]})"), "[]");
}

TEST(PathRegexBounds, AMatchOverItsWorkBudgetIsStatesRuntime) {
    const std::string input = R"({"a":[")" + std::string(256 * 1024, 'a') + R"("]})";
    try {
        sel("$.a[?(@ =~ /a*a{300}x/)]", input);
        FAIL() << "expected EvalError";
    } catch (const query::EvalError& e) {
        EXPECT_EQ(e.error(), "States.Runtime");
        EXPECT_NE(e.cause().find("exceeded its work budget"), std::string::npos) << e.cause();
    }
}
