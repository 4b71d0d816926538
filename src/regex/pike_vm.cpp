// The Pike VM: runs a program over the text once, keeping at most one thread
// per instruction, in priority order, each with its capture slots (see regex.h).
#include <utility>

#include "json/utf8.h"
#include "regex/program.h"

namespace stepwise::regex {

namespace {

// Simple one-to-one case mappings: ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic.
uint32_t to_lower(uint32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    if (c <= 0xDE && c != 0xD7) return c + 32;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149 && c != 0x17F) {
        bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (odd_upper ? (c % 2 == 1) : (c % 2 == 0)) return c + 1;
        return c;
    }
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

uint32_t to_upper(uint32_t c) {
    if (c >= 'a' && c <= 'z') return c - 32;
    if (c < 0xE0) return c;
    if (c <= 0xFE && c != 0xF7) return c - 32;
    if (c >= 0x100 && c <= 0x17F && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        uint32_t up = c - 1;
        if (to_lower(up) == c && up != c) return up;
        return c;
    }
    if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) return c - 32;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    return c;
}

bool in_ranges(const std::vector<Range>& r, uint32_t c) {
    for (const auto& x : r)
        if (c >= x.lo && c <= x.hi) return true;
    return false;
}

bool is_word(uint32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

constexpr uint32_t kNone = 0xFFFFFFFF;  // before the start or past the end of the text

// The code point that ends just before byte `pos` (kNone at 0).
uint32_t code_point_before(std::string_view text, size_t pos) {
    if (pos == 0) return kNone;
    size_t start = pos - 1;
    while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    size_t at = start;
    uint32_t cp = utf8::decode(text, at);
    if (at != pos) return 0xFFFD;  // malformed: decoding did not end where expected
    return cp;
}

// One list of threads: the pcs in priority order and their capture slots.
struct ThreadList {
    std::vector<uint32_t> pcs;
    std::vector<size_t> caps;  // pcs.size() * slots values
    void clear() {
        pcs.clear();
        caps.clear();
    }
};

}  // namespace

Regex::Regex() = default;
Regex::~Regex() = default;
Regex::Regex(const Regex&) = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(const Regex&) = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

Regex Regex::compile(std::string_view pattern, Dialect dialect, Flags flags) {
    Regex re;
    re.pattern_ = std::string(pattern);
    re.dialect_ = dialect;
    re.flags_ = flags;
    re.groups_ = compile_program(pattern, dialect, re.prog_);
    // Each live thread carries its slots: bound the lists' memory.
    if (re.prog_.size() * 2 * (re.groups_ + 1) > 1'000'000)
        throw CompileError("Regular expression too large: too many capture groups for its size", 0);
    return re;
}

bool Regex::full_match(std::string_view text, uint64_t work_budget) const {
    return run(text, 0, true, nullptr, work_budget).has_value();
}

std::optional<Match> Regex::search(std::string_view text, size_t from, uint64_t* work, uint64_t work_budget) const {
    if (from > text.size()) return std::nullopt;
    return run(text, from, false, work, work_budget);
}

std::optional<Match> Regex::run(std::string_view text, size_t from, bool anchored_full, uint64_t* work,
                                uint64_t work_budget) const {
    const bool js = dialect_ == Dialect::JavaScript;
    const size_t slots = 2 * (groups_ + 1);
    const size_t n = prog_.size();
    auto line_end = [&](uint32_t c) {
        return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || (!js && c == 0x85);
    };

    ThreadList clist, nlist;
    clist.pcs.reserve(n);
    nlist.pcs.reserve(n);
    std::vector<uint32_t> mark(n, 0);
    uint32_t gen = 1;
    std::vector<size_t> caps(slots, kUnset), best;
    bool matched = false;
    uint64_t steps = 0;

    // The epsilon closure from `start` at byte `pos` (between code points
    // `before` and `cur`), appending threads to `list` in priority order.
    // Explicit stack: an entry with pc == kNone restores caps[slot] = value.
    struct Entry {
        uint32_t pc;
        uint32_t slot;
        size_t value;
    };
    std::vector<Entry> stack;
    auto add = [&](ThreadList& list, uint32_t start, size_t pos, uint32_t before, uint32_t cur) {
        stack.push_back({start, 0, 0});
        while (!stack.empty()) {
            Entry e = stack.back();
            stack.pop_back();
            if (e.pc == kNone) {
                caps[e.slot] = e.value;
                continue;
            }
            ++steps;
            if (mark[e.pc] == gen) continue;
            mark[e.pc] = gen;
            const Inst& in = prog_[e.pc];
            switch (in.op) {
                case Op::Jmp: stack.push_back({in.x, 0, 0}); break;
                case Op::Split:
                    stack.push_back({in.y, 0, 0});
                    stack.push_back({in.x, 0, 0});
                    break;
                case Op::Save:
                    stack.push_back({kNone, in.x, caps[in.x]});
                    caps[in.x] = pos;
                    stack.push_back({e.pc + 1, 0, 0});
                    break;
                case Op::Reset:
                    for (uint32_t s = in.x; s < in.y; ++s) {
                        stack.push_back({kNone, s, caps[s]});
                        caps[s] = kUnset;
                    }
                    stack.push_back({e.pc + 1, 0, 0});
                    break;
                case Op::Bol:
                    if (before == kNone || (flags_.multiline && line_end(before))) stack.push_back({e.pc + 1, 0, 0});
                    break;
                case Op::Eol: {
                    bool at_end = cur == kNone;
                    bool before_final_newline = !js && cur == '\n' && pos + 1 == text.size();
                    if (at_end || before_final_newline || (flags_.multiline && line_end(cur)))
                        stack.push_back({e.pc + 1, 0, 0});
                    break;
                }
                case Op::WordB:
                case Op::NotWordB: {
                    bool boundary = (before != kNone && is_word(before)) != (cur != kNone && is_word(cur));
                    if (boundary == (in.op == Op::WordB)) stack.push_back({e.pc + 1, 0, 0});
                    break;
                }
                default:
                    list.pcs.push_back(e.pc);
                    list.caps.insert(list.caps.end(), caps.begin(), caps.end());
                    steps += slots / 8;
            }
        }
    };

    size_t pos = from;
    uint32_t before = code_point_before(text, pos);
    while (true) {
        size_t next = pos;
        uint32_t cur = pos < text.size() ? utf8::decode(text, next) : kNone;
        if (!matched && (pos == from || !anchored_full)) {
            std::fill(caps.begin(), caps.end(), kUnset);
            add(clist, 0, pos, before, cur);
        }
        if (clist.pcs.empty() && (matched || anchored_full)) break;
        if (steps > work_budget) {
            if (work) *work += steps;
            throw WorkLimitExceeded("The regular expression /" + pattern_ + "/ exceeded its work budget of " +
                                    std::to_string(work_budget) + " steps on a text of " +
                                    std::to_string(text.size()) + " bytes");
        }
        ++gen;
        nlist.clear();
        uint32_t after = kNone;
        if (next < text.size()) {
            size_t ahead = next;
            after = utf8::decode(text, ahead);
        }
        for (size_t t = 0; t < clist.pcs.size(); ++t) {
            ++steps;
            const Inst& in = prog_[clist.pcs[t]];
            const size_t* tcaps = clist.caps.data() + t * slots;
            if (in.op == Op::Match) {
                if (anchored_full && pos != text.size()) continue;
                matched = true;
                best.assign(tcaps, tcaps + slots);
                break;  // lower-priority threads lose to this match
            }
            if (cur == kNone) continue;
            bool ok = false;
            if (in.op == Op::Any) {
                ok = flags_.dotall || !line_end(cur);
            } else if (in.op == Op::Char) {
                bool hit = in_ranges(in.ranges, cur);
                if (!hit && flags_.icase) hit = in_ranges(in.ranges, to_lower(cur)) || in_ranges(in.ranges, to_upper(cur));
                ok = hit != in.negate;
            }
            if (!ok) continue;
            caps.assign(tcaps, tcaps + slots);
            add(nlist, clist.pcs[t] + 1, next, cur, after);
        }
        std::swap(clist, nlist);
        if (cur == kNone) break;
        before = cur;
        pos = next;
    }
    if (work) *work += steps;
    if (!matched) return std::nullopt;
    Match m;
    m.whole = {best[0], best[1]};
    for (size_t g = 1; g <= groups_; ++g) {
        Span span{best[2 * g], best[2 * g + 1]};
        if (span.start == kUnset || span.end == kUnset) span = {};
        m.groups.push_back(span);
    }
    return m;
}

}  // namespace stepwise::regex
