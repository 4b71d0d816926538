// Aggregation and boolean functions: $sum $count $max $min $average $boolean $not $exists.
#include "jsonata/builtins.h"

namespace stepwise::jsonata {

namespace {

// jsonata-js: functions.js sum()
Val fn_sum(Context&, std::vector<Val>& args) {
    Val a = arg(args, 0);
    if (a.is_undefined()) return {};
    double total = 0;
    for_each_item(a, [&](const Val& v) { total += v.as_number(); });
    return Val::number(total);
}

// jsonata-js: functions.js count()
Val fn_count(Context&, std::vector<Val>& args) {
    Val a = arg(args, 0);
    if (a.is_undefined()) return Val::number(0);
    return Val::number(static_cast<double>(a.size()));
}

Val extreme(const Val& a, bool want_max) {
    if (a.is_undefined() || a.size() == 0) return {};
    double best = 0;
    bool first = true;
    for_each_item(a, [&](const Val& v) {
        double d = v.as_number();
        if (first || (want_max ? d > best : d < best)) best = d;
        first = false;
    });
    return Val::number(best);
}

// jsonata-js: functions.js max()
Val fn_max(Context&, std::vector<Val>& args) { return extreme(arg(args, 0), true); }
// jsonata-js: functions.js min()
Val fn_min(Context&, std::vector<Val>& args) { return extreme(arg(args, 0), false); }

// jsonata-js: functions.js average()
Val fn_average(Context&, std::vector<Val>& args) {
    Val a = arg(args, 0);
    if (a.is_undefined() || a.size() == 0) return {};
    double total = 0;
    for_each_item(a, [&](const Val& v) { total += v.as_number(); });
    return Val::number(total / static_cast<double>(a.size()));
}

// jsonata-js: functions.js boolean()
Val fn_boolean(Context&, std::vector<Val>& args) {
    auto b = boolean_of(arg(args, 0));
    return b ? Val::boolean(*b) : Val();
}

// jsonata-js: functions.js not()
Val fn_not(Context&, std::vector<Val>& args) {
    auto b = boolean_of(arg(args, 0));
    return b ? Val::boolean(!*b) : Val();
}

// jsonata-js: functions.js exists()
Val fn_exists(Context&, std::vector<Val>& args) { return Val::boolean(arg(args, 0).is_defined()); }

}  // namespace

std::vector<BuiltinDef> aggregate_functions() {
    return {
        {"sum", "<a<n>:n>", fn_sum},
        {"count", "<a:n>", fn_count},
        {"max", "<a<n>:n>", fn_max},
        {"min", "<a<n>:n>", fn_min},
        {"average", "<a<n>:n>", fn_average},
        {"boolean", "<x-:b>", fn_boolean},
        {"not", "<x-:b>", fn_not},
        {"exists", "<x:b>", fn_exists},
    };
}

}  // namespace stepwise::jsonata
