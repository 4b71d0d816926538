#include <gtest/gtest.h>

#include "json/parse.h"
#include "json/pointer.h"
#include "json/utf8.h"
#include "json/value.h"
#include "json/write.h"

using namespace stepwise;
using json::Value;

namespace {
std::string roundtrip(std::string_view text) { return json::dump(json::parse(text)); }
}  // namespace

TEST(JsonParse, ScalarsAndContainers) {
    Value v = json::parse(R"({"a":1,"b":[true,false,null],"c":"x","d":{"e":-2.5}})");
    ASSERT_TRUE(v.is_object());
    EXPECT_EQ(v.find("a")->as_int(), 1);
    EXPECT_TRUE(v.find("b")->as_array()[0].as_bool());
    EXPECT_TRUE(v.find("b")->as_array()[2].is_null());
    EXPECT_EQ(v.find("c")->as_string(), "x");
    EXPECT_DOUBLE_EQ(v.find("d")->find("e")->as_double(), -2.5);
    EXPECT_EQ(v.find("missing"), nullptr);
}

TEST(JsonParse, KeepsKeyOrder) {
    EXPECT_EQ(roundtrip(R"({"z":1,"a":2,"m":3})"), R"({"z":1,"a":2,"m":3})");
}

TEST(JsonParse, NumberFidelity) {
    EXPECT_EQ(roundtrip("0.0"), "0.0");
    EXPECT_EQ(roundtrip("1.50"), "1.50");
    EXPECT_EQ(roundtrip("61235.75"), "61235.75");
    EXPECT_EQ(roundtrip("12345678901234567890123"), "12345678901234567890123");
    EXPECT_EQ(roundtrip("9223372036854775807"), "9223372036854775807");
    EXPECT_EQ(roundtrip("-0"), "-0");
    EXPECT_EQ(roundtrip("1e5"), "1e5");
    EXPECT_TRUE(json::parse("3").is_exact_int());
    EXPECT_TRUE(json::parse("3.0").is_integer());
    EXPECT_EQ(json::parse("3.0"), json::parse("3"));
}

TEST(JsonWrite, DoublesAsJavaScript) {
    EXPECT_EQ(json::format_double(3.0), "3");
    EXPECT_EQ(json::format_double(0.1), "0.1");
    EXPECT_EQ(json::format_double(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(json::format_double(1e21), "1e+21");
    EXPECT_EQ(json::format_double(1e20), "100000000000000000000");
    EXPECT_EQ(json::format_double(1.5e-7), "1.5e-7");
    EXPECT_EQ(json::format_double(0.000001), "0.000001");
    EXPECT_EQ(json::format_double(-2.5), "-2.5");
}

TEST(JsonParse, Unicode) {
    Value v = json::parse(R"("Zo\u00eb M\u00fcller \ud83d\ude00")");
    EXPECT_EQ(v.as_string(), "Zo\xC3\xAB M\xC3\xBCller \xF0\x9F\x98\x80");
    EXPECT_EQ(json::dump(v), "\"Zo\xC3\xAB M\xC3\xBCller \xF0\x9F\x98\x80\"");
    Value lone = json::parse(R"("a\ud800b")");
    EXPECT_EQ(json::dump(lone), R"("a\ud800b")");
    EXPECT_EQ(utf8::count_utf16_units(v.as_string()), 13u);
}

TEST(JsonParse, EscapesRoundTrip) {
    EXPECT_EQ(roundtrip(R"("a\"b\\c\n\t\u0001/")"), R"("a\"b\\c\n\t\u0001/")");
}

TEST(JsonParse, ErrorsNameLineAndColumn) {
    try {
        json::parse("{\n  \"a\": 1,\n  \"b\": }");
        FAIL();
    } catch (const json::ParseError& e) {
        EXPECT_EQ(e.line(), 3u);
        EXPECT_EQ(e.column(), 8u);
    }
    EXPECT_THROW(json::parse("[1,]"), json::ParseError);
    EXPECT_THROW(json::parse("01"), json::ParseError);
    EXPECT_THROW(json::parse("\"\xFF\""), json::ParseError);
    // A surrogate written as raw (CESU-8) bytes is not UTF-8; only \u escapes may carry one.
    EXPECT_THROW(json::parse("\"\xED\xAC\xBF\""), json::ParseError);
    EXPECT_THROW(json::parse("{} x"), json::ParseError);
    EXPECT_THROW(json::parse(""), json::ParseError);
    std::string deep(2000, '[');
    EXPECT_THROW(json::parse(deep), json::ParseError);
}

TEST(JsonValue, CopiesShareNodes) {
    Value a = json::parse(R"({"big":[1,2,3],"s":"a string longer than fourteen bytes"})");
    Value b = a;
    EXPECT_TRUE(a.same_node(b));
    b.mutable_object().set("new", 1);
    EXPECT_FALSE(a.same_node(b));
    EXPECT_EQ(a.find("new"), nullptr);
    EXPECT_TRUE(a.find("big")->same_node(*b.find("big")));
}

TEST(JsonValue, UniqueMutationInPlace) {
    Value a(json::Object{{"x", 1}});
    const json::Object* before = &a.as_object();
    a.mutable_object().set("y", 2);
    EXPECT_EQ(before, &a.as_object());
    EXPECT_EQ(json::dump(a), R"({"x":1,"y":2})");
}

TEST(JsonValue, LargeObjectLookup) {
    json::Object o;
    for (int i = 0; i < 100; ++i) o.set("key" + std::to_string(i), i);
    Value v(std::move(o));
    for (int i = 0; i < 100; ++i) EXPECT_EQ(v.find("key" + std::to_string(i))->as_int(), i);
    EXPECT_EQ(v.find("key100"), nullptr);
    Value w = v;
    w.mutable_object().set("key5", "changed");
    EXPECT_EQ(w.find("key5")->as_string(), "changed");
    EXPECT_EQ(v.find("key5")->as_int(), 5);
    EXPECT_TRUE(w.mutable_object().erase("key7"));
    EXPECT_EQ(w.find("key7"), nullptr);
    EXPECT_EQ(w.find("key99")->as_int(), 99);
}

TEST(JsonValue, EqualityIgnoresKeyOrder) {
    EXPECT_EQ(json::parse(R"({"a":1,"b":2})"), json::parse(R"({"b":2,"a":1.0})"));
    EXPECT_NE(json::parse(R"([1,2])"), json::parse(R"([2,1])"));
    EXPECT_NE(json::parse("1"), json::parse("\"1\""));
}

TEST(JsonWrite, Pretty) {
    EXPECT_EQ(json::pretty(json::parse(R"({"a":[1,{}],"b":[]})")), "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}");
}

// Past a few members, keys are found through a hash while parsing (not the
// object's index, rebuilt after every append): large objects parse in linear
// time, and a key given twice still keeps its last value, or is refused.
TEST(Parse, LargeObjectsKeepTheLastOfAKeyGivenTwice) {
    std::string text = "{";
    for (int i = 0; i < 100; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    text += "\"k3\":\"last\",\"k99\":\"also last\"}";
    json::Value v = json::parse(text);
    EXPECT_EQ(v.as_object().size(), 100u);
    EXPECT_EQ(*v.find("k3"), json::Value("last"));
    EXPECT_EQ(*v.find("k99"), json::Value("also last"));
    EXPECT_EQ(*v.find("k50"), json::Value(50));
    json::ParseOptions strict;
    strict.reject_duplicate_keys = true;
    EXPECT_THROW(json::parse(text, strict), json::ParseError);
    EXPECT_THROW(json::parse(R"({"a":1,"b":2,"a":3})", strict), json::ParseError);
}

// RFC 6901 pointers into a document (ItemReader's ItemsPointer, lint).
TEST(Pointer, ResolvePointerFollowsMembersAndIndexes) {
    json::Value doc = json::parse(R"({"a":[{"b/c":1},{"~d":2}],"":3})");
    EXPECT_EQ(json::resolve_pointer(doc, ""), &doc);
    EXPECT_EQ(*json::resolve_pointer(doc, "/a/0/b~1c"), json::Value(1));
    EXPECT_EQ(*json::resolve_pointer(doc, "/a/1/~0d"), json::Value(2));
    EXPECT_EQ(*json::resolve_pointer(doc, "/"), json::Value(3));
    EXPECT_EQ(json::resolve_pointer(doc, "/a/01"), nullptr);
    EXPECT_EQ(json::resolve_pointer(doc, "/a/99999999999999999999999"), nullptr);
    EXPECT_EQ(json::resolve_pointer(doc, "/a/2"), nullptr);
    EXPECT_EQ(json::resolve_pointer(doc, "a"), nullptr);
}

TEST(Utf8, EscapeControlsShowsControlCharactersAsHex) {
    EXPECT_EQ(utf8::escape_controls("a\x1b[2J\tb\x7f é"), "a\\x1b[2J\\x09b\\x7f é");
}
