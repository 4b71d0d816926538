// Intrinsic call text -> CallNode. Grammar (AWS):
//   call    := 'States.' Name '(' [arg (',' arg)*] ')'
//   arg     := call | path | 'string' | number | true | false | null
// String literals escape with a backslash: \' \{ \} \\ . An unescaped `{}`
// in a literal is a States.Format placeholder.
#include <cctype>
#include <cstdint>
#include <string>

#include "json/parse.h"
#include "query/intrinsic_ast.h"

namespace stepwise::query::detail {

namespace {

constexpr int kMaxNesting = 10;  // "You can nest up to 10 intrinsic functions within a field."

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

struct CallParser {
    std::string_view s;
    size_t p = 0;
    IntrinsicCall::Impl& out;

    [[noreturn]] void fail(const std::string& what) {
        throw SyntaxError("Invalid intrinsic function call '" + std::string(s) + "': " + what, p);
    }
    char peek(size_t k = 0) const { return p + k < s.size() ? s[p + k] : '\0'; }
    void skip_ws() {
        while (p < s.size() && is_space(s[p])) ++p;
    }

    void string_literal(Arg& arg) {
        ++p;  // opening quote
        std::string text;
        std::string piece;
        while (true) {
            if (p >= s.size()) fail("unterminated string literal");
            char c = s[p++];
            if (c == '\'') break;
            if (c == '\\') {
                if (p >= s.size()) fail("unterminated string literal");
                char e = s[p++];
                // AWS escapes ' { } and \ ; any other backslash is kept as written.
                if (e != '\'' && e != '{' && e != '}' && e != '\\') {
                    text += c;
                    piece += c;
                }
                text += e;
                piece += e;
                continue;
            }
            if (c == '{' && peek() == '}') {
                ++p;
                text += "{}";
                arg.pieces.push_back({std::move(piece), false});
                piece.clear();
                arg.pieces.push_back({{}, true});
                continue;
            }
            text += c;
            piece += c;
        }
        if (!piece.empty() || arg.pieces.empty()) arg.pieces.push_back({std::move(piece), false});
        arg.kind = Arg::Kind::Literal;
        arg.string_literal = true;
        arg.literal = json::Value(text);
    }

    void path_arg(Arg& arg) {
        size_t start = p;
        int depth = 0;
        char quote = 0;
        for (; p < s.size(); ++p) {
            char c = s[p];
            if (quote) {
                if (c == '\\') ++p;
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
            else if (c == '[' || c == '(') ++depth;
            else if (c == ']' || (c == ')' && depth > 0)) --depth;
            else if (depth == 0 && (c == ',' || c == ')' || is_space(c))) break;
        }
        arg.kind = Arg::Kind::Path;
        try {
            arg.path = Path::compile(s.substr(start, p - start));
        } catch (const SyntaxError& e) {
            throw SyntaxError(std::string(e.what()) + " (in intrinsic function call '" + std::string(s) + "')", start);
        }
        if (arg.path.uses_context()) out.uses_context = true;
        for (const auto& v : arg.path.referenced_variables()) out.variables.push_back(v);
    }

    void number(Arg& arg) {
        size_t start = p;
        if (peek() == '-') ++p;
        while (p < s.size() && (std::isdigit(static_cast<unsigned char>(s[p])) || s[p] == '.' || s[p] == 'e' ||
                                s[p] == 'E' || ((s[p] == '+' || s[p] == '-') && (s[p - 1] == 'e' || s[p - 1] == 'E'))))
            ++p;
        auto v = json::try_parse(s.substr(start, p - start));
        if (!v || !v->is_number()) fail("invalid number '" + std::string(s.substr(start, p - start)) + "'");
        arg.kind = Arg::Kind::Literal;
        arg.literal = *v;
    }

    void argument(Arg& arg, int depth) {
        skip_ws();
        char c = peek();
        if (c == '\'') return string_literal(arg);
        if (c == '$') return path_arg(arg);
        if (c == '-' || (c >= '0' && c <= '9')) return number(arg);
        if (s.substr(p, 7) == "States.") {
            arg.kind = Arg::Kind::Call;
            auto node = std::make_shared<CallNode>();
            call(*node, depth + 1);
            arg.call = std::move(node);
            return;
        }
        for (std::string_view w : {"true", "false", "null"}) {
            if (s.substr(p, w.size()) == w && !is_alnum(peek(w.size()))) {
                p += w.size();
                arg.kind = Arg::Kind::Literal;
                arg.literal = w == "true" ? json::Value(true) : w == "false" ? json::Value(false) : json::Value();
                return;
            }
        }
        fail("unexpected argument at offset " + std::to_string(p));
    }

    void call(CallNode& node, int depth) {
        if (depth > kMaxNesting) fail("intrinsic functions can be nested at most " + std::to_string(kMaxNesting) + " deep");
        skip_ws();
        size_t start = p;
        if (s.substr(p, 7) != "States.") fail("expected 'States.'");
        p += 7;
        while (p < s.size() && is_alnum(s[p])) ++p;
        std::string_view name = s.substr(start, p - start);
        node.fn = find_function(name);
        if (!node.fn) {
            p = start;
            fail("unknown intrinsic function '" + std::string(name) + "'");
        }
        skip_ws();
        if (peek() != '(') fail("expected '(' after " + std::string(name));
        ++p;
        skip_ws();
        if (peek() == ')') {
            ++p;
        } else {
            while (true) {
                node.args.emplace_back();
                argument(node.args.back(), depth);
                skip_ws();
                if (peek() == ',') {
                    ++p;
                    continue;
                }
                if (peek() == ')') {
                    ++p;
                    break;
                }
                fail("expected ',' or ')'");
            }
        }
        const FunctionSpec& fn = *node.fn;
        size_t n = node.args.size();
        if (n < fn.min_args || n > fn.max_args) {
            std::string expected = fn.min_args == fn.max_args ? std::to_string(fn.min_args)
                                   : fn.max_args == SIZE_MAX ? "at least " + std::to_string(fn.min_args)
                                                             : std::to_string(fn.min_args) + " to " + std::to_string(fn.max_args);
            throw SyntaxError("The intrinsic function " + std::string(fn.name) + " expects " + expected +
                                  " argument" + (expected == "1" ? "" : "s") + " but received " + std::to_string(n),
                              start);
        }
        for (size_t i = 0; i < n; ++i) {
            const Arg& a = node.args[i];
            if (a.kind != Arg::Kind::Literal || fn.types.empty()) continue;
            ArgType t = fn.types[std::min(i, fn.types.size() - 1)];
            if (!arg_type_accepts(t, a.literal))
                throw SyntaxError("The intrinsic function " + std::string(fn.name) + " expects argument " +
                                      std::to_string(i + 1) + " to be of type " + std::string(arg_type_name(t)),
                                  start);
        }
    }
};

}  // namespace

void parse_intrinsic(std::string_view text, IntrinsicCall::Impl& out) {
    CallParser parser{text, 0, out};
    parser.call(out.root, 1);
    parser.skip_ws();
    if (parser.p != text.size()) parser.fail("unexpected text after the call");
}

}  // namespace stepwise::query::detail
