// A compiled EventBridge event pattern.
//
// Compiling validates the pattern as AWS does (PatternError carries AWS's
// code and message) and rewrites it into a disjunction of conjunctions: each
// `$or` is expanded, so a pattern is "any of these lists of field conditions
// holds". A field condition names one path (keys joined with '.', as AWS
// joins them) and the alternatives of its leaf array.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "events/pattern/error.h"
#include "events/pattern/value_matcher.h"
#include "json/value.h"

namespace stepwise::events {

struct FieldCondition {
    std::vector<std::string> segments;  // the path split at every '.'
    std::string path;                   // the segments joined with '.'
    std::vector<ValueMatcher> matchers;  // any one matching any leaf value suffices
    bool matches_when_absent = false;    // the leaf array holds `exists: false`
    // Equal for two conditions that test the same path the same way (the path
    // and the leaf array's JSON text), so rules can share one evaluation.
    std::string identity;
};

using Conjunction = std::vector<std::shared_ptr<const FieldCondition>>;

class Pattern {
public:
    // Throws PatternError.
    static Pattern compile(const json::Value& pattern);
    static Pattern compile(std::string_view pattern_text);

    // The same without exceptions: nullopt and the error on failure.
    static std::optional<Pattern> try_compile(std::string_view pattern_text, PatternError* error);

    const std::vector<Conjunction>& conjunctions() const noexcept { return conjunctions_; }

    // AWS's limit on the combinations `$or` may expand to.
    static constexpr size_t kMaxCombinations = 1000;

private:
    explicit Pattern(std::vector<Conjunction> conjunctions) : conjunctions_(std::move(conjunctions)) {}
    std::vector<Conjunction> conjunctions_;
};

// TestEventPattern's question: does the event match the pattern?
bool matches(const Pattern& pattern, const json::Value& event);

}  // namespace stepwise::events
