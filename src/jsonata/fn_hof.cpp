// Higher-order functions: $map $filter $single $reduce.
#include "jsonata/builtins.h"

namespace stepwise::jsonata {

namespace {

// jsonata-js: functions.js map()
Val fn_map(Context& ctx, std::vector<Val>& args) {
    Val a = arg(args, 0), fn = arg(args, 1);
    if (a.is_undefined()) return {};
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    size_t n = a.size();
    for (size_t i = 0; i < n; ++i) {
        Val r = ctx.apply_hof(fn, a.at(i), Val::number(static_cast<double>(i)), a);
        if (r.is_defined()) out->items.push_back(r);
    }
    return Val::from_node(std::move(out));
}

// jsonata-js: functions.js filter()
Val fn_filter(Context& ctx, std::vector<Val>& args) {
    Val a = arg(args, 0), fn = arg(args, 1);
    if (a.is_undefined()) return {};
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    size_t n = a.size();
    for (size_t i = 0; i < n; ++i) {
        Val item = a.at(i);
        if (truthy(ctx.apply_hof(fn, item, Val::number(static_cast<double>(i)), a))) out->items.push_back(item);
    }
    return Val::from_node(std::move(out));
}

// jsonata-js: functions.js single()
Val fn_single(Context& ctx, std::vector<Val>& args) {
    Val a = arg(args, 0), fn = arg(args, 1);
    if (a.is_undefined()) return {};
    bool found = false;
    Val result;
    size_t n = a.size();
    for (size_t i = 0; i < n; ++i) {
        Val item = a.at(i);
        bool positive = true;
        if (fn.is_defined()) positive = truthy(ctx.apply_hof(fn, item, Val::number(static_cast<double>(i)), a));
        if (positive) {
            if (found) throw Error("D3138", error_message("D3138"), 0, "$single");
            result = item;
            found = true;
        }
    }
    if (!found) throw Error("D3139", error_message("D3139"), 0, "$single");
    return result;
}

// jsonata-js: functions.js foldLeft()
Val fn_reduce(Context& ctx, std::vector<Val>& args) {
    Val a = arg(args, 0), fn = arg(args, 1), init = arg(args, 2);
    if (a.is_undefined()) return {};
    size_t arity = ctx.arity(fn);
    if (arity < 2) throw function_error("D3050", "$reduce", fn);
    size_t index = 0;
    Val result;
    size_t n = a.size();
    if (init.is_undefined() && n > 0) {
        result = a.at(0);
        index = 1;
    } else {
        result = init;
    }
    for (; index < n; ++index) {
        std::vector<Val> call{result, a.at(index)};
        if (arity >= 3) call.push_back(Val::number(static_cast<double>(index)));
        if (arity >= 4) call.push_back(a);
        result = ctx.apply(fn, call, Val(), ctx.root);
    }
    return result;
}

}  // namespace

std::vector<BuiltinDef> hof_functions() {
    return {
        {"map", "<af>", fn_map},
        {"filter", "<af>", fn_filter},
        {"single", "<af?>", fn_single},
        {"reduce", "<afj?:j>", fn_reduce},
    };
}

}  // namespace stepwise::jsonata
