// Pattern text -> syntax tree -> Pike VM program, for both dialects (see regex.h).
#include <algorithm>
#include <memory>
#include <string>

#include "json/utf8.h"
#include "json/hex.h"
#include "regex/program.h"

namespace stepwise::regex {

namespace {

struct Node {
    enum class Kind : uint8_t { Empty, Class, Any, Concat, Alt, Repeat, Group, Bol, Eol, WordB, NotWordB } kind =
        Kind::Empty;
    std::vector<Range> ranges;
    bool negate = false;
    std::vector<std::unique_ptr<Node>> kids;
    int min = 0, max = -1;    // Repeat; max -1: unbounded
    bool greedy = true;       // Repeat
    size_t group = 0;         // Group: its number; Repeat: first group inside the body
    size_t group_end = 0;     // Repeat: one past the last group inside the body
};
using NodeP = std::unique_ptr<Node>;

NodeP make(Node::Kind kind) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    return n;
}

// \d \w \s (lowercase letter) as ranges; false for other letters.
bool class_escape(char lower, Dialect dialect, std::vector<Range>& r) {
    switch (lower) {
        case 'd': r.push_back({'0', '9'}); return true;
        case 'w':
            r.insert(r.end(), {{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {'_', '_'}});
            return true;
        case 's':
            r.insert(r.end(), {{'\t', '\r'}, {' ', ' '}});  // \t \n \v \f \r and space
            if (dialect == Dialect::JavaScript)
                r.insert(r.end(), {{0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A}, {0x2028, 0x2029},
                                   {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}});
            return true;
        default: return false;
    }
}

// Ranges complementing `r` over all code points.
std::vector<Range> complement(std::vector<Range> r) {
    std::sort(r.begin(), r.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
    std::vector<Range> out;
    uint32_t next = 0;
    for (const auto& x : r) {
        if (x.lo > next) out.push_back({next, x.lo - 1});
        if (x.hi + 1 > next) next = x.hi + 1;
    }
    if (next <= 0x10FFFF) out.push_back({next, 0x10FFFF});
    return out;
}

class Parser {
public:
    Parser(std::string_view s, Dialect dialect) : s_(s), dialect_(dialect) {}

    NodeP parse() {
        NodeP root = alt();
        if (!done()) fail("unmatched ')'");
        return root;
    }
    size_t groups() const { return groups_; }

private:
    std::string_view s_;
    Dialect dialect_;
    size_t p_ = 0;
    int depth_ = 0;
    size_t groups_ = 0;

    bool js() const { return dialect_ == Dialect::JavaScript; }
    bool done() const { return p_ >= s_.size(); }
    bool at(char c) const { return p_ < s_.size() && s_[p_] == c; }
    uint32_t next_cp() { return utf8::decode(s_, p_); }

    [[noreturn]] void fail(const std::string& what) const {
        throw CompileError("Invalid regular expression /" + std::string(s_) + "/: " + what, p_);
    }

    NodeP alt() {
        if (++depth_ > kMaxNesting) fail("nested too deeply");
        NodeP left = concat();
        while (at('|')) {
            ++p_;
            auto n = make(Node::Kind::Alt);
            n->kids.push_back(std::move(left));
            n->kids.push_back(concat());
            left = std::move(n);
        }
        --depth_;
        return left;
    }

    NodeP concat() {
        auto n = make(Node::Kind::Concat);
        while (!done() && s_[p_] != '|' && s_[p_] != ')') n->kids.push_back(repeat());
        return n;
    }

    int number() {
        int v = 0;
        while (!done() && s_[p_] >= '0' && s_[p_] <= '9') {
            v = v * 10 + (s_[p_++] - '0');
            if (v > kMaxRepeat) fail("repetition count above " + std::to_string(kMaxRepeat));
        }
        return v;
    }

    // A `{m}`, `{m,}` or `{m,n}` at p_. In JavaScript a brace that does not
    // form one is a literal (ECMA-262 Annex B), so this answers false then.
    bool braces(int& min, int& max) {
        size_t start = p_;
        auto digit = [&] { return !done() && s_[p_] >= '0' && s_[p_] <= '9'; };
        ++p_;
        if (!digit()) return p_ = start, false;
        min = max = number();
        if (at(',')) {
            ++p_;
            max = digit() ? number() : -1;
        }
        if (!at('}')) {
            if (js()) return p_ = start, false;
            fail("expected '}'");
        }
        ++p_;
        if (max != -1 && max < min) fail("numbers out of order in {} quantifier");
        return true;
    }

    bool quantifier(int& min, int& max) {
        if (done()) return false;
        char c = s_[p_];
        if (c == '*') return ++p_, min = 0, max = -1, true;
        if (c == '+') return ++p_, min = 1, max = -1, true;
        if (c == '?') return ++p_, min = 0, max = 1, true;
        if (c == '{') return braces(min, max);
        return false;
    }

    NodeP repeat() {
        size_t groups_before = groups_;
        NodeP node = atom();
        int min = 0, max = -1, chained = 0;
        while (quantifier(min, max)) {
            bool assertion = node->kind == Node::Kind::Bol || node->kind == Node::Kind::Eol ||
                             node->kind == Node::Kind::WordB || node->kind == Node::Kind::NotWordB;
            if (js() && (assertion || chained > 0)) fail("nothing to repeat");
            if (++chained > 8) fail("too many quantifiers in a row");
            bool greedy = true;
            if (at('?')) ++p_, greedy = false;
            else if (!js() && at('+')) ++p_;  // possessive: treated as greedy
            auto n = make(Node::Kind::Repeat);
            n->min = min;
            n->max = max;
            n->greedy = greedy;
            n->group = groups_before;
            n->group_end = groups_;
            n->kids.push_back(std::move(node));
            node = std::move(n);
        }
        return node;
    }

    // The character an escape other than a class escape stands for (p_ just past the letter).
    uint32_t escape_char(char e, bool in_class) {
        switch (e) {
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'f': return '\f';
            case 'v':
                if (js()) return 0x0B;
                break;
            case 'a':
                if (!js()) return 7;
                break;
            case 'e':
                if (!js()) return 27;
                break;
            case 'b':
                if (in_class && js()) return 8;
                break;
            case '0':
                if (js()) {
                    if (!done() && s_[p_] >= '0' && s_[p_] <= '9') fail("octal escapes are not supported");
                    return 0;
                }
                break;
            case 'c':
                if (js()) {
                    if (!done() && ((s_[p_] | 0x20) >= 'a' && (s_[p_] | 0x20) <= 'z')) return s_[p_++] % 32;
                    return '\\';  // Annex B: "\c" not followed by a letter is a backslash then 'c'
                }
                break;
            case 'x':
            case 'u': {
                int digits = e == 'x' ? 2 : 4;
                uint32_t v = 0;
                size_t start = p_;
                for (int i = 0; i < digits; ++i) {
                    int h = done() ? -1 : json::hex_digit_value(s_[p_]);
                    if (h < 0) {
                        if (js()) return p_ = start, static_cast<uint32_t>(e);  // Annex B: a literal letter
                        fail(std::string("bad \\") + e + " escape");
                    }
                    v = v * 16 + static_cast<uint32_t>(h);
                    ++p_;
                }
                return v;
            }
            default: break;
        }
        if (e >= '1' && e <= '9') fail(js() && in_class ? "octal escapes are not supported" : "back-references are not supported");
        if (e == 'k' && js() && at('<')) fail("back-references are not supported");
        bool alnum = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9');
        if (alnum && !js()) fail(std::string("unsupported escape \\") + e);
        // An identity escape (JavaScript accepts any character, Annex B).
        --p_;
        return next_cp();
    }

    // One class member at p_: a character (returned) or a class escape (added to `out`, returns false).
    bool class_atom(uint32_t& cp, std::vector<Range>& out) {
        if (s_[p_] != '\\') {
            cp = next_cp();
            return true;
        }
        ++p_;
        if (done()) fail("\\ at end of pattern");
        char e = s_[p_++];
        char lower = static_cast<char>(e | 0x20);
        std::vector<Range> tmp;
        if (class_escape(lower, dialect_, tmp)) {
            if (e != lower) tmp = complement(tmp);
            out.insert(out.end(), tmp.begin(), tmp.end());
            return false;
        }
        cp = escape_char(e, true);
        return true;
    }

    NodeP char_class() {
        ++p_;  // [
        auto n = make(Node::Kind::Class);
        if (at('^')) {
            n->negate = true;
            ++p_;
        }
        bool first = true;
        while (true) {
            if (done()) fail("missing ']'");
            if (s_[p_] == ']' && (js() || !first)) {
                ++p_;
                break;
            }
            first = false;
            if (s_[p_] == '[' && !js()) fail("nested character classes are not supported");
            uint32_t lo;
            if (!class_atom(lo, n->ranges)) {
                continue;
            }
            if (p_ + 1 < s_.size() && s_[p_] == '-' && s_[p_ + 1] != ']') {
                size_t dash = p_++;
                uint32_t hi;
                std::vector<Range> escaped;
                if (!class_atom(hi, escaped)) {
                    if (!js()) fail("bad character range");
                    // Annex B: [a-\d] is 'a', '-' and the digits.
                    n->ranges.push_back({lo, lo});
                    n->ranges.push_back({'-', '-'});
                    n->ranges.insert(n->ranges.end(), escaped.begin(), escaped.end());
                    continue;
                }
                (void)dash;
                if (hi < lo) fail("range out of order in character class");
                n->ranges.push_back({lo, hi});
                continue;
            }
            n->ranges.push_back({lo, lo});
        }
        return n;
    }

    NodeP group() {
        ++p_;  // (
        bool capture = true;
        if (at('?')) {
            ++p_;
            if (at(':')) {
                ++p_;
                capture = false;
            } else if (js() && at('<') && p_ + 1 < s_.size() && s_[p_ + 1] != '=' && s_[p_ + 1] != '!') {
                size_t close = s_.find('>', p_);
                if (close == std::string_view::npos || close == p_ + 1) fail("invalid capture group name");
                p_ = close + 1;
            } else {
                fail(js() ? "look-around assertions are not supported" : "look-around and inline flags are not supported");
            }
        }
        size_t number = capture ? ++groups_ : 0;
        NodeP inner = alt();
        if (!at(')')) fail("missing ')'");
        ++p_;
        if (!capture) return inner;
        auto n = make(Node::Kind::Group);
        n->group = number;
        n->kids.push_back(std::move(inner));
        return n;
    }

    NodeP atom() {
        char c = s_[p_];
        switch (c) {
            case '(': return group();
            case '[': return char_class();
            case '.': ++p_; return make(Node::Kind::Any);
            case '^': ++p_; return make(Node::Kind::Bol);
            case '$': ++p_; return make(Node::Kind::Eol);
            case '*': case '+': case '?': fail("nothing to repeat");
            case '{': {
                int min, max;
                if (braces(min, max)) fail("nothing to repeat");
                break;  // a literal brace
            }
            case '\\': {
                ++p_;
                if (done()) fail("\\ at end of pattern");
                char e = s_[p_++];
                if (e == 'b') return make(Node::Kind::WordB);
                if (e == 'B') return make(Node::Kind::NotWordB);
                auto n = make(Node::Kind::Class);
                char lower = static_cast<char>(e | 0x20);
                if (class_escape(lower, dialect_, n->ranges)) {
                    n->negate = e != lower;
                    return n;
                }
                uint32_t cp = escape_char(e, false);
                n->ranges.push_back({cp, cp});
                return n;
            }
            default: break;
        }
        auto n = make(Node::Kind::Class);
        uint32_t cp = next_cp();
        n->ranges.push_back({cp, cp});
        return n;
    }
};

class Emitter {
public:
    explicit Emitter(std::vector<Inst>& prog) : prog_(prog) {}

    uint32_t emit(Op op, uint32_t x = 0, uint32_t y = 0) {
        if (prog_.size() >= kMaxInstructions)
            throw CompileError("Regular expression too large: more than " + std::to_string(kMaxInstructions) +
                                   " instructions once repetitions are expanded",
                               0);
        Inst in;
        in.op = op;
        in.x = x;
        in.y = y;
        prog_.push_back(std::move(in));
        return here() - 1;
    }
    uint32_t here() const { return static_cast<uint32_t>(prog_.size()); }

    void gen(const Node& n) {
        switch (n.kind) {
            case Node::Kind::Empty: break;
            case Node::Kind::Class: {
                uint32_t at = emit(Op::Char);
                prog_[at].negate = n.negate;
                prog_[at].ranges = n.ranges;
                break;
            }
            case Node::Kind::Any: emit(Op::Any); break;
            case Node::Kind::Bol: emit(Op::Bol); break;
            case Node::Kind::Eol: emit(Op::Eol); break;
            case Node::Kind::WordB: emit(Op::WordB); break;
            case Node::Kind::NotWordB: emit(Op::NotWordB); break;
            case Node::Kind::Concat:
                for (const auto& k : n.kids) gen(*k);
                break;
            case Node::Kind::Group:
                emit(Op::Save, static_cast<uint32_t>(2 * n.group));
                gen(*n.kids[0]);
                emit(Op::Save, static_cast<uint32_t>(2 * n.group + 1));
                break;
            case Node::Kind::Alt: {
                uint32_t split = emit(Op::Split, 0, 0);
                prog_[split].x = here();
                gen(*n.kids[0]);
                uint32_t jmp = emit(Op::Jmp);
                prog_[split].y = here();
                gen(*n.kids[1]);
                prog_[jmp].x = here();
                break;
            }
            case Node::Kind::Repeat: repeat(n); break;
        }
    }

private:
    std::vector<Inst>& prog_;

    // One iteration of a quantified body; its groups start unset each time (ECMA-262 RepeatMatcher).
    void iteration(const Node& n) {
        if (n.group_end > n.group)
            emit(Op::Reset, static_cast<uint32_t>(2 * (n.group + 1)), static_cast<uint32_t>(2 * (n.group_end + 1)));
        gen(*n.kids[0]);
    }

    // A Split whose preferred branch is the body when greedy, the way out when lazy.
    uint32_t choice(bool greedy) {
        uint32_t split = emit(Op::Split);
        (greedy ? prog_[split].x : prog_[split].y) = here();
        return split;
    }
    void exit_to_here(uint32_t split, bool greedy) { (greedy ? prog_[split].y : prog_[split].x) = here(); }

    void repeat(const Node& n) {
        for (int i = 0; i < n.min; ++i) iteration(n);
        if (n.max == -1) {
            // L: split body, out; body; jmp L
            uint32_t split = choice(n.greedy);
            iteration(n);
            emit(Op::Jmp, split);
            exit_to_here(split, n.greedy);
            return;
        }
        std::vector<uint32_t> splits;
        for (int i = n.min; i < n.max; ++i) {
            splits.push_back(choice(n.greedy));
            iteration(n);
        }
        for (uint32_t split : splits) exit_to_here(split, n.greedy);
    }
};

}  // namespace

size_t compile_program(std::string_view pattern, Dialect dialect, std::vector<Inst>& prog) {
    Parser parser(pattern, dialect);
    NodeP root = parser.parse();
    Emitter emitter(prog);
    emitter.emit(Op::Save, 0);
    emitter.gen(*root);
    emitter.emit(Op::Save, 1);
    emitter.emit(Op::Match);
    return parser.groups();
}

}  // namespace stepwise::regex
