// Array intrinsics: States.Array, ArrayPartition, ArrayContains, ArrayRange,
// ArrayGetItem, ArrayLength, ArrayUnique.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-arrays
#include <cmath>
#include <functional>
#include <unordered_map>

#include "json/write.h"
#include "query/intrinsic_ast.h"

namespace stepwise::query::detail {

namespace {
constexpr int64_t kMaxRangeItems = 1000;  // "The ArrayRange function returns at most 1000 items."

// A hash consistent with json::Value's equality (numbers by value, objects
// regardless of member order).
size_t structural_hash(const json::Value& v) {
    switch (v.kind()) {
        case json::Kind::Null: return 0x9e3779b9;
        case json::Kind::Bool: return v.as_bool() ? 1231 : 1237;
        case json::Kind::Number: {
            double d = v.as_double();
            return std::hash<double>{}(d == 0 ? 0.0 : d);
        }
        case json::Kind::String: return std::hash<std::string_view>{}(v.as_string());
        case json::Kind::Array: {
            size_t h = 17;
            for (const auto& item : v.as_array()) h = h * 31 + structural_hash(item);
            return h;
        }
        case json::Kind::Object: {
            size_t h = 0x51ed27;
            for (const auto& m : v.as_object())
                h ^= std::hash<std::string_view>{}(m.name()) * 0x9e3779b97f4a7c15ull + structural_hash(m.value);
            return h;
        }
    }
    return 0;
}
}  // namespace

json::Value fn_array(const CallContext&, const json::Value* args, size_t n) {
    json::Array out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.push_back(args[i]);
    return json::Value(std::move(out));
}

json::Value fn_array_partition(const CallContext& ctx, const json::Value* args, size_t) {
    const auto& arr = args[0].as_array();
    int64_t size = args[1].as_int();
    if (size <= 0) intrinsic_failure(ctx, "the chunk size must be greater than 0, but was " + args[1].number_text());
    json::Array out;
    size_t chunk = static_cast<size_t>(size);
    for (size_t i = 0; i < arr.size(); i += chunk) {
        json::Array part;
        size_t end = std::min(arr.size(), i + chunk);
        part.reserve(end - i);
        for (size_t k = i; k < end; ++k) part.push_back(arr[k]);
        out.push_back(json::Value(std::move(part)));
    }
    return json::Value(std::move(out));
}

json::Value fn_array_contains(const CallContext&, const json::Value* args, size_t) {
    for (const auto& item : args[0].as_array())
        if (item == args[1]) return json::Value(true);
    return json::Value(false);
}

json::Value fn_array_range(const CallContext& ctx, const json::Value* args, size_t) {
    int64_t start = args[0].as_int(), end = args[1].as_int(), step = args[2].as_int();
    if (step == 0) intrinsic_failure(ctx, "the step must not be 0");
    json::Array out;
    // Count first, without overflow, to enforce the limit before building.
    long double count = 0;
    if ((step > 0 && start <= end) || (step < 0 && start >= end))
        count = std::floor((static_cast<long double>(end) - start) / step) + 1;
    if (count > kMaxRangeItems)
        intrinsic_failure(ctx, "the range would have " + json::format_double(static_cast<double>(count)) +
                                   " items, more than the maximum of " + std::to_string(kMaxRangeItems));
    out.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) out.push_back(json::Value(static_cast<long long>(start + i * step)));
    return json::Value(std::move(out));
}

json::Value fn_array_get_item(const CallContext& ctx, const json::Value* args, size_t) {
    const auto& arr = args[0].as_array();
    int64_t index = args[1].as_int();
    if (index < 0 || index >= static_cast<int64_t>(arr.size()))
        intrinsic_failure(ctx, "the index " + args[1].number_text() + " is out of bounds for an array of length " +
                                   std::to_string(arr.size()));
    return arr[static_cast<size_t>(index)];
}

json::Value fn_array_length(const CallContext&, const json::Value* args, size_t) {
    return json::Value(static_cast<long long>(args[0].size()));
}

json::Value fn_array_unique(const CallContext&, const json::Value* args, size_t) {
    // Keeps the first of equal items, in order.
    const auto& arr = args[0].as_array();
    json::Array out;
    std::unordered_multimap<size_t, size_t> seen;  // hash -> index in out
    seen.reserve(arr.size());
    for (const auto& item : arr) {
        size_t h = structural_hash(item);
        auto [lo, hi] = seen.equal_range(h);
        bool dup = false;
        for (auto it = lo; it != hi; ++it)
            if (out[it->second] == item) {
                dup = true;
                break;
            }
        if (dup) continue;
        seen.emplace(h, out.size());
        out.push_back(item);
    }
    return json::Value(std::move(out));
}

}  // namespace stepwise::query::detail
