// Pike-VM regular expressions for JSONPath filters; see regex.h.
#include "query/regex.h"

#include <algorithm>
#include <memory>

#include "json/utf8.h"
#include "query/errors.h"

namespace stepwise::query::detail {

namespace {

constexpr size_t kMaxProgram = 20000;

struct Node {
    enum class Kind : uint8_t { Empty, Class, Any, Concat, Alt, Repeat, Bol, Eol, WordB, NotWordB } kind = Kind::Empty;
    std::vector<Regex::Range> ranges;
    bool negate = false;
    std::vector<std::unique_ptr<Node>> kids;
    int min = 0, max = -1;  // Repeat; max -1: unbounded
};
using NodeP = std::unique_ptr<Node>;

void add_class_escape(char c, std::vector<Regex::Range>& r, bool& ok) {
    ok = true;
    switch (c) {
        case 'd': r.push_back({'0', '9'}); break;
        case 'w':
            r.push_back({'a', 'z'});
            r.push_back({'A', 'Z'});
            r.push_back({'0', '9'});
            r.push_back({'_', '_'});
            break;
        case 's':
            r.push_back({'\t', '\r'});  // \t \n \v \f \r
            r.push_back({' ', ' '});
            break;
        default: ok = false;
    }
}

// Ranges complementing `r` over all code points.
std::vector<Regex::Range> complement(std::vector<Regex::Range> r) {
    std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.lo < b.lo; });
    std::vector<Regex::Range> out;
    uint32_t next = 0;
    for (auto& x : r) {
        if (x.lo > next) out.push_back({next, x.lo - 1});
        if (x.hi + 1 > next) next = x.hi + 1;
    }
    if (next <= 0x10FFFF) out.push_back({next, 0x10FFFF});
    return out;
}

struct Parser {
    std::string_view s;
    size_t p = 0;
    int depth = 0;

    [[noreturn]] void fail(const std::string& what) {
        throw SyntaxError("Invalid regular expression /" + std::string(s) + "/: " + what, p);
    }
    bool done() const { return p >= s.size(); }
    uint32_t next_cp() { return utf8::decode(s, p); }

    NodeP alt() {
        if (++depth > 100) fail("nested too deeply");
        NodeP left = concat();
        while (!done() && s[p] == '|') {
            ++p;
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::Alt;
            n->kids.push_back(std::move(left));
            n->kids.push_back(concat());
            left = std::move(n);
        }
        --depth;
        return left;
    }

    NodeP concat() {
        auto n = std::make_unique<Node>();
        n->kind = Node::Kind::Concat;
        while (!done() && s[p] != '|' && s[p] != ')') n->kids.push_back(repeat());
        return n;
    }

    int number() {
        if (done() || s[p] < '0' || s[p] > '9') fail("expected a number in {}");
        int v = 0;
        while (!done() && s[p] >= '0' && s[p] <= '9') {
            v = v * 10 + (s[p++] - '0');
            if (v > 1000) fail("repetition count too large");
        }
        return v;
    }

    NodeP repeat() {
        NodeP atom_node = atom();
        while (!done()) {
            char c = s[p];
            int min, max;
            if (c == '*') min = 0, max = -1, ++p;
            else if (c == '+') min = 1, max = -1, ++p;
            else if (c == '?') min = 0, max = 1, ++p;
            else if (c == '{' && p + 1 < s.size() && s[p + 1] >= '0' && s[p + 1] <= '9') {
                ++p;
                min = number();
                max = min;
                if (!done() && s[p] == ',') {
                    ++p;
                    max = (!done() && s[p] == '}') ? -1 : number();
                }
                if (done() || s[p] != '}') fail("expected '}'");
                ++p;
                if (max != -1 && max < min) fail("bad repetition range");
            } else break;
            if (!done() && (s[p] == '?' || s[p] == '+')) ++p;  // lazy / possessive: same answer for matches()
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::Repeat;
            n->min = min;
            n->max = max;
            n->kids.push_back(std::move(atom_node));
            atom_node = std::move(n);
        }
        return atom_node;
    }

    uint32_t escape_char(char e) {
        switch (e) {
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'f': return '\f';
            case 'a': return 7;
            case 'e': return 27;
            case 'x': {
                uint32_t v = 0;
                for (int i = 0; i < 2; ++i) v = v * 16 + hex(); 
                return v;
            }
            case 'u': {
                uint32_t v = 0;
                for (int i = 0; i < 4; ++i) v = v * 16 + hex();
                return v;
            }
            default:
                if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'))
                    fail(std::string("unsupported escape \\") + e);
                return static_cast<unsigned char>(e);
        }
    }
    uint32_t hex() {
        if (done()) fail("bad hex escape");
        char c = s[p++];
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        fail("bad hex escape");
    }

    NodeP char_class() {
        ++p;  // [
        auto n = std::make_unique<Node>();
        n->kind = Node::Kind::Class;
        if (!done() && s[p] == '^') {
            n->negate = true;
            ++p;
        }
        bool first = true;
        while (true) {
            if (done()) fail("unterminated character class");
            if (s[p] == ']' && !first) {
                ++p;
                break;
            }
            first = false;
            if (s[p] == '[') fail("nested character classes are not supported");
            uint32_t lo;
            if (s[p] == '\\') {
                ++p;
                if (done()) fail("trailing backslash");
                char e = s[p++];
                bool ok;
                std::vector<Regex::Range> tmp;
                char lower = static_cast<char>(e | 0x20);
                add_class_escape(lower, tmp, ok);
                if (ok) {
                    if (e != lower) tmp = complement(tmp);
                    n->ranges.insert(n->ranges.end(), tmp.begin(), tmp.end());
                    continue;
                }
                lo = escape_char(e);
            } else {
                lo = next_cp();
            }
            uint32_t hi = lo;
            if (p + 1 < s.size() && s[p] == '-' && s[p + 1] != ']') {
                ++p;
                if (s[p] == '\\') {
                    ++p;
                    if (done()) fail("trailing backslash");
                    hi = escape_char(s[p++]);
                } else {
                    hi = next_cp();
                }
                if (hi < lo) fail("bad character range");
            }
            n->ranges.push_back({lo, hi});
        }
        return n;
    }

    NodeP atom() {
        char c = s[p];
        auto n = std::make_unique<Node>();
        switch (c) {
            case '(': {
                ++p;
                if (!done() && s[p] == '?') {
                    if (p + 1 < s.size() && s[p + 1] == ':') p += 2;
                    else fail("look-around and inline flags are not supported");
                }
                NodeP inner = alt();
                if (done() || s[p] != ')') fail("expected ')'");
                ++p;
                return inner;
            }
            case '[': return char_class();
            case '.': ++p; n->kind = Node::Kind::Any; return n;
            case '^': ++p; n->kind = Node::Kind::Bol; return n;
            case '$': ++p; n->kind = Node::Kind::Eol; return n;
            case '*': case '+': case '?': fail("nothing to repeat");
            case '\\': {
                ++p;
                if (done()) fail("trailing backslash");
                char e = s[p++];
                if (e == 'b') { n->kind = Node::Kind::WordB; return n; }
                if (e == 'B') { n->kind = Node::Kind::NotWordB; return n; }
                if (e >= '1' && e <= '9') fail("back-references are not supported");
                bool ok;
                char lower = static_cast<char>(e | 0x20);
                n->kind = Node::Kind::Class;
                add_class_escape(lower, n->ranges, ok);
                if (ok) {
                    n->negate = e != lower;
                    return n;
                }
                uint32_t cp = escape_char(e);
                n->ranges.push_back({cp, cp});
                return n;
            }
            default: {
                uint32_t cp = next_cp();
                n->kind = Node::Kind::Class;
                n->ranges.push_back({cp, cp});
                return n;
            }
        }
    }
};

struct Emitter {
    std::vector<Regex::Inst>& prog;

    uint32_t emit(Regex::Inst inst) {
        if (prog.size() >= kMaxProgram) throw SyntaxError("regular expression too large", 0);
        prog.push_back(std::move(inst));
        return static_cast<uint32_t>(prog.size() - 1);
    }

    void gen(const Node& n) {
        using Op = Regex::Inst::Op;
        switch (n.kind) {
            case Node::Kind::Empty: break;
            case Node::Kind::Class: emit({Op::Char, n.negate, 0, 0, n.ranges}); break;
            case Node::Kind::Any: emit({Op::Any, false, 0, 0, {}}); break;
            case Node::Kind::Bol: emit({Op::Bol, false, 0, 0, {}}); break;
            case Node::Kind::Eol: emit({Op::Eol, false, 0, 0, {}}); break;
            case Node::Kind::WordB: emit({Op::WordB, false, 0, 0, {}}); break;
            case Node::Kind::NotWordB: emit({Op::NotWordB, false, 0, 0, {}}); break;
            case Node::Kind::Concat:
                for (const auto& k : n.kids) gen(*k);
                break;
            case Node::Kind::Alt: {
                uint32_t split = emit({Op::Split, false, 0, 0, {}});
                prog[split].x = split + 1;
                gen(*n.kids[0]);
                uint32_t jmp = emit({Op::Jmp, false, 0, 0, {}});
                prog[split].y = static_cast<uint32_t>(prog.size());
                gen(*n.kids[1]);
                prog[jmp].x = static_cast<uint32_t>(prog.size());
                break;
            }
            case Node::Kind::Repeat: {
                const Node& body = *n.kids[0];
                for (int i = 0; i < n.min; ++i) gen(body);
                if (n.max == -1) {
                    // L: split body, out; body; jmp L
                    uint32_t split = emit({Op::Split, false, 0, 0, {}});
                    prog[split].x = split + 1;
                    gen(body);
                    uint32_t jmp = emit({Op::Jmp, false, split, 0, {}});
                    (void)jmp;
                    prog[split].y = static_cast<uint32_t>(prog.size());
                } else {
                    std::vector<uint32_t> splits;
                    for (int i = n.min; i < n.max; ++i) {
                        uint32_t split = emit({Op::Split, false, 0, 0, {}});
                        prog[split].x = split + 1;
                        splits.push_back(split);
                        gen(body);
                    }
                    for (uint32_t sp : splits) prog[sp].y = static_cast<uint32_t>(prog.size());
                }
                break;
            }
        }
    }
};

uint32_t fold(uint32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

bool in_ranges(const std::vector<Regex::Range>& r, uint32_t c) {
    for (const auto& x : r)
        if (c >= x.lo && c <= x.hi) return true;
    return false;
}

bool is_word(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool is_line_end(uint32_t c) { return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029; }

}  // namespace

Regex Regex::compile(std::string_view pattern, std::string_view flags) {
    Regex re;
    for (char f : flags) {
        if (f == 'i') re.icase_ = true;
        else if (f == 'm') re.multiline_ = true;
        else if (f == 's') re.dotall_ = true;
    }
    Parser parser{pattern};
    NodeP root = parser.alt();
    if (!parser.done()) parser.fail("unbalanced ')'");
    Emitter emitter{re.prog_};
    emitter.gen(*root);
    emitter.emit({Inst::Op::Match, false, 0, 0, {}});
    return re;
}

bool Regex::full_match(std::string_view text) const {
    std::vector<uint32_t> cps;
    cps.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) cps.push_back(utf8::decode(text, pos));
    const size_t n = prog_.size();
    std::vector<uint32_t> clist, nlist, stack;
    std::vector<uint32_t> mark(n, UINT32_MAX);
    clist.reserve(n);
    nlist.reserve(n);

    auto add = [&](std::vector<uint32_t>& list, uint32_t start, size_t i, uint32_t gen) {
        stack.clear();
        stack.push_back(start);
        while (!stack.empty()) {
            uint32_t pc = stack.back();
            stack.pop_back();
            if (mark[pc] == gen) continue;
            mark[pc] = gen;
            const Inst& in = prog_[pc];
            switch (in.op) {
                case Inst::Op::Jmp: stack.push_back(in.x); break;
                case Inst::Op::Split:
                    stack.push_back(in.y);
                    stack.push_back(in.x);
                    break;
                case Inst::Op::Bol:
                    if (i == 0 || (multiline_ && is_line_end(cps[i - 1]))) stack.push_back(pc + 1);
                    break;
                case Inst::Op::Eol:
                    if (i == cps.size() || (i + 1 == cps.size() && cps[i] == '\n') ||
                        (multiline_ && is_line_end(cps[i])))
                        stack.push_back(pc + 1);
                    break;
                case Inst::Op::WordB:
                case Inst::Op::NotWordB: {
                    bool before = i > 0 && is_word(cps[i - 1]);
                    bool after = i < cps.size() && is_word(cps[i]);
                    if ((before != after) == (in.op == Inst::Op::WordB)) stack.push_back(pc + 1);
                    break;
                }
                default: list.push_back(pc);
            }
        }
    };

    uint32_t gen = 0;
    add(clist, 0, 0, gen);
    for (size_t i = 0; i < cps.size(); ++i) {
        if (clist.empty()) return false;
        ++gen;
        nlist.clear();
        uint32_t c = cps[i];
        for (uint32_t pc : clist) {
            const Inst& in = prog_[pc];
            bool ok = false;
            if (in.op == Inst::Op::Any) {
                ok = dotall_ || !is_line_end(c);
            } else if (in.op == Inst::Op::Char) {
                bool hit = in_ranges(in.ranges, c);
                if (!hit && icase_) {
                    uint32_t lower = fold(c), upper = (c >= 'a' && c <= 'z') ? c - 32 : c;
                    hit = in_ranges(in.ranges, lower) || in_ranges(in.ranges, upper);
                }
                ok = hit != in.negate;
            }
            if (ok) add(nlist, pc + 1, i + 1, gen);
        }
        std::swap(clist, nlist);
    }
    for (uint32_t pc : clist)
        if (prog_[pc].op == Inst::Op::Match) return true;
    return false;
}

}  // namespace stepwise::query::detail
