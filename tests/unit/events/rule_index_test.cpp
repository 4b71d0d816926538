// RuleIndex: many rules matched in one pass must give exactly the rules whose
// pattern matches on its own (events::matches), through adds and removes.
#include <algorithm>
#include <random>

#include "events/pattern/rule_index.h"
#include "test_helpers.h"

namespace stepwise::events::testing {
namespace {

std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

TEST(RuleIndex, AddMatchRemove) {
    RuleIndex index;
    index.add("orders", Pattern::compile(std::string_view(R"({"source":["shop"],"detail":{"kind":["order"]}})")));
    index.add("any-shop", Pattern::compile(std::string_view(R"({"source":[{"prefix":"sho"}]})")));
    index.add("no-key", Pattern::compile(std::string_view(R"({"detail":{"key":[{"exists":false}]}})")));
    EXPECT_EQ(index.size(), 3u);

    auto event = json::parse(R"({"source":"shop","detail":{"kind":"order"}})");
    EXPECT_EQ(sorted(index.match(event)), (std::vector<std::string>{"any-shop", "no-key", "orders"}));
    EXPECT_EQ(sorted(index.match(json::parse(R"({"source":"x","detail":{"key":1}})"))), std::vector<std::string>{});

    EXPECT_TRUE(index.remove("any-shop"));
    EXPECT_FALSE(index.remove("any-shop"));
    EXPECT_EQ(sorted(index.match(event)), (std::vector<std::string>{"no-key", "orders"}));

    // Re-adding an id replaces its pattern.
    index.add("orders", Pattern::compile(std::string_view(R"({"source":["other"]})")));
    EXPECT_EQ(sorted(index.match(event)), (std::vector<std::string>{"no-key"}));
}

TEST(RuleIndex, SharedConditionOutlivesTheRuleThatBroughtIt) {
    RuleIndex index;
    index.add("first", Pattern::compile(std::string_view(R"({"a":["x"],"b":[{"prefix":"p"}]})")));
    index.add("second", Pattern::compile(std::string_view(R"({"c":["z"],"b":[{"prefix":"p"}]})")));
    ASSERT_TRUE(index.remove("first"));
    EXPECT_EQ(index.match(json::parse(R"({"c":"z","b":"pq"})")), std::vector<std::string>{"second"});
    EXPECT_TRUE(index.match(json::parse(R"({"c":"z","b":"q"})")).empty());
}

TEST(RuleIndex, RulesWithOnlyAbsenceConditions) {
    RuleIndex index;
    index.add("no-a", Pattern::compile(std::string_view(R"({"a":[{"exists":false}]})")));
    index.add("no-a-or-not-x", Pattern::compile(std::string_view(R"({"a":[{"exists":false},{"anything-but":"x"}]})")));
    EXPECT_EQ(sorted(index.match(json::parse(R"({"b":1})"))), (std::vector<std::string>{"no-a", "no-a-or-not-x"}));
    EXPECT_EQ(index.match(json::parse(R"({"a":"y"})")), std::vector<std::string>{"no-a-or-not-x"});
    EXPECT_TRUE(index.match(json::parse(R"({"a":"x"})")).empty());
}

TEST(RuleIndex, DottedEventKeysReachNestedRules) {
    RuleIndex index;
    index.add("r", Pattern::compile(std::string_view(R"({"detail":{"state":{"status":["on"]}}})")));
    EXPECT_EQ(index.match(json::parse(R"({"detail":{"state.status":"on"}})")).size(), 1u);
    EXPECT_EQ(index.match(json::parse(R"({"detail.state":{"status":"on"}})")).size(), 1u);
    EXPECT_TRUE(index.match(json::parse(R"({"detail":{"state.statusx":"on"}})")).empty());
}

TEST(RuleIndex, NotAnObjectMatchesOnlyAbsenceRules) {
    RuleIndex index;
    index.add("needs-a", Pattern::compile(std::string_view(R"({"a":[1]})")));
    EXPECT_TRUE(index.match(json::parse("[1]")).empty());
}

TEST(RuleIndex, OrRuleReportedOnce) {
    RuleIndex index;
    index.add("r", Pattern::compile(std::string_view(R"({"$or":[{"a":[1]},{"b":[2]}]})")));
    EXPECT_EQ(index.match(json::parse(R"({"a":1,"b":2})")), std::vector<std::string>{"r"});
}

TEST(RuleIndex, SameValueAcrossArrayElementsCountsOnce) {
    RuleIndex index;
    index.add("r", Pattern::compile(std::string_view(R"({"a":["x"],"b":["y"]})")));
    EXPECT_TRUE(index.match(json::parse(R"({"a":["x","x"],"b":"z"})")).empty());
    EXPECT_EQ(index.match(json::parse(R"({"a":["x","x"],"b":"y"})")).size(), 1u);
}

// Random patterns and events over a small vocabulary, so that hits are common.
class RandomCorpus {
public:
    explicit RandomCorpus(unsigned seed) : rng_(seed) {}

    std::string pattern() {
        std::string out = "{";
        int keys = pick(1, 3);
        for (int i = 0; i < keys; ++i) {
            if (i) out += ",";
            if (pick(0, 6) == 0) {
                out += R"("$or":[{)" + field() + "},{" + field() + "}]";
            } else {
                out += field();
            }
        }
        return out + "}";
    }

    std::string event() {
        std::string out = "{";
        const char* keys[] = {"a", "b", "c", "d"};
        bool first = true;
        for (const char* key : keys) {
            if (pick(0, 3) == 0) continue;
            if (!first) out += ",";
            first = false;
            out += "\"" + std::string(key) + "\":" + event_value();
        }
        return out + "}";
    }

private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }

    std::string field() {
        const char* keys[] = {"a", "b", "c", "d", "d.e"};
        std::string key = keys[pick(0, 4)];
        std::string out = "\"" + key + "\":[";
        int alternatives = pick(1, 2);
        for (int i = 0; i < alternatives; ++i) out += std::string(i ? "," : "") + alternative();
        return out + "]";
    }

    std::string alternative() {
        const char* choices[] = {
            R"("x")", R"("xy")", "1", "2.0", "true", "null",
            R"({"prefix":"x"})", R"({"suffix":"y"})", R"({"prefix":{"equals-ignore-case":"X"}})",
            R"({"suffix":{"equals-ignore-case":"Y"}})", R"({"equals-ignore-case":"XY"})", R"({"wildcard":"x*"})",
            R"({"numeric":[">",1]})", R"({"numeric":[">=",0,"<",2]})", R"({"exists":true})", R"({"exists":false})",
            R"({"anything-but":"x"})", R"({"anything-but":[1,2]})", R"({"anything-but":{"prefix":"x"}})",
            R"({"cidr":"10.0.0.0/8"})"};
        return choices[pick(0, 19)];
    }

    std::string event_value() {
        const char* scalars[] = {R"("x")", R"("xy")", R"("XY")", R"("y")", "1", "2", "0.5", "true", "null",
                                 R"("10.1.2.3")", R"({"e":"x"})", R"({"e":1})", "[]"};
        if (pick(0, 4) == 0) return "[" + std::string(scalars[pick(0, 12)]) + "," + scalars[pick(0, 12)] + "]";
        return scalars[pick(0, 12)];
    }

    std::mt19937 rng_;
};

TEST(RuleIndex, AgreesWithMatchingEachRuleAlone) {
    RandomCorpus corpus(42);
    RuleIndex index;
    std::vector<std::pair<std::string, Pattern>> rules;
    for (int i = 0; i < 300; ++i) {
        std::string id = "rule-" + std::to_string(i);
        Pattern pattern = Pattern::compile(std::string_view(corpus.pattern()));
        index.add(id, pattern);
        rules.emplace_back(id, pattern);
    }
    // Remove every third rule, so freed slots get reused below.
    for (size_t i = 0; i < rules.size(); i += 3) ASSERT_TRUE(index.remove(rules[i].first));
    for (size_t i = 0; i < rules.size(); i += 3) {
        rules[i].first += "-again";
        rules[i].second = Pattern::compile(std::string_view(corpus.pattern()));
        index.add(rules[i].first, rules[i].second);
    }
    ASSERT_EQ(index.size(), rules.size());

    MatchScratch scratch;
    std::vector<std::string> matched;
    size_t total_hits = 0;
    for (int e = 0; e < 2000; ++e) {
        std::string text = corpus.event();
        json::Value event = json::parse(text);
        std::vector<std::string> expected;
        for (const auto& [id, pattern] : rules)
            if (matches(pattern, event)) expected.push_back(id);
        index.match(event, scratch, matched);
        ASSERT_EQ(sorted(matched), sorted(expected)) << "event " << text;
        total_hits += expected.size();
    }
    EXPECT_GT(total_hits, 1000u);  // the corpus really exercises matching
}

}  // namespace
}  // namespace stepwise::events::testing
