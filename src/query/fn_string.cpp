// States.Format and States.StringSplit.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-generic
#include "json/utf8.h"
#include "query/intrinsic_ast.h"

namespace stepwise::query::detail {

json::Value fn_format(const CallContext& ctx, const json::Value* args, size_t n) {
    const Arg& tmpl = ctx.node.args[0];
    std::vector<FormatPiece> runtime_pieces;
    const std::vector<FormatPiece>* pieces = &tmpl.pieces;
    if (!(tmpl.kind == Arg::Kind::Literal && tmpl.string_literal)) {
        // A template read at run time: `{}` is a placeholder, nothing is escaped.
        std::string_view s = args[0].as_string();
        std::string piece;
        for (size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '}') {
                runtime_pieces.push_back({std::move(piece), false});
                piece.clear();
                runtime_pieces.push_back({{}, true});
                ++i;
            } else {
                piece += s[i];
            }
        }
        runtime_pieces.push_back({std::move(piece), false});
        pieces = &runtime_pieces;
    }
    size_t placeholders = 0;
    for (const auto& p : *pieces) placeholders += p.placeholder;
    if (placeholders != n - 1)
        intrinsic_failure(ctx, "the format string has " + std::to_string(placeholders) + " placeholder" +
                                   (placeholders == 1 ? "" : "s") + " but " + std::to_string(n - 1) + " value" +
                                   (n - 1 == 1 ? " was" : "s were") + " given");
    std::string out;
    size_t next = 1;
    for (const auto& p : *pieces) {
        if (p.placeholder) append_java_string(out, args[next++]);
        else out += p.text;
    }
    return json::Value(out);
}

// Java's StringTokenizer: every character of the second argument separates,
// and empty tokens are dropped.
json::Value fn_string_split(const CallContext& ctx, const json::Value* args, size_t) {
    std::string_view s = args[0].as_string();
    std::string_view delims = args[1].as_string();
    std::vector<uint32_t> set;
    for (size_t pos = 0; pos < delims.size();) set.push_back(utf8::decode(delims, pos));
    json::Array out;
    size_t token_start = 0;
    size_t pos = 0;
    auto flush = [&](size_t end) {
        if (end > token_start) out.push_back(json::Value(s.substr(token_start, end - token_start)));
    };
    while (pos < s.size()) {
        size_t here = pos;
        uint32_t cp = utf8::decode(s, pos);
        bool is_delim = false;
        for (uint32_t d : set)
            if (d == cp) {
                is_delim = true;
                break;
            }
        if (is_delim) {
            flush(here);
            token_start = pos;
        }
    }
    flush(s.size());
    return json::Value(std::move(out));
}

}  // namespace stepwise::query::detail
