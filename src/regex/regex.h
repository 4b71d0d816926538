// Linear-time regular expressions for untrusted patterns and texts.
//
// A Thompson NFA run as a Pike VM: every match costs O(text x pattern), with
// no recursion over the text and no backtracking, so no pattern or subject can
// overflow the stack or stall a thread (std::regex does both). Two dialects:
//   Java       - JSONPath filters (`@.name =~ /ab+c/i`), whole-text matches().
//   JavaScript - JSONata regex literals and JSON Schema `pattern` (ECMA-262):
//                capture groups (also named), lazy quantifiers, search with
//                leftmost-first (backtracking-equal) match positions.
// Syntax: literals, `.`, classes `[a-z\d]` / `[^...]`, `\d \w \s` (and
// negations), escapes, groups `( )` `(?: )`, alternation, `* + ? {m} {m,}
// {m,n}`, anchors `^ $ \b \B`; flags i (simple case folding), m, s.
// Back-references and look-around are rejected at compile time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::regex {

enum class Dialect : uint8_t { Java, JavaScript };

struct Flags {
    bool icase = false;      // i
    bool multiline = false;  // m: ^ and $ at line ends
    bool dotall = false;     // s: . matches line ends
};

// A malformed or unsupported pattern. `offset` is the byte position in the pattern.
class CompileError : public std::runtime_error {
public:
    CompileError(std::string message, size_t offset) : std::runtime_error(std::move(message)), offset_(offset) {}
    size_t offset() const noexcept { return offset_; }

private:
    size_t offset_;
};

// One search did more than its work budget (see Regex::search).
class WorkLimitExceeded : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr size_t kUnset = static_cast<size_t>(-1);

struct Span {
    size_t start = kUnset;  // byte offsets into the text; kUnset when the group took no part
    size_t end = kUnset;
    bool matched() const { return start != kUnset; }
};

struct Match {
    Span whole;
    std::vector<Span> groups;  // capture groups 1..n
};

// Limits on compiled programs (instructions, repetition counts, nesting).
inline constexpr size_t kMaxInstructions = 20000;
inline constexpr int kMaxRepeat = 1000;
inline constexpr int kMaxNesting = 100;
// Default work budget of one search: VM thread steps (about a second of CPU).
inline constexpr uint64_t kDefaultWorkBudget = 50'000'000;

struct Inst;

class Regex {
public:
    // Throws CompileError.
    static Regex compile(std::string_view pattern, Dialect dialect, Flags flags = {});

    // The whole text matches (Java's Matcher.matches()).
    bool full_match(std::string_view text, uint64_t work_budget = kDefaultWorkBudget) const;
    // The leftmost match starting at or after byte offset `from`, preferring
    // alternatives and quantifier choices in the order a backtracking engine
    // tries them. Adds the steps done to *work (when given); throws
    // WorkLimitExceeded past `work_budget` steps in this call.
    std::optional<Match> search(std::string_view text, size_t from, uint64_t* work = nullptr,
                                uint64_t work_budget = kDefaultWorkBudget) const;

    size_t group_count() const { return groups_; }
    const std::string& pattern() const { return pattern_; }

    Regex();
    ~Regex();
    Regex(const Regex&);
    Regex(Regex&&) noexcept;
    Regex& operator=(const Regex&);
    Regex& operator=(Regex&&) noexcept;

private:
    std::string pattern_;
    Dialect dialect_ = Dialect::JavaScript;
    Flags flags_;
    size_t groups_ = 0;
    std::vector<Inst> prog_;

    std::optional<Match> run(std::string_view text, size_t from, bool anchored_full, uint64_t* work,
                             uint64_t work_budget) const;
};

}  // namespace stepwise::regex
