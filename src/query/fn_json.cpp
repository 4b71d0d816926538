// States.StringToJson, States.JsonToString and States.JsonMerge.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-json-manipulate
#include <algorithm>
#include <numeric>

#include "json/parse.h"
#include "json/utf8.h"
#include "json/write.h"
#include "query/intrinsic_ast.h"

namespace stepwise::query::detail {

namespace {

// Jackson reads "-0" as the integer 0.
json::Value normalize_negative_zero(const json::Value& v) {
    if (v.is_number()) return v.number_text() == "-0" ? json::Value(0) : v;
    if (v.is_array()) {
        json::Value out = v;
        for (auto& item : out.mutable_array()) item = normalize_negative_zero(item);
        return out;
    }
    if (v.is_object()) {
        json::Value out = v;
        for (auto& m : out.mutable_object()) m.value = normalize_negative_zero(m.value);
        return out;
    }
    return v;
}

// java.lang.String.hashCode over UTF-16 code units, spread as HashMap does.
uint32_t java_hash(std::string_view s) {
    uint32_t h = 0;
    for (size_t pos = 0; pos < s.size();) {
        uint32_t cp = utf8::decode(s, pos);
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            h = 31 * h + (0xD800 + (cp >> 10));
            h = 31 * h + (0xDC00 + (cp & 0x3FF));
        } else {
            h = 31 * h + cp;
        }
    }
    return h ^ (h >> 16);
}

// AWS builds the merged object in a java.util.HashMap, so its members come
// out in HashMap iteration order: by bucket (hash & (capacity - 1), the
// capacity growing from 16 by doubling past a 0.75 load), then by insertion.
// (Recorded: merging {"constant_in_literal"} with {"constant_input_field"}
// prints constant_input_field first.)
json::Value in_hash_map_order(const json::Object& obj) {
    size_t capacity = 16;
    while (obj.size() > capacity * 3 / 4) capacity *= 2;
    std::vector<std::pair<uint32_t, size_t>> order;
    order.reserve(obj.size());
    for (size_t i = 0; i < obj.size(); ++i)
        order.emplace_back(java_hash(obj.at(i).name()) & uint32_t(capacity - 1), i);
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    json::Object out;
    out.reserve(obj.size());
    for (const auto& [bucket, i] : order) out.append(obj.at(i).key, obj.at(i).value);
    return json::Value(std::move(out));
}

}  // namespace

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
    if (s.find("-0") != std::string_view::npos) return normalize_negative_zero(*v);
    return std::move(*v);
}

json::Value fn_json_to_string(const CallContext&, const json::Value* args, size_t) {
    return json::Value(json::dump(args[0]));
}

// Shallow merge: members of the second object replace those of the first.
json::Value fn_json_merge(const CallContext& ctx, const json::Value* args, size_t) {
    if (args[2].as_bool())
        intrinsic_failure(ctx, "only shallow merging is supported; the third argument must be false");
    json::Object merged = args[0].as_object();
    for (const auto& m : args[1].as_object()) merged.set_member(m.key, m.value);
    return in_hash_map_order(merged);
}

}  // namespace stepwise::query::detail
