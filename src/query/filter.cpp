// Filter expressions: parsing and evaluation with Jayway's rules (a missing
// operand makes every comparison false and its negation true; numbers compare
// with numbers, strings with strings; a string equals a number when it reads
// as that number; `=~` must match the whole text).
#include "query/filter.h"

#include <charconv>
#include <cmath>

#include "json/parse.h"
#include "json/write.h"
#include "query/errors.h"

namespace stepwise::query::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_word(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct FilterParser {
    std::string_view s;
    size_t& p;
    PathBody& owner;
    int depth = 0;

    [[noreturn]] void fail(const std::string& what) {
        throw SyntaxError("Invalid JSONPath filter in '" + std::string(s) + "': " + what, p);
    }
    char peek(size_t k = 0) const { return p + k < s.size() ? s[p + k] : '\0'; }
    void skip_ws() {
        while (p < s.size() && is_space(s[p])) ++p;
    }
    bool eat(std::string_view tok) {
        skip_ws();
        if (s.substr(p, tok.size()) == tok) {
            p += tok.size();
            return true;
        }
        return false;
    }

    std::shared_ptr<const FilterExpr> parse_or() {
        if (++depth > 64) fail("filter nested too deeply");
        auto left = parse_and();
        while (eat("||")) {
            auto node = std::make_shared<FilterExpr>();
            node->op = FilterExpr::Op::Or;
            node->left = left;
            node->right = parse_and();
            left = node;
        }
        --depth;
        return left;
    }
    std::shared_ptr<const FilterExpr> parse_and() {
        auto left = parse_unary();
        while (eat("&&")) {
            auto node = std::make_shared<FilterExpr>();
            node->op = FilterExpr::Op::And;
            node->left = left;
            node->right = parse_unary();
            left = node;
        }
        return left;
    }
    std::shared_ptr<const FilterExpr> parse_unary() {
        skip_ws();
        if (peek() == '!' && peek(1) != '=') {
            ++p;
            if (++depth > 64) fail("filter nested too deeply");
            auto node = std::make_shared<FilterExpr>();
            node->op = FilterExpr::Op::Not;
            node->left = parse_unary();
            return node;
        }
        if (peek() == '(') {
            ++p;
            auto inner = parse_or();
            if (!eat(")")) fail("expected ')'");
            return inner;
        }
        return parse_comparison();
    }

    std::string quoted() {
        char q = s[p++];
        std::string out;
        while (true) {
            if (p >= s.size()) fail("unterminated string");
            char c = s[p++];
            if (c == q) return out;
            if (c == '\\' && p < s.size()) {
                char e = s[p++];
                switch (e) {
                    case 'n': out += '\n'; break;
                    case 't': out += '\t'; break;
                    case 'r': out += '\r'; break;
                    default: out += e;
                }
                continue;
            }
            out += c;
        }
    }

    json::Value literal() {
        skip_ws();
        char c = peek();
        if (c == '\'' || c == '"') return json::Value(quoted());
        if (c == '[') {
            ++p;
            json::Array items;
            skip_ws();
            if (peek() == ']') {
                ++p;
                return json::Value(std::move(items));
            }
            while (true) {
                items.push_back(literal());
                skip_ws();
                if (peek() == ',') {
                    ++p;
                    continue;
                }
                if (peek() == ']') {
                    ++p;
                    break;
                }
                fail("expected ',' or ']' in a list");
            }
            return json::Value(std::move(items));
        }
        if (c == '{') {
            // A JSON object literal: find its end, honouring strings.
            size_t start = p;
            int level = 0;
            bool in_str = false;
            for (; p < s.size(); ++p) {
                char d = s[p];
                if (in_str) {
                    if (d == '\\') ++p;
                    else if (d == '"') in_str = false;
                } else if (d == '"') in_str = true;
                else if (d == '{') ++level;
                else if (d == '}' && --level == 0) {
                    ++p;
                    break;
                }
            }
            std::string err;
            auto v = json::try_parse(s.substr(start, p - start), &err);
            if (!v) fail("bad object literal");
            return *v;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = p;
            if (c == '-') ++p;
            while (p < s.size() && ((s[p] >= '0' && s[p] <= '9') || s[p] == '.' || s[p] == 'e' || s[p] == 'E' ||
                                    ((s[p] == '+' || s[p] == '-') && (s[p - 1] == 'e' || s[p - 1] == 'E'))))
                ++p;
            auto v = json::try_parse(s.substr(start, p - start));
            if (!v || !v->is_number()) fail("bad number");
            return *v;
        }
        for (std::string_view w : {"true", "false", "null"}) {
            if (s.substr(p, w.size()) == w && !is_word(peek(w.size()))) {
                p += w.size();
                return w == "true" ? json::Value(true) : w == "false" ? json::Value(false) : json::Value();
            }
        }
        fail("expected a value");
    }

    Operand operand() {
        skip_ws();
        Operand o;
        char c = peek();
        if (c == '@' || c == '$') {
            o.kind = Operand::Kind::Path;
            o.path = parse_path(s, p, true);
            if (o.path.uses_context) owner.uses_context = true;
            for (auto& v : o.path.variables) owner.variables.push_back(v);
            return o;
        }
        if (c == '/') {
            ++p;
            std::string pattern;
            while (true) {
                if (p >= s.size()) fail("unterminated regular expression");
                char d = s[p++];
                if (d == '\\' && p < s.size()) {
                    pattern += d;
                    pattern += s[p++];
                    continue;
                }
                if (d == '/') break;
                pattern += d;
            }
            std::string flags;
            while (is_word(peek())) flags += s[p++];
            if (pattern.size() > 1000) fail("regular expression too long");
            regex::Flags regex_flags;
            for (char f : flags) {
                if (f == 'i') regex_flags.icase = true;
                else if (f == 'm') regex_flags.multiline = true;
                else if (f == 's') regex_flags.dotall = true;
            }
            try {
                o.regex = std::make_shared<const regex::Regex>(
                    regex::Regex::compile(pattern, regex::Dialect::Java, regex_flags));
            } catch (const regex::CompileError& e) {
                throw SyntaxError(e.what(), e.offset());
            }
            o.kind = Operand::Kind::Regex;
            return o;
        }
        // A bare word (`@.status == active`): AWS accepts the definition
        // (real-world definitions deploy with one), but Jayway reads the word as
        // a number literal and cannot compile the path when the state runs
        // (FilterCompiler.readNumberLiteral), so it fails then, naming the word.
        if (is_word(c) && !starts_keyword()) {
            size_t start = p;
            while (p < s.size() && (is_word(s[p]) || (s[p] >= '0' && s[p] <= '9') || s[p] == '_')) ++p;
            o.kind = Operand::Kind::BareWord;
            o.literal = json::Value(s.substr(start, p - start));
            return o;
        }
        o.literal = literal();
        return o;
    }

    bool starts_keyword() const {
        for (std::string_view w : {"true", "false", "null"})
            if (s.substr(p, w.size()) == w && !is_word(p + w.size() < s.size() ? s[p + w.size()] : '\0')) return true;
        return false;
    }

    bool word_op(std::string_view w) {
        skip_ws();
        if (s.substr(p, w.size()) == w && !is_word(peek(w.size()))) {
            p += w.size();
            return true;
        }
        return false;
    }

    std::shared_ptr<const FilterExpr> parse_comparison() {
        auto node = std::make_shared<FilterExpr>();
        node->a = operand();
        skip_ws();
        static const std::pair<std::string_view, CmpOp> symbols[] = {
            {"==", CmpOp::Eq}, {"!=", CmpOp::Ne}, {"<=", CmpOp::Le}, {">=", CmpOp::Ge},
            {"=~", CmpOp::Regex}, {"<", CmpOp::Lt}, {">", CmpOp::Gt}};
        static const std::pair<std::string_view, CmpOp> words[] = {
            {"in", CmpOp::In}, {"nin", CmpOp::Nin}, {"contains", CmpOp::Contains},
            {"subsetof", CmpOp::SubsetOf}, {"anyof", CmpOp::AnyOf}, {"noneof", CmpOp::NoneOf},
            {"size", CmpOp::Size}, {"empty", CmpOp::Empty}};
        bool found = false;
        for (auto& [tok, op] : symbols) {
            if (s.substr(p, tok.size()) == tok) {
                p += tok.size();
                node->cmp = op;
                found = true;
                break;
            }
        }
        if (!found) {
            for (auto& [tok, op] : words) {
                if (word_op(tok)) {
                    node->cmp = op;
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            if (node->a.kind != Operand::Kind::Path) fail("expected a comparison");
            node->op = FilterExpr::Op::Exists;
            return node;
        }
        node->op = FilterExpr::Op::Compare;
        node->b = operand();
        if (node->a.kind == Operand::Kind::Regex && node->cmp != CmpOp::Regex) fail("a regular expression needs =~");
        if (node->b.kind == Operand::Kind::Regex && node->cmp != CmpOp::Regex) fail("a regular expression needs =~");
        return node;
    }
};

// The value of an operand for the current item: nullopt when undefined.
std::optional<json::Value> operand_value(const Operand& o, const json::Value& current, const EvalRoots& roots) {
    if (o.kind == Operand::Kind::Literal) return o.literal;
    if (o.kind == Operand::Kind::BareWord)
        throw EvalError("States.Runtime", "Invalid path: the filter compares with '" + std::string(o.literal.as_string()) +
                                              "', which is not a value (quote a string: '" +
                                              std::string(o.literal.as_string()) + "')");
    const PathBody& body = o.path;
    const json::Value* root = nullptr;
    if (body.relative) root = &current;
    else if (body.root == PathRoot::Input) root = roots.doc_root;
    else if (roots.scope) root = resolve_root(body, *roots.scope);
    if (!root) return std::nullopt;
    return evaluate_body(body, *root, roots);
}

std::optional<double> as_number(const json::Value& v) {
    if (v.is_number()) return v.as_double();
    if (v.is_string()) {
        auto parsed = json::try_parse(v.as_string());
        if (parsed && parsed->is_number()) return parsed->as_double();
    }
    return std::nullopt;
}

bool equals(const json::Value& a, const json::Value& b) {
    if (a.is_number() && b.is_string()) {
        auto n = as_number(b);
        return n && *n == a.as_double();
    }
    if (a.is_string() && b.is_number()) return equals(b, a);
    return a == b;
}

bool contains_equal(const json::Value& arr, const json::Value& v) {
    if (!arr.is_array()) return false;
    for (const auto& item : arr.as_array())
        if (equals(item, v)) return true;
    return false;
}

bool less(const json::Value& a, const json::Value& b, bool or_equal) {
    if (a.is_number() && b.is_number()) {
        double x = a.as_double(), y = b.as_double();
        return or_equal ? x <= y : x < y;
    }
    if (a.is_string() && b.is_string()) {
        int c = a.as_string().compare(b.as_string());
        return or_equal ? c <= 0 : c < 0;
    }
    return false;
}

size_t utf16_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) != 0x80) ++n;
        if ((c & 0xF8) == 0xF0) ++n;  // a surrogate pair in Java
    }
    return n;
}

bool compare(const FilterExpr& e, const json::Value& current, const EvalRoots& roots) {
    if (e.cmp == CmpOp::Regex) {
        const Operand* pattern = e.a.kind == Operand::Kind::Regex ? &e.a : &e.b;
        const Operand* subject = e.a.kind == Operand::Kind::Regex ? &e.b : &e.a;
        if (pattern->kind != Operand::Kind::Regex || subject->kind == Operand::Kind::Regex) return false;
        auto v = operand_value(*subject, current, roots);
        if (!v) return false;
        std::string text;
        if (v->is_string()) text = std::string(v->as_string());
        else if (v->is_number()) text = v->number_text();
        else return false;
        try {
            return pattern->regex->full_match(text);
        } catch (const regex::WorkLimitExceeded& e) {
            throw EvalError("States.Runtime", e.what());
        }
    }
    auto a = operand_value(e.a, current, roots);
    auto b = operand_value(e.b, current, roots);
    switch (e.cmp) {
        case CmpOp::Eq: return a && b && equals(*a, *b);
        case CmpOp::Ne: return !(a && b && equals(*a, *b));
        case CmpOp::Lt: return a && b && less(*a, *b, false);
        case CmpOp::Le: return a && b && less(*a, *b, true);
        case CmpOp::Gt: return a && b && less(*b, *a, false);
        case CmpOp::Ge: return a && b && less(*b, *a, true);
        case CmpOp::In: return a && b && contains_equal(*b, *a);
        case CmpOp::Nin: return !(a && b && contains_equal(*b, *a));
        case CmpOp::Contains:
            if (!a || !b) return false;
            if (a->is_string() && b->is_string()) return a->as_string().find(b->as_string()) != std::string_view::npos;
            return contains_equal(*a, *b);
        case CmpOp::SubsetOf:
            if (!a || !b || !a->is_array() || !b->is_array()) return false;
            for (const auto& item : a->as_array())
                if (!contains_equal(*b, item)) return false;
            return true;
        case CmpOp::AnyOf:
        case CmpOp::NoneOf: {
            if (!a || !b || !a->is_array() || !b->is_array()) return false;
            bool any = false;
            for (const auto& item : a->as_array())
                if (contains_equal(*b, item)) {
                    any = true;
                    break;
                }
            return e.cmp == CmpOp::AnyOf ? any : !any;
        }
        case CmpOp::Size:
            if (!a || !b || !b->is_number()) return false;
            if (a->is_array()) return double(a->size()) == b->as_double();
            if (a->is_string()) return double(utf16_length(a->as_string())) == b->as_double();
            return false;
        case CmpOp::Empty:
            if (!a || !b || !b->is_bool()) return false;
            if (a->is_array()) return (a->size() == 0) == b->as_bool();
            if (a->is_string()) return a->as_string().empty() == b->as_bool();
            return false;
        case CmpOp::Regex: break;
    }
    return false;
}

}  // namespace

std::shared_ptr<const FilterExpr> parse_filter(std::string_view text, size_t& pos, PathBody& owner) {
    // Filters nest through paths (`@.a[?(@.b[?(...)])]`): bound the recursion.
    thread_local int nesting = 0;
    struct Guard {
        Guard() { ++nesting; }
        ~Guard() { --nesting; }
    } guard;
    if (nesting > 16) throw SyntaxError("Invalid JSONPath '" + std::string(text) + "': filters nested too deeply", pos);
    FilterParser parser{text, pos, owner};
    auto expr = parser.parse_or();
    if (!parser.eat(")")) parser.fail("expected ')' to close the filter");
    return expr;
}

bool eval_filter(const FilterExpr& e, const json::Value& current, const EvalRoots& roots) {
    switch (e.op) {
        case FilterExpr::Op::Or:
            return eval_filter(*e.left, current, roots) || eval_filter(*e.right, current, roots);
        case FilterExpr::Op::And:
            return eval_filter(*e.left, current, roots) && eval_filter(*e.right, current, roots);
        case FilterExpr::Op::Not: return !eval_filter(*e.left, current, roots);
        case FilterExpr::Op::Exists: {
            auto v = operand_value(e.a, current, roots);
            if (!v) return false;
            if (!e.a.path.definite && v->is_array()) return v->size() > 0;
            return true;
        }
        case FilterExpr::Op::Compare: return compare(e, current, roots);
    }
    return false;
}

}  // namespace stepwise::query::detail
