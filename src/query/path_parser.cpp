// JSONPath text -> PathBody. The grammar follows Jayway JsonPath as AWS uses
// it, with ASL's roots: `$` (input), `$$` (context), `$name` (variable) and,
// inside filters, `@` (the current item).
#include <charconv>
#include <string>

#include "query/errors.h"
#include "query/filter.h"
#include "query/path_ast.h"

namespace stepwise::query::detail {

namespace {

bool is_ident_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_ident(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct PathParser {
    std::string_view s;
    size_t& p;
    bool embedded;
    PathBody body;

    [[noreturn]] void fail(const std::string& what) {
        throw SyntaxError("Invalid JSONPath '" + std::string(s) + "': " + what, p);
    }
    char peek(size_t k = 0) const { return p + k < s.size() ? s[p + k] : '\0'; }
    bool done() const { return p >= s.size(); }
    void skip_ws() {
        while (!done() && is_space(s[p])) ++p;
    }

    bool name_stop(char c) const {
        if (c == '.' || c == '[' || c == '(' || c == ')' || c == ']' || is_space(c)) return true;
        if (embedded)
            return c == ',' || c == '=' || c == '<' || c == '>' || c == '!' || c == '&' || c == '|' || c == '~';
        return false;
    }

    void parse_root() {
        if (peek() == '@') {
            body.relative = true;
            ++p;
            return;
        }
        if (peek() != '$') fail("a path must start with '$'");
        ++p;
        if (peek() == '$') {
            body.root = PathRoot::Context;
            body.uses_context = true;
            ++p;
        } else if (is_ident_start(peek())) {
            size_t start = p;
            while (!done() && is_ident(s[p])) ++p;
            body.root = PathRoot::Variable;
            body.variable = std::string(s.substr(start, p - start));
            body.variables.push_back(body.variable);
        }
    }

    int64_t parse_int() {
        size_t start = p;
        if (peek() == '-') ++p;
        if (!(peek() >= '0' && peek() <= '9')) fail("expected an integer");
        while (peek() >= '0' && peek() <= '9') ++p;
        int64_t v = 0;
        auto r = std::from_chars(s.data() + start, s.data() + p, v);
        if (r.ec != std::errc()) fail("integer out of range");
        return v;
    }

    std::string parse_quoted() {
        char q = s[p++];
        std::string out;
        while (true) {
            if (done()) fail("unterminated quoted name");
            char c = s[p++];
            if (c == q) break;
            if (c == '\\') {
                // Jayway unescapes only the quote character; any other
                // escaped character keeps its backslash (recorded on AWS:
                // $['Test\""Name"'] selects the key Test\""Name").
                if (done()) fail("unterminated quoted name");
                char e = s[p++];
                if (e != q) out += c;
                out += e;
                continue;
            }
            out += c;
        }
        return out;
    }

    void parse_bracket(Segment& seg) {
        ++p;  // [
        skip_ws();
        char c = peek();
        if (c == '*') {
            ++p;
            seg.kind = SegKind::Wildcard;
        } else if (c == '?') {
            ++p;
            skip_ws();
            if (peek() != '(') fail("expected '(' after '?'");
            ++p;
            seg.kind = SegKind::Filter;
            seg.filter = parse_filter(s, p, body);
        } else if (c == '\'' || c == '"') {
            std::vector<std::string> names;
            while (true) {
                skip_ws();
                if (peek() != '\'' && peek() != '"') fail("expected a quoted name");
                names.push_back(parse_quoted());
                skip_ws();
                if (peek() == ',') {
                    ++p;
                    continue;
                }
                break;
            }
            if (names.size() == 1) {
                seg.kind = SegKind::Name;
                seg.name = std::move(names[0]);
            } else {
                seg.kind = SegKind::Names;
                seg.names = std::move(names);
            }
        } else if (c == ':' || c == '-' || (c >= '0' && c <= '9')) {
            std::optional<int64_t> first;
            if (c != ':') first = parse_int();
            skip_ws();
            if (peek() == ':') {
                ++p;
                skip_ws();
                seg.kind = SegKind::Slice;
                seg.from = first;
                if (peek() == '-' || (peek() >= '0' && peek() <= '9')) seg.to = parse_int();
                skip_ws();
                if (!seg.from && !seg.to) fail("a slice needs a start or an end");
            } else {
                std::vector<int64_t> idx{*first};
                while (peek() == ',') {
                    ++p;
                    skip_ws();
                    idx.push_back(parse_int());
                    skip_ws();
                }
                if (idx.size() == 1) {
                    seg.kind = SegKind::Index;
                    seg.index = idx[0];
                } else {
                    seg.kind = SegKind::Indexes;
                    seg.indexes = std::move(idx);
                }
            }
        } else {
            fail("unexpected character in brackets");
        }
        skip_ws();
        if (peek() != ']') fail("expected ']'");
        ++p;
    }

    void parse_segments() {
        while (!done()) {
            // Evaluation recurses per segment; no real path comes near this.
            if (body.segments.size() >= 1000) fail("too many segments");
            char c = peek();
            Segment seg;
            if (c == '.') {
                if (peek(1) == '.') {
                    seg.descent = true;
                    p += 2;
                    if (peek() == '[') {
                        parse_bracket(seg);
                        body.segments.push_back(std::move(seg));
                        continue;
                    }
                } else {
                    ++p;
                    // Jayway reads the token after a single '.' afresh, so
                    // `$.items.[0]` is `$.items[0]` and `$.[?(...)]` is `$[?(...)]`.
                    if (peek() == '[') {
                        parse_bracket(seg);
                        body.segments.push_back(std::move(seg));
                        continue;
                    }
                }
                if (peek() == '*') {
                    ++p;
                    seg.kind = SegKind::Wildcard;
                } else {
                    size_t start = p;
                    while (!done() && !name_stop(s[p])) ++p;
                    if (p == start) fail("expected a name after '.'");
                    seg.kind = SegKind::Name;
                    seg.name = std::string(s.substr(start, p - start));
                    if (peek() == '(') {
                        ++p;
                        skip_ws();
                        if (peek() != ')') fail("path functions take no arguments");
                        ++p;
                        if (seg.descent) fail("a function cannot follow '..'");
                        if (seg.name != "length" && seg.name != "size")
                            fail("unsupported function '" + seg.name + "()'");
                        body.function = seg.name;
                        if (!done() && !embedded) fail("a function must end the path");
                        return;
                    }
                }
                body.segments.push_back(std::move(seg));
            } else if (c == '[') {
                parse_bracket(seg);
                body.segments.push_back(std::move(seg));
            } else {
                if (embedded) return;
                fail("unexpected character '" + std::string(1, c) + "'");
            }
        }
    }
};

}  // namespace

std::string bracket_name(std::string_view name) {
    std::string out = "['";
    out += name;
    out += "']";
    return out;
}

PathBody parse_path(std::string_view text, size_t& pos, bool embedded) {
    PathParser parser{text, pos, embedded, {}};
    parser.parse_root();
    parser.parse_segments();
    PathBody& b = parser.body;
    b.definite = true;
    for (size_t i = 0; i < b.segments.size(); ++i) {
        const Segment& seg = b.segments[i];
        bool merge_leaf = seg.kind == SegKind::Names && !seg.descent && i + 1 == b.segments.size();
        if (!seg.definite() && !merge_leaf) b.definite = false;
    }
    return std::move(parser.body);
}

}  // namespace stepwise::query::detail
