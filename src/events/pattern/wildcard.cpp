#include "events/pattern/wildcard.h"

#include <algorithm>
#include <optional>
#include <set>

#include "events/pattern/error.h"

namespace stepwise::events {

WildcardPattern WildcardPattern::parse(std::string_view text) {
    WildcardPattern pattern;
    pattern.pieces_.emplace_back();
    bool previous_was_star = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '*') {
            if (previous_was_star) throw PatternError("Consecutive wildcard characters at pos " + std::to_string(i));
            pattern.pieces_.emplace_back();
            previous_was_star = true;
            continue;
        }
        previous_was_star = false;
        if (c == '\\') {
            if (i + 1 >= text.size() || (text[i + 1] != '*' && text[i + 1] != '\\'))
                throw PatternError("Invalid escape character at pos " + std::to_string(i));
            c = text[++i];
        }
        pattern.pieces_.back() += c;
    }
    if (complexity(pattern.pieces_) > kMaxComplexity)
        throw PatternError(
            "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences "
            "after a wildcard character");
    return pattern;
}

bool WildcardPattern::matches(std::string_view value) const {
    const std::string& first = pieces_.front();
    if (pieces_.size() == 1) return value == first;
    const std::string& last = pieces_.back();
    if (value.size() < first.size() + last.size()) return false;
    if (value.substr(0, first.size()) != first) return false;
    if (value.substr(value.size() - last.size()) != last) return false;
    std::string_view middle = value.substr(first.size(), value.size() - first.size() - last.size());
    for (size_t i = 1; i + 1 < pieces_.size(); ++i) {
        size_t found = middle.find(pieces_[i]);
        if (found == std::string_view::npos) return false;
        middle.remove_prefix(found + pieces_[i].size());
    }
    return true;
}

int WildcardPattern::complexity(const std::vector<std::string>& pieces) {
    if (pieces.size() == 1) return 1;  // no star: one position at a time
    // Automaton states are positions in the pattern: a star is a state that
    // loops on any character; a literal character moves to the next position.
    struct Position {
        bool star;
        char c;
    };
    std::vector<Position> positions;
    for (size_t i = 0; i < pieces.size(); ++i) {
        if (i > 0) positions.push_back({true, 0});
        for (char c : pieces[i]) positions.push_back({false, c});
    }
    const uint32_t accept = static_cast<uint32_t>(positions.size());
    using StateSet = std::vector<uint32_t>;  // sorted positions
    auto close = [&](StateSet& states) {     // a star may also match nothing
        for (size_t i = 0; i < states.size(); ++i)
            if (states[i] < accept && positions[states[i]].star) states.push_back(states[i] + 1);
        std::sort(states.begin(), states.end());
        states.erase(std::unique(states.begin(), states.end()), states.end());
    };
    // The state set after reading `c` (or, for nullopt, a character no
    // literal position of the set expects).
    auto step = [&](const StateSet& current, std::optional<char> c) {
        StateSet next;
        for (uint32_t s : current) {
            if (s == accept) continue;
            if (positions[s].star)
                next.push_back(s);
            else if (c && positions[s].c == *c)
                next.push_back(s + 1);
        }
        close(next);
        return next;
    };

    StateSet start{0};
    close(start);
    std::set<StateSet> seen{start};
    std::vector<StateSet> work{start};
    int worst = static_cast<int>(start.size());
    constexpr size_t kMaxStateSets = 4096;
    while (!work.empty()) {
        StateSet current = std::move(work.back());
        work.pop_back();
        // Only the characters some literal position expects lead anywhere new.
        std::vector<std::optional<char>> inputs{std::nullopt};
        for (uint32_t s : current)
            if (s < accept && !positions[s].star) inputs.emplace_back(positions[s].c);
        for (const std::optional<char>& c : inputs) {
            StateSet next = step(current, c);
            if (next.empty() || !seen.insert(next).second) continue;
            worst = std::max(worst, static_cast<int>(next.size()));
            if (worst > kMaxComplexity) return worst;  // enough to reject
            if (seen.size() > kMaxStateSets) return kMaxComplexity + 1;
            work.push_back(std::move(next));
        }
    }
    return worst;
}

}  // namespace stepwise::events
