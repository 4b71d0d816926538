// Pattern structure: nesting, dotted keys, arrays, $or, validation.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
#include "events/pattern/test_event_pattern.h"
#include "test_helpers.h"

namespace stepwise::events::testing {
namespace {

TEST(Structure, AllKeysMustMatchExtraEventFieldsIgnored) {
    const char* pattern = R"({"source":["a"],"detail":{"state":["on"]}})";
    EXPECT_TRUE(pattern_matches(pattern, R"({"source":"a","other":1,"detail":{"state":"on","x":2}})"));
    EXPECT_FALSE(pattern_matches(pattern, R"({"source":"a","detail":{"state":"off"}})"));
    EXPECT_FALSE(pattern_matches(pattern, R"({"source":"a"})"));
}

TEST(Structure, DottedKeysEqualNesting) {
    EXPECT_TRUE(pattern_matches(R"({"a.b":["x"]})", R"({"a":{"b":"x"}})"));
    EXPECT_TRUE(pattern_matches(R"({"a":{"b":["x"]}})", R"({"a.b":"x"})"));
    EXPECT_FALSE(pattern_matches(R"({"a":{"b":["x"]}})", R"({"a":"{\"b\":\"x\"}"})"));
}

TEST(Structure, EventArraysMatchWhenAnyElementMatches) {
    EXPECT_TRUE(pattern_matches(R"({"r":["b","z"]})", R"({"r":["a","b"]})"));
    EXPECT_FALSE(pattern_matches(R"({"r":["c"]})", R"({"r":["a","b"]})"));
    EXPECT_FALSE(pattern_matches(R"({"r":[null]})", R"({"r":[]})"));
    EXPECT_TRUE(pattern_matches(R"({"r":["x"]})", R"({"r":[["x"]]})"));
}

TEST(Structure, ArraysOfObjectsAreLookedThrough) {
    EXPECT_TRUE(pattern_matches(R"({"items":{"id":[2]}})", R"({"items":[{"id":1},{"id":2}]})"));
    EXPECT_FALSE(pattern_matches(R"({"items":{"id":[3]}})", R"({"items":[{"id":1},{"id":2}]})"));
}

TEST(Structure, OrAtTopAndNested) {
    const char* top = R"({"source":["s"],"$or":[{"a":[1]},{"b":[{"prefix":"x"}]}]})";
    EXPECT_TRUE(pattern_matches(top, R"({"source":"s","a":1})"));
    EXPECT_TRUE(pattern_matches(top, R"({"source":"s","b":"xy"})"));
    EXPECT_FALSE(pattern_matches(top, R"({"source":"s","b":"y"})"));
    EXPECT_FALSE(pattern_matches(top, R"({"source":"t","a":1})"));
    const char* nested = R"({"d":{"$or":[{"a":[1]},{"$or":[{"b":[2]},{"c":{"e":[3]}}]}]}})";
    EXPECT_TRUE(pattern_matches(nested, R"({"d":{"c":{"e":3}}})"));
    EXPECT_TRUE(pattern_matches(nested, R"({"d":{"b":2}})"));
    EXPECT_FALSE(pattern_matches(nested, R"({"c":{"e":3}})"));
    EXPECT_EQ(Pattern::compile(std::string_view(nested)).conjunctions().size(), 3u);
}

TEST(Structure, OrErrorsAndCombinationLimit) {
    EXPECT_EQ(rejection(R"({"$or":[{"a":[1]}]})"), "There must have at least 2 Objects in $or relationship.");
    EXPECT_EQ(rejection(R"({"$or":[{"a":[1]},1]})"), "Only JSON object is allowed in array of $or relationship.");
    // 11 * 10 * 10 = 1100 combinations, above AWS's 1000.
    std::string big = "{";
    for (int group = 0; group < 3; ++group) {
        big += std::string(group ? "," : "") + "\"g" + std::to_string(group) + "\":{\"$or\":[";
        for (int i = 0; i < (group == 0 ? 11 : 10); ++i) big += std::string(i ? "," : "") + "{\"k\":[" + std::to_string(i) + "]}";
        big += "]}";
    }
    big += "}";
    EXPECT_NE(rejection(big), "");
}

TEST(Structure, ShapeErrors) {
    EXPECT_EQ(rejection(R"({"a":[]})"), "Empty arrays are not allowed");
    EXPECT_EQ(rejection(R"({"a":{}})"), "Empty objects are not allowed");
    EXPECT_EQ(rejection(R"({})"), "Empty objects are not allowed");
    EXPECT_EQ(rejection(R"({"a":"x"})"), "\"a\" must be an object or an array");
    EXPECT_EQ(rejection(R"({"a":[["x"]]})"), "Match value must be String, number, true, false, or null");
    EXPECT_EQ(rejection(R"({"a":[{"prefix":"x","suffix":"y"}]})"), "Only one key allowed in match expression");
    EXPECT_EQ(rejection(R"(["a"])"), "Filter is not an object");
    EXPECT_NE(rejection(R"({'a': 1})"), "");
}

TEST(Structure, DuplicateKeyLastOccurrenceWins) {
    EXPECT_TRUE(pattern_matches(R"({"a":["x"],"a":["y"]})", R"({"a":"y"})"));
    EXPECT_FALSE(pattern_matches(R"({"a":["x"],"a":["y"]})", R"({"a":"x"})"));
}

TEST(TestEventPatternApi, ValidatesTheEventParameter) {
    // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
    const char* event = R"({"id":"1","account":"1","source":"s","time":"t","region":"r","detail-type":"d"})";
    EXPECT_TRUE(test_event_pattern(event, R"({"source":["s"]})").result);
    auto missing = test_event_pattern(R"({"source":"s"})", R"({"source":["s"]})");
    EXPECT_EQ(missing.error_code, "ValidationException");
    EXPECT_EQ(missing.error_message, "Parameter Event is not valid.");
    EXPECT_EQ(test_event_pattern("plain", R"({"source":["s"]})").error_code, "ValidationException");
    auto bad = test_event_pattern(event, R"({"source":"s"})");
    EXPECT_EQ(bad.error_code, "InvalidEventPatternException");
    EXPECT_EQ(bad.error_message, "Event pattern is not valid. Reason: \"source\" must be an object or an array");
}

}  // namespace
}  // namespace stepwise::events::testing
