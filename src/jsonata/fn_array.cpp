// Array functions: $append $reverse $shuffle $distinct $sort $zip.
#include <algorithm>
#include <random>

#include "jsonata/builtins.h"

namespace stepwise::jsonata {

namespace {

// jsonata-js: functions.js append()
Val fn_append(Context&, std::vector<Val>& args) { return append(arg(args, 0), arg(args, 1)); }

// jsonata-js: functions.js reverse()
Val fn_reverse(Context&, std::vector<Val>& args) {
    Val a = arg(args, 0);
    if (a.is_undefined() || a.size() <= 1) return a;
    std::vector<Val> items = items_of(a);
    std::reverse(items.begin(), items.end());
    return make_array(std::move(items));
}

// jsonata-js: functions.js shuffle()
Val fn_shuffle(Context&, std::vector<Val>& args) {
    Val a = arg(args, 0);
    if (a.is_undefined() || a.size() <= 1) return a;
    std::vector<Val> items = items_of(a);
    thread_local std::mt19937_64 engine{std::random_device{}()};
    std::shuffle(items.begin(), items.end(), engine);
    return make_array(std::move(items));
}

// jsonata-js: functions.js distinct()
Val fn_distinct(Context&, std::vector<Val>& args) {
    Val a = arg(args, 0);
    if (!a.is_array() || a.size() <= 1) return a;
    std::vector<Val> out;
    for_each_item(a, [&](const Val& v) {
        for (const auto& seen : out)
            if (deep_equal(seen, v)) return;
        out.push_back(v);
    });
    return make_array(std::move(out), a.is_sequence());
}

bool js_truthy(const Val& v) {
    switch (v.type()) {
        case VType::Undefined:
        case VType::Null: return false;
        case VType::Bool: return v.as_bool();
        case VType::Number: return v.as_number() != 0 && v.as_number() == v.as_number();
        case VType::String: return !v.as_string().empty();
        default: return true;
    }
}

// jsonata-js: functions.js sort()
Val fn_sort(Context& ctx, std::vector<Val>& args) {
    Val a = arg(args, 0), comparator = arg(args, 1);
    if (a.is_undefined() || a.size() <= 1) return a;
    std::vector<Val> items = items_of(a);
    if (comparator.is_undefined()) {
        if (!is_array_of_numbers(a) && !is_array_of_strings(a)) throw function_error("D3070", "$sort", a);
        merge_sort(items, [](const Val& x, const Val& y) {
            if (x.is_number()) return x.as_number() > y.as_number();
            return compare_strings(x.as_string(), y.as_string()) > 0;
        });
    } else {
        merge_sort(items, [&](const Val& x, const Val& y) {
            return js_truthy(ctx.apply(comparator, {x, y}, Val(), ctx.root));
        });
    }
    return make_array(std::move(items));
}

// jsonata-js: functions.js zip()
Val fn_zip(Context&, std::vector<Val>& args) {
    size_t length = SIZE_MAX;
    for (const auto& a : args) length = std::min(length, a.is_undefined() ? 0 : a.size());
    if (args.empty()) length = 0;
    std::vector<Val> out;
    for (size_t i = 0; i < length; ++i) {
        std::vector<Val> tuple;
        for (const auto& a : args) tuple.push_back(a.at(i));
        out.push_back(make_array(std::move(tuple)));
    }
    return make_array(std::move(out));
}

}  // namespace

std::vector<BuiltinDef> array_functions() {
    return {
        {"append", "<xx:a>", fn_append},
        {"reverse", "<a:a>", fn_reverse},
        {"shuffle", "<a:a>", fn_shuffle},
        {"distinct", "<x:x>", fn_distinct},
        {"sort", "<af?:a>", fn_sort},
        {"zip", "<a+>", fn_zip},
    };
}

}  // namespace stepwise::jsonata
