// Internal: the regular expressions of JSONPath filters (`@.name =~ /ab+c/i`).
// A Thompson-NFA (Pike VM) matcher: linear in the text for every pattern, so
// a definition cannot stall the engine with catastrophic backtracking (which
// std::regex suffers from). Supports Java's common syntax: literals, `.`,
// classes `[a-z\d]` / `[^...]`, `\d \w \s` (and negations), escapes, groups
// `( )` `(?: )`, alternation, `* + ? {m} {m,} {m,n}` (lazy/possessive suffixes
// accepted), anchors `^ $` and `\b \B`; flags i (ASCII case folding), m, s.
// Back-references and look-around are rejected at compile time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::query::detail {

class Regex {
public:
    // Throws SyntaxError for unsupported or malformed patterns.
    static Regex compile(std::string_view pattern, std::string_view flags);
    // Java's Matcher.matches(): the whole text must match.
    bool full_match(std::string_view text) const;

    struct Range {
        uint32_t lo, hi;
    };
    struct Inst {
        enum class Op : uint8_t { Char, Any, Split, Jmp, Bol, Eol, WordB, NotWordB, Match } op;
        bool negate = false;
        uint32_t x = 0, y = 0;       // Split / Jmp targets
        std::vector<Range> ranges;   // Char: the class (a single range for a literal)
    };

private:
    std::vector<Inst> prog_;
    bool icase_ = false, multiline_ = false, dotall_ = false;
};

}  // namespace stepwise::query::detail
