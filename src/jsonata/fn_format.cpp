// $formatNumber, $formatInteger, $parseInteger.
#include "jsonata/builtins.h"
#include "jsonata/integer_format.h"
#include "jsonata/number_format.h"

namespace stepwise::jsonata {

namespace {

// jsonata-js: functions.js formatNumber()
Val fn_format_number(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    return Val::string(format_number(v.as_number(), std::string(arg(args, 1).as_string()), arg(args, 2)));
}

// jsonata-js: datetime.js formatInteger()
Val fn_format_integer(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    IntegerPicture picture = analyse_integer_picture(to_u32(std::string(arg(args, 1).as_string())));
    return Val::string(from_u32(format_integer(v.as_number(), picture)));
}

// jsonata-js: datetime.js parseInteger()
Val fn_parse_integer(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    IntegerPicture picture = analyse_integer_picture(to_u32(std::string(arg(args, 1).as_string())));
    double out = 0;
    if (!parse_integer(to_u32(std::string(v.as_string())), picture, out)) return {};
    return Val::number(out);
}

}  // namespace

std::vector<BuiltinDef> format_functions() {
    return {
        {"formatNumber", "<n-so?:s>", fn_format_number},
        {"formatInteger", "<n-s:s>", fn_format_integer},
        {"parseInteger", "<s-s:n>", fn_parse_integer},
    };
}

}  // namespace stepwise::jsonata
