// Numeric functions: $number $floor $ceil $round $abs $sqrt $power $random $formatBase.
#include <cmath>
#include <cstdlib>
#include <random>

#include "jsonata/builtins.h"
#include "json/write.h"

namespace stepwise::jsonata {

namespace {

// -?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)? over the whole text, in one pass.
bool is_decimal_literal(std::string_view s) {
    size_t i = 0;
    auto digits = [&] {
        size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > start;
    };
    if (i < s.size() && s[i] == '-') ++i;
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == s.size();
}

// jsonata-js: functions.js number()
Val fn_number(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    if (v.is_number()) return v;
    if (v.is_bool()) return Val::number(v.as_bool() ? 1 : 0);
    if (v.is_string()) {
        std::string s(v.as_string());
        if (is_decimal_literal(s)) {
            double d = std::strtod(s.c_str(), nullptr);
            if (std::isfinite(d)) return Val::number(d);
        }
        if (s.size() > 2 && s[0] == '0') {
            int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : (s[1] == 'b' || s[1] == 'B') ? 2 : 0;
            if (base) {
                bool ok = true;
                double value = 0;
                for (size_t i = 2; i < s.size(); ++i) {
                    char c = s[i];
                    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                            : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
                    if (d >= base) { ok = false; break; }
                    value = value * base + d;
                }
                if (ok) return Val::number(value);
            }
        }
    }
    throw function_error("D3030", "$number", v);
}

// jsonata-js: functions.js floor()
Val fn_floor(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    return v.is_undefined() ? Val() : Val::number(std::floor(v.as_number()));
}

// jsonata-js: functions.js ceil()
Val fn_ceil(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    return v.is_undefined() ? Val() : Val::number(std::ceil(v.as_number()));
}

// jsonata-js: functions.js abs()
Val fn_abs(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    return v.is_undefined() ? Val() : Val::number(std::fabs(v.as_number()));
}

// jsonata-js: functions.js round()
Val fn_round(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    long precision = arg(args, 1).is_defined() ? static_cast<long>(arg(args, 1).as_number()) : 0;
    return Val::number(round_half_even(v.as_number(), precision));
}

// jsonata-js: functions.js sqrt()
Val fn_sqrt(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    if (v.as_number() < 0) throw function_error("D3060", "$sqrt", v);
    return Val::number(std::sqrt(v.as_number()));
}

// jsonata-js: functions.js power()
Val fn_power(Context&, std::vector<Val>& args) {
    Val b = arg(args, 0);
    if (b.is_undefined()) return {};
    double r = std::pow(b.as_number(), arg(args, 1).as_number());
    if (!std::isfinite(r)) throw function_error("D3061", "$power", b);
    return Val::number(r);
}

// jsonata-js: functions.js random()
Val fn_random(Context&, std::vector<Val>&) {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return Val::number(std::uniform_real_distribution<double>(0.0, 1.0)(engine));
}

// jsonata-js: functions.js formatBase()
Val fn_format_base(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    std::vector<Val> round_args{v};
    Context* unused = nullptr;
    (void)unused;
    double x = v.as_number();
    // round half to even, as $round
    double r = std::floor(x + 0.5);
    if (std::fabs(r - x) == 0.5 && std::fabs(std::fmod(r, 2)) == 1) r -= 1;
    long radix = arg(args, 1).is_defined() ? static_cast<long>(arg(args, 1).as_number()) : 10;
    if (radix < 2 || radix > 36) throw function_error("D3100", "$formatBase", arg(args, 1));
    bool negative = r < 0;
    double n = std::fabs(r);
    std::string digits;
    if (n == 0) digits = "0";
    while (n >= 1) {
        int d = static_cast<int>(std::fmod(n, static_cast<double>(radix)));
        digits.insert(digits.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[d]);
        n = std::floor(n / static_cast<double>(radix));
    }
    return Val::string((negative ? "-" : "") + digits);
}

}  // namespace

std::vector<BuiltinDef> numeric_functions() {
    return {
        {"number", "<(nsb)-:n>", fn_number},
        {"floor", "<n-:n>", fn_floor},
        {"ceil", "<n-:n>", fn_ceil},
        {"round", "<n-n?:n>", fn_round},
        {"abs", "<n-:n>", fn_abs},
        {"sqrt", "<n-:n>", fn_sqrt},
        {"power", "<n-n:n>", fn_power},
        {"random", "<:n>", fn_random},
        {"formatBase", "<n-n?:s>", fn_format_base},
    };
}

}  // namespace stepwise::jsonata
