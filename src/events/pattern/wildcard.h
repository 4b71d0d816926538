// The `wildcard` operator: `*` matches any run of characters (possibly
// empty), the pattern must match the whole value, `\*` is a literal star and
// `\\` a literal backslash.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stepwise::events {

class WildcardPattern {
public:
    // Throws PatternError for `**`, a bad escape, or a pattern too complex.
    static WildcardPattern parse(std::string_view text);

    bool matches(std::string_view value) const;

    // The literal pieces between stars (so `a*b` is {"a","b"}, `*` is {"",""}).
    const std::vector<std::string>& pieces() const noexcept { return pieces_; }

    // The largest number of positions in the pattern that one input can reach
    // at once (the size of the biggest state set of the pattern's automaton).
    // Patterns above kMaxComplexity are rejected, as EventBridge rejects
    // patterns whose wildcards can match in too many ways.
    static int complexity(const std::vector<std::string>& pieces);
    static constexpr int kMaxComplexity = 10;  // ours: AWS does not publish its limit

private:
    std::vector<std::string> pieces_;
};

}  // namespace stepwise::events
