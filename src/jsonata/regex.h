// Regular expression literals (/pattern/flags). JSONata regexes are
// JavaScript regexes; this wraps std::regex in ECMAScript mode, which lacks
// lookbehind, named groups and the `u`/`s` flags.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::jsonata {

struct RegexMatch {
    size_t start = 0;  // byte offsets into the subject
    size_t end = 0;
    std::string text;
    std::vector<std::string> groups;  // capture groups 1..n ("" when unmatched)
};

class Regex {
public:
    // Throws Error S0303 when the pattern is not a valid regular expression.
    static std::shared_ptr<Regex> compile(const std::string& pattern, const std::string& flags);

    // First match at or after byte offset `from`.
    std::optional<RegexMatch> search(std::string_view subject, size_t from) const;
    const std::string& pattern() const { return pattern_; }

private:
    std::string pattern_;
    std::regex re_;
};

}  // namespace stepwise::jsonata
