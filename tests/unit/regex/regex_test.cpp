// The shared linear-time regex engine (src/regex): JavaScript and Java
// dialects, capture groups with backtracking-equal positions, and bounds.
#include <gtest/gtest.h>

#include <string>

#include "regex/regex.h"

using namespace stepwise::regex;

namespace {

Regex js(const std::string& pattern, Flags flags = {}) { return Regex::compile(pattern, Dialect::JavaScript, flags); }

// "start-end" of the whole match, then each group ("-" when unset), as JavaScript's exec() reports them.
std::string find(const std::string& pattern, const std::string& text, Flags flags = {}) {
    auto m = js(pattern, flags).search(text, 0);
    if (!m) return "none";
    std::string out = text.substr(m->whole.start, m->whole.end - m->whole.start) + "@" + std::to_string(m->whole.start);
    for (const auto& g : m->groups) out += "|" + (g.matched() ? text.substr(g.start, g.end - g.start) : std::string("-"));
    return out;
}

std::string compile_error(const std::string& pattern, Dialect dialect = Dialect::JavaScript) {
    try {
        Regex::compile(pattern, dialect);
    } catch (const CompileError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Regex, LeftmostFirstLikeABacktrackingEngine) {
    // Values as in a JavaScript console: /pattern/.exec(text).
    EXPECT_EQ(find("b+", "aabbbc"), "bbb@2");
    EXPECT_EQ(find("a|ab", "ab"), "a@0");
    EXPECT_EQ(find("ab|a", "ab"), "ab@0");
    EXPECT_EQ(find("a+?", "aaa"), "a@0");
    EXPECT_EQ(find("a*?b", "aab"), "aab@0");
    EXPECT_EQ(find("([a-z]+)(\\d+)", "--ab12cd345"), "ab12@2|ab|12");
    EXPECT_EQ(find("(a|b)*", "abab"), "abab@0|b");
    EXPECT_EQ(find("(\\w+)\\s(\\w+)", "John Smith"), "John Smith@0|John|Smith");
    EXPECT_EQ(find("(a)|(b)", "b"), "b@0|-|b");
    EXPECT_EQ(find("(?<year>\\d{4})-(\\d\\d)", "on 2024-05"), "2024-05@3|2024|05");
    EXPECT_EQ(find("x*", "abc"), "@0");
    EXPECT_EQ(find("(a*)*", "b"), "@0|-");
    EXPECT_EQ(find("(a*)+", "b"), "@0|");
    EXPECT_EQ(find("(z)((a+)?(b+)?(c))*", "zaacbbbcac"), "zaacbbbcac@0|z|ac|a|-|c");  // ECMA-262 22.2.2.5.1's example
    EXPECT_EQ(find("(?:(a)|b){2}", "ab"), "ab@0|-");
    EXPECT_EQ(find("a{2,3}", "aaaa"), "aaa@0");
    EXPECT_EQ(find("a{2,3}?", "aaaa"), "aa@0");
    EXPECT_EQ(find("a{,2}", "a{,2}"), "a{,2}@0");  // not a quantifier: literal braces (Annex B)
    EXPECT_EQ(find("[]a]", "]"), "none");          // JavaScript's [] is an empty class
    EXPECT_EQ(find("[^]", "\n"), "\n@0");
}

TEST(Regex, AnchorsFlagsAndClasses) {
    EXPECT_EQ(find("^b", "a\nb"), "none");
    Flags m;
    m.multiline = true;
    EXPECT_EQ(find("^b$", "a\nb\nc", m), "b@2");
    EXPECT_EQ(find("a$", "a\n"), "none");  // JavaScript's $ is only the end without m
    Flags i;
    i.icase = true;
    EXPECT_EQ(find("hello", "say HeLLo", i), "HeLLo@4");
    EXPECT_EQ(find("[a-c]+", "xABCx", i), "ABC@1");
    EXPECT_EQ(find("\u00e9", "\u00c9", i), "\u00c9@0");
    EXPECT_EQ(find("\\bfoo\\b", "a foo b"), "foo@2");
    EXPECT_EQ(find("\\Boo", "foo"), "oo@1");
    EXPECT_EQ(find("\\s+", "a\u00a0b"), "\u00a0@1");
    EXPECT_EQ(find("[\\d-x]+", "1-x"), "1-x@0");
    EXPECT_EQ(find("\\x41\\u0042\\cJ", "AB\n"), "AB\n@0");
    EXPECT_EQ(find(".", "\u00e9"), "\u00e9@0");  // one code point, not one byte
    EXPECT_EQ(find("\\.", "a.b"), ".@1");
}

TEST(Regex, SearchFromAnOffsetSeesThePreviousCharacter) {
    Regex re = js("\\bb");
    EXPECT_FALSE(re.search("ab", 1).has_value());
    Regex start = js("^a");
    EXPECT_FALSE(start.search("aa", 1).has_value());
    auto m = js("a").search("aXa", 1);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->whole.start, 2u);
}

TEST(Regex, BackReferencesAndLookAroundAreRejected) {
    EXPECT_NE(compile_error("(a)\\1").find("back-references are not supported"), std::string::npos);
    EXPECT_NE(compile_error("(?<n>a)\\k<n>").find("back-references are not supported"), std::string::npos);
    EXPECT_NE(compile_error("a(?=b)").find("look-around"), std::string::npos);
    EXPECT_NE(compile_error("a(?!b)").find("look-around"), std::string::npos);
    EXPECT_NE(compile_error("(?<=a)b").find("look-around"), std::string::npos);
    EXPECT_NE(compile_error("(?<!a)b").find("look-around"), std::string::npos);
    EXPECT_NE(compile_error("a**").find("nothing to repeat"), std::string::npos);
    EXPECT_NE(compile_error("(a").find("missing ')'"), std::string::npos);
    EXPECT_NE(compile_error("a)").find("unmatched ')'"), std::string::npos);
    EXPECT_NE(compile_error("[a").find("missing ']'"), std::string::npos);
    EXPECT_NE(compile_error("((a{1000}){1000}){1000}").find("too large"), std::string::npos);
    EXPECT_NE(compile_error(std::string(200, '(') + std::string(200, ')')).find("nested too deeply"), std::string::npos);
}

// The crash of issue 11: std::regex recursed once per character and overflowed
// the stack on 20-100 KB subjects. The VM's memory does not grow with the text.
TEST(Regex, LongSubjectsDoNotOverflowTheStack) {
    std::string s(100'000, 'a');
    for (size_t k = 1; k < s.size(); k += 2) s[k] = 'b';
    auto m = js("(a|b)*").search(s, 0);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->whole.end, s.size());
    EXPECT_EQ(m->groups[0].start, s.size() - 1);
    EXPECT_TRUE(js("^[ab]*$").search(s, 0).has_value());
    EXPECT_TRUE(Regex::compile("(a|b)*", Dialect::Java).full_match(s));
}

// Catastrophic backtracking in std::regex (2^30 paths) is one pass here.
TEST(Regex, PathologicalPatternsFinish) {
    std::string s(30, 'a');
    EXPECT_FALSE(js("(a*)*b").search(s, 0).has_value());
    EXPECT_FALSE(js("(a|aa)+$").search(s + "!", 0).has_value());
    EXPECT_FALSE(Regex::compile("(a+)+b", Dialect::Java).full_match(s));
}

TEST(Regex, AWorkBudgetEndsASearch) {
    std::string s(10'000, 'a');
    uint64_t work = 0;
    EXPECT_THROW(js("(a|b)*c").search(s, 0, &work, 1000), WorkLimitExceeded);
    work = 0;
    EXPECT_FALSE(js("(a|b)*c").search(s, 0, &work).has_value());
    EXPECT_GT(work, s.size());
}

TEST(Regex, JavaDialectKeepsJsonPathFilterBehaviour) {
    Regex re = Regex::compile("ab+c", Dialect::Java, Flags{true, false, false});
    EXPECT_TRUE(re.full_match("ABBC"));
    EXPECT_FALSE(re.full_match("xabc"));
    EXPECT_TRUE(Regex::compile("a.*", Dialect::Java).full_match("abc"));
    EXPECT_TRUE(Regex::compile("a$", Dialect::Java).full_match("a\n") == false);
    EXPECT_NE(compile_error("\\q", Dialect::Java).find("unsupported escape"), std::string::npos);
    EXPECT_NE(compile_error("(?i)a", Dialect::Java).find("not supported"), std::string::npos);
}
