// How AWS (a Java service) prints a JSON value inside States.Format: Java's
// String.valueOf on the parsed value. Strings come out raw, objects as
// {key=value, ...} and arrays as [a, b], recursively.
#include <cmath>
#include <cstdlib>

#include "json/write.h"
#include "query/intrinsic_ast.h"

namespace stepwise::query::detail {

namespace {

// Java's Double.toString: the shortest digits that read back, written plain
// when 1e-3 <= |d| < 1e7 (always with a fraction: "100.0") and as
// "d.dddE<n>" otherwise ("1.0E7", "1.5E-7").
std::string java_double(double d) {
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    std::string js = json::format_double(d);
    std::string out;
    std::string_view t = js;
    if (t.front() == '-') {
        out += '-';
        t.remove_prefix(1);
    }
    long exp10 = 0;
    if (auto e = t.find('e'); e != std::string_view::npos) {
        exp10 = std::strtol(std::string(t.substr(e + 1)).c_str(), nullptr, 10);
        t = t.substr(0, e);
    }
    std::string digits;
    long point = static_cast<long>(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '.') point = static_cast<long>(i);
        else digits += t[i];
    }
    while (digits.size() > 1 && digits.front() == '0') {
        digits.erase(0, 1);
        --point;
    }
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    long n = point + exp10 - 1;  // d = digits[0].digits[1..] x 10^n
    double mag = std::fabs(d);
    if (mag >= 1e-3 && mag < 1e7) {
        if (n >= 0) {
            std::string int_part = digits.substr(0, std::min<size_t>(digits.size(), size_t(n + 1)));
            while (int_part.size() < size_t(n + 1)) int_part += '0';
            std::string frac = digits.size() > size_t(n + 1) ? digits.substr(size_t(n + 1)) : "0";
            out += int_part + "." + frac;
        } else {
            out += "0." + std::string(size_t(-n - 1), '0') + digits;
        }
        return out;
    }
    out += digits.substr(0, 1);
    out += '.';
    out += digits.size() > 1 ? digits.substr(1) : "0";
    out += 'E';
    out += std::to_string(n);
    return out;
}

// A JSON number as Java holds it after Jackson reads it: integers as
// Integer/Long/BigInteger (their digits), anything with a fraction or an
// exponent as Double.
std::string java_number(const json::Value& v) {
    if (v.is_exact_int()) return v.number_text();
    std::string text = v.number_text();
    if (text.find_first_of(".eE") == std::string::npos) return text;  // a big integer
    return java_double(v.as_double());
}

}  // namespace

void append_java_string(std::string& out, const json::Value& v) {
    switch (v.kind()) {
        case json::Kind::Null: out += "null"; break;
        case json::Kind::Bool: out += v.as_bool() ? "true" : "false"; break;
        case json::Kind::Number: out += java_number(v); break;
        case json::Kind::String: out += v.as_string(); break;
        case json::Kind::Array: {
            out += '[';
            bool first = true;
            for (const auto& item : v.as_array()) {
                if (!first) out += ", ";
                first = false;
                append_java_string(out, item);
            }
            out += ']';
            break;
        }
        case json::Kind::Object: {
            out += '{';
            bool first = true;
            for (const auto& m : v.as_object()) {
                if (!first) out += ", ";
                first = false;
                out += m.name();
                out += '=';
                append_java_string(out, m.value);
            }
            out += '}';
            break;
        }
    }
}

}  // namespace stepwise::query::detail
