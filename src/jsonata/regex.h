// Regular expression literals (/pattern/flags). JSONata regexes are
// JavaScript regexes; they run on the shared linear-time engine
// (regex/regex.h), so no pattern or subject can overflow the stack or
// backtrack without bound. Back-references and look-around are rejected
// (S0303) rather than silently misread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "regex/regex.h"

namespace stepwise::jsonata {

struct RegexMatch {
    size_t start = 0;  // byte offsets into the subject
    size_t end = 0;
    std::string text;
    std::vector<std::string> groups;  // capture groups 1..n ("" when unmatched)
};

class Regex {
public:
    // Throws Error S0303 when the pattern is not a valid (or a supported) regular expression.
    static std::shared_ptr<Regex> compile(const std::string& pattern, const std::string& flags);

    // First match at or after byte offset `from`. Adds the matcher's steps to
    // `work`; throws Error U1001 when the search exceeds `eval_steps_left`
    // (converted at kStepsPerEvalStep) or the engine's per-search budget.
    std::optional<RegexMatch> search(std::string_view subject, size_t from, uint64_t& work,
                                     uint64_t eval_steps_left = UINT64_MAX) const;
    const std::string& pattern() const { return re_.pattern(); }

    // Matcher steps charged to the evaluation's step budget as one step
    // (one evaluator step costs about as much time as four matcher steps).
    static constexpr uint64_t kStepsPerEvalStep = 4;
    // The most one search may do (about a second of CPU).
    static constexpr uint64_t kSearchBudget = 40'000'000;

private:
    regex::Regex re_;
};

}  // namespace stepwise::jsonata
