// $fromMillis and $toMillis.
#include "jsonata/builtins.h"
#include "jsonata/datetime.h"

namespace stepwise::jsonata {

namespace {

// jsonata-js: datetime.js fromMillis()
Val fn_from_millis(Context&, std::vector<Val>& args) {
    Val m = arg(args, 0);
    if (m.is_undefined()) return {};
    return Val::string(format_datetime(m.as_number(), arg(args, 1), arg(args, 2)));
}

// jsonata-js: datetime.js toMillis()
Val fn_to_millis(Context& ctx, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    auto r = parse_datetime(std::string(s.as_string()), arg(args, 1), ctx.now_ms());
    return r ? Val::number(*r) : Val();
}

}  // namespace

std::vector<BuiltinDef> datetime_functions() {
    return {
        {"fromMillis", "<n-s?s?:s>", fn_from_millis},
        {"toMillis", "<s-s?:n>", fn_to_millis},
    };
}

}  // namespace stepwise::jsonata
