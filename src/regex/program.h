// Internal: the Pike VM's instructions, and the compiler from pattern text to them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "regex/regex.h"

namespace stepwise::regex {

struct Range {
    uint32_t lo, hi;
};

enum class Op : uint8_t {
    Char,      // one code point in `ranges` (or not, when `negate`)
    Any,       // one code point (line ends only under the s flag)
    Split,     // continue at x (preferred) and at y
    Jmp,       // continue at x
    Save,      // record the position in capture slot x
    Reset,     // forget capture slots x..y-1 (a quantified group's new iteration)
    Bol,       // ^
    Eol,       // $
    WordB,     // \b
    NotWordB,  // \B
    Match
};

struct Inst {
    Op op = Op::Match;
    bool negate = false;
    uint32_t x = 0, y = 0;
    std::vector<Range> ranges;
};

// Parses `pattern` and emits its program (ending in Match, the whole match in
// slots 0 and 1, group n in slots 2n and 2n+1). Returns the number of groups.
size_t compile_program(std::string_view pattern, Dialect dialect, std::vector<Inst>& prog);

}  // namespace stepwise::regex
