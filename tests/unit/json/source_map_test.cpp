// json::map_source: the line and column of every JSON pointer of a text.
#include <gtest/gtest.h>

#include "json/source_map.h"

using namespace stepwise;

namespace {

std::string at(const json::SourceMap& map, std::string_view pointer) {
    auto p = map.find(pointer);
    return p ? std::to_string(p->line) + ":" + std::to_string(p->column) : "none";
}

}  // namespace

TEST(SourceMap, MembersAtTheirKeysElementsAtTheirValues) {
    json::SourceMap map = json::map_source(
        "{\n"
        "  \"StartAt\": \"A\",\n"
        "  \"States\": {\n"
        "    \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},\n"
        "    \"B\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Retry\": [\n"
        "        {\"ErrorEquals\": [\"X\", \"Y\"]},\n"
        "        7\n"
        "      ],\n"
        "      \"End\": true\n"
        "    }\n"
        "  }\n"
        "}\n");
    EXPECT_EQ(at(map, ""), "1:1");
    EXPECT_EQ(at(map, "/StartAt"), "2:3");
    EXPECT_EQ(at(map, "/States"), "3:3");
    EXPECT_EQ(at(map, "/States/A"), "4:5");
    EXPECT_EQ(at(map, "/States/A/Type"), "4:11");
    EXPECT_EQ(at(map, "/States/A/Next"), "4:27");
    EXPECT_EQ(at(map, "/States/B/Retry"), "7:7");
    EXPECT_EQ(at(map, "/States/B/Retry/0"), "8:9");
    EXPECT_EQ(at(map, "/States/B/Retry/0/ErrorEquals/1"), "8:31");
    EXPECT_EQ(at(map, "/States/B/Retry/1"), "9:9");
    EXPECT_EQ(at(map, "/States/B/End"), "11:7");
    EXPECT_EQ(at(map, "/States/C"), "none");
    EXPECT_EQ(map.line("/States/B"), 5u);
    EXPECT_EQ(map.line("/nothing"), 0u);
    EXPECT_EQ(map.size(), 15u);
}

TEST(SourceMap, KeysAreDecodedAndEscapedAsPointers) {
    json::SourceMap map = json::map_source(R"({"a/b": {"t~": 1}, "Pr\u00fcfen": 2, "\ud83d\ude00 \"q\"": 3, "x\\y": 4})");
    EXPECT_EQ(at(map, "/a~1b"), "1:2");
    EXPECT_EQ(at(map, "/a~1b/t~0"), "1:10");
    EXPECT_EQ(at(map, "/Prüfen"), "1:20");
    EXPECT_EQ(at(map, "/\xF0\x9F\x98\x80 \"q\""), "1:38");
    EXPECT_EQ(at(map, "/x\\y"), "1:63");
}

TEST(SourceMap, TheLastOfTwoEqualKeysCounts) {
    json::SourceMap map = json::map_source("{\"a\": 1,\n \"a\": 2}");
    EXPECT_EQ(at(map, "/a"), "2:2");
}

TEST(SourceMap, ScalarsOfEveryKindAndCarriageReturns) {
    json::SourceMap map = json::map_source("[1.5e3,\r\n-2, true, false, null, \"s\", {}, []]");
    EXPECT_EQ(at(map, "/0"), "1:2");
    EXPECT_EQ(at(map, "/1"), "2:1");
    EXPECT_EQ(at(map, "/4"), "2:18");
    EXPECT_EQ(at(map, "/5"), "2:24");
    EXPECT_EQ(at(map, "/6"), "2:29");
    EXPECT_EQ(at(map, "/7"), "2:33");
}

// A definition file may hold `${Name}` where a number goes, before substitution.
TEST(SourceMap, AnUnresolvedPlaceholderIsAScalar) {
    json::SourceMap map = json::map_source("{\"TimeoutSeconds\": ${Timeout}, \"Next\": \"B\"}");
    EXPECT_EQ(at(map, "/TimeoutSeconds"), "1:2");
    EXPECT_EQ(at(map, "/Next"), "1:32");
}

TEST(SourceMap, BrokenTextMapsAsFarAsItGoes) {
    json::SourceMap map = json::map_source("{\"a\": 1, \"b\": [2, \"c\" \"d\"], \"e\": 3}");
    EXPECT_EQ(at(map, "/a"), "1:2");
    EXPECT_EQ(at(map, "/b/1"), "1:19");
    EXPECT_EQ(at(map, "/e"), "none");
    for (std::string_view text : {"", "   ", "{", "[", "{\"a\"", "{\"a\":", "\"abc", "[1,", "{\"a\": \"\\u12", "}"})
        json::map_source(text);  // no crash, no hang
    EXPECT_TRUE(json::map_source("").empty());
    EXPECT_EQ(json::map_source("\xEF\xBB\xBF{\"a\": 1}").line("/a"), 1u);
    EXPECT_EQ(at(json::map_source("\xEF\xBB\xBF{\"a\": 1}"), "/a"), "1:2");
}

TEST(SourceMap, DeepNestingStopsInsteadOfOverflowing) {
    std::string deep(100000, '[');
    json::SourceMap map = json::map_source(deep);
    EXPECT_EQ(at(map, "/0/0"), "1:3");
}

TEST(SourceMap, NearestIsThePointerOrItsClosestWrittenParent) {
    json::SourceMap map = json::map_source("{\n  \"a\": {\n    \"b\": 1\n  }\n}");
    EXPECT_EQ(map.nearest("/a/b")->line, 3u);
    EXPECT_EQ(map.nearest("/a/missing/deeper")->line, 2u);
    EXPECT_EQ(map.nearest("/nothing")->line, 1u);
    EXPECT_FALSE(json::SourceMap().nearest("/a"));
    EXPECT_FALSE(json::SourceMap().nearest("not-a-pointer"));
}
