#include "events/pattern/pattern.h"

#include <algorithm>

#include "events/pattern/event_flattener.h"
#include "events/pattern/parser.h"
#include "json/parse.h"

namespace stepwise::events {

Pattern Pattern::compile(const json::Value& pattern) { return Pattern(parse_pattern(pattern)); }

Pattern Pattern::compile(std::string_view pattern_text) {
    json::Value parsed;
    try {
        parsed = json::parse(pattern_text);
    } catch (const json::ParseError& e) {
        throw PatternError(e.reason());
    }
    return compile(parsed);
}

std::optional<Pattern> Pattern::try_compile(std::string_view pattern_text, PatternError* error) {
    try {
        return compile(pattern_text);
    } catch (const PatternError& e) {
        if (error) *error = e;
        return std::nullopt;
    }
}

namespace {

bool condition_holds(const FieldCondition& condition, const FlatEvent& event) {
    const std::vector<const json::Value*>* values = event.values_at(condition.path);
    if (!values) return condition.matches_when_absent;
    for (const json::Value* value : *values) {
        LeafValue leaf(*value);
        for (const ValueMatcher& matcher : condition.matchers)
            if (value_matches(matcher, leaf)) return true;
    }
    return false;
}

}  // namespace

bool matches(const Pattern& pattern, const json::Value& event) {
    FlatEvent flat(event);
    return std::any_of(pattern.conjunctions().begin(), pattern.conjunctions().end(), [&](const Conjunction& all) {
        return std::all_of(all.begin(), all.end(), [&](const auto& c) { return condition_holds(*c, flat); });
    });
}

}  // namespace stepwise::events
