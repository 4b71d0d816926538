// States.StringToJson, States.JsonToString and States.JsonMerge.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-json-manipulate
#include "json/parse.h"
#include "json/write.h"
#include "query/intrinsic_ast.h"

namespace stepwise::query::detail {

json::Value fn_string_to_json(const CallContext& ctx, const json::Value* args, size_t) {
    std::string_view s = args[0].as_string();
    // AWS reads blank text as null (Jackson returns no node for it).
    bool blank = true;
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            blank = false;
            break;
        }
    if (blank) return json::Value();
    std::string error;
    auto v = json::try_parse(s, &error);
    if (!v) intrinsic_failure(ctx, "the string is not valid JSON: " + json::quoted(s));
    return std::move(*v);
}

json::Value fn_json_to_string(const CallContext&, const json::Value* args, size_t) {
    return json::Value(json::dump(args[0]));
}

// Shallow merge: members of the second object replace those of the first.
json::Value fn_json_merge(const CallContext& ctx, const json::Value* args, size_t) {
    if (args[2].as_bool())
        intrinsic_failure(ctx, "only shallow merging is supported; the third argument must be false");
    json::Value out = args[0];
    if (args[1].size() == 0) return out;
    if (out.size() == 0) return args[1];
    json::Object& obj = out.mutable_object();
    for (const auto& m : args[1].as_object()) obj.set_member(m.key, m.value);
    return out;
}

}  // namespace stepwise::query::detail
