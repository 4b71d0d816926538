#include "testing/json_match.h"

#include <gtest/gtest.h>

#include "json/parse.h"

using namespace stepwise;
namespace tst = stepwise::testing;

namespace {

std::string diff(const char* expected, const char* actual, bool include = false) {
    auto e = json::parse(expected), a = json::parse(actual);
    return tst::format_differences(include ? tst::json_exclusions(e, a) : tst::json_differences(e, a));
}

TEST(JsonMatch, EqualValuesHaveNoDifferences) {
    EXPECT_EQ(diff(R"({"a": [1, 2.0], "b": {"c": null}})", R"({"b": {"c": null}, "a": [1, 2]})"), "");
}

TEST(JsonMatch, EveryDifferenceByPointer) {
    EXPECT_EQ(diff(R"({"a": 1, "b": {"c": "x"}, "gone": true})", R"({"a": 2, "b": {"c": "y"}, "extra": 0})"),
              "  /a: expected 1, got 2\n"
              "  /b/c: expected \"x\", got \"y\"\n"
              "  /gone: missing (expected true)\n"
              "  /extra: not expected (got 0)");
}

TEST(JsonMatch, ArraysOfAnotherLengthSayBoth) {
    EXPECT_EQ(diff("[1, 2]", "[1, 2, 3]"), "  (the value): expected 2 items, got 3: [1,2,3]");
}

TEST(JsonMatch, InclusionIgnoresMembersNotListed) {
    EXPECT_EQ(diff(R"({"a": {"b": 1}})", R"({"a": {"b": 1, "c": 2}, "d": 3})", true), "");
    EXPECT_EQ(diff(R"({"a": {"b": 1}})", R"({"a": {"b": 2}})", true), "  /a/b: expected 1, got 2");
    EXPECT_EQ(diff(R"([{"a": 1}])", R"([{"a": 1, "b": 2}])", true), "") << "array items include element-wise";
}

TEST(JsonMatch, LongListsAreCut) {
    std::vector<tst::JsonDifference> many(20, tst::JsonDifference{"/x", "differs"});
    std::string text = tst::format_differences(many, 3);
    EXPECT_NE(text.find("… and 17 more"), std::string::npos) << text;
}

TEST(JsonMatch, BriefCutsOnACharacterBoundary) {
    std::string text = tst::brief(json::Value(std::string(10, 'a') + "é" + std::string(100, 'b')), 12);
    EXPECT_EQ(text, "\"aaaaaaaaaa…");
}

}  // namespace
