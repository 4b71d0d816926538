#include "jsonata/semantics.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "jsonata/error.h"
#include "jsonata/function.h"
#include "json/utf8.h"
#include "json/write.h"

namespace stepwise::jsonata {

std::optional<bool> boolean_of(const Val& v) {
    switch (v.type()) {
        case VType::Undefined: return std::nullopt;
        case VType::Array: {
            size_t n = v.size();
            if (n == 0) return false;
            if (n == 1) return boolean_of(v.at(0)).value_or(false);
            for (size_t i = 0; i < n; ++i)
                if (truthy(v.at(i))) return true;
            return false;
        }
        case VType::String: return !v.as_string().empty();
        case VType::Number: return is_numeric(v) && v.as_number() != 0;
        case VType::Object: return v.obj() ? !v.obj()->members.empty() : v.json().size() > 0;
        case VType::Bool: return v.as_bool();
        case VType::Function: return false;
        default: return false;
    }
}

bool is_numeric(const Val& v) {
    if (!v.is_number()) return false;
    double d = v.as_number();
    if (std::isnan(d)) return false;
    if (!std::isfinite(d)) {
        Error e = make_error("D1001", 0, "", json::format_double(d));
        throw e;
    }
    return true;
}

bool is_integer_value(const Val& v) {
    if (!v.is_number()) return false;
    double d = v.as_number();
    return std::isfinite(d) && std::floor(d) == d;
}

std::string number_to_string(double d) {
    if (d == 0) return "0";
    if (std::floor(d) == d) return json::format_double(d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.14e", d);
    double rounded = std::strtod(buf, nullptr);
    return json::format_double(rounded);
}

namespace {

void newline(std::string& out, int indent, int level) {
    if (indent <= 0) return;
    out += '\n';
    out.append(static_cast<size_t>(indent * level), ' ');
}

void stringify(std::string& out, const Val& v, int indent, int level) {
    charge_output(output_cost(v), "Writing a value as text");
    switch (v.type()) {
        case VType::Undefined:
        case VType::Null: out += "null"; return;
        case VType::Bool: out += v.as_bool() ? "true" : "false"; return;
        case VType::Number: {
            is_numeric(v);
            double d = v.as_number();
            if (std::isnan(d)) { out += "null"; return; }
            out += number_to_string(d);
            return;
        }
        case VType::String: json::append_quoted(out, v.as_string()); return;
        case VType::Function: out += "\"\""; return;
        case VType::Array: {
            size_t n = v.size();
            if (n == 0) { out += "[]"; return; }
            out += '[';
            for (size_t i = 0; i < n; ++i) {
                if (i) out += ',';
                newline(out, indent, level + 1);
                Val item = v.at(i);
                stringify(out, item, indent, level + 1);
            }
            newline(out, indent, level);
            out += ']';
            return;
        }
        case VType::Object: {
            bool first = true;
            out += '{';
            for_each_member(v, [&](std::string_view key, const Val& value) {
                if (value.is_undefined()) return;
                if (!first) out += ',';
                first = false;
                newline(out, indent, level + 1);
                json::append_quoted(out, key);
                out += indent > 0 ? ": " : ":";
                stringify(out, value, indent, level + 1);
            });
            if (!first) newline(out, indent, level);
            out += '}';
            return;
        }
    }
}

}  // namespace

std::optional<std::string> string_of(const Val& v, bool pretty) {
    if (v.is_undefined()) return std::nullopt;
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_function()) return std::string();
    if (v.is_number() && !std::isfinite(v.as_number())) {
        throw make_error("D3001", 0, "", json::format_double(v.as_number()));
    }
    Val subject = v;
    if (auto* a = v.arr(); a && a->outer_wrapper && !a->items.empty()) subject = a->items[0];
    std::string out;
    stringify(out, subject, pretty ? 2 : 0, 0);
    return out;
}

namespace {
// Shifts the decimal point of x by `places` exactly as the reference does:
// through the number's JS text form.
double shift_decimal(double x, long places) {
    std::string text = json::format_double(x);
    size_t e = text.find('e');
    std::string mantissa = e == std::string::npos ? text : text.substr(0, e);
    long exponent = e == std::string::npos ? 0 : std::strtol(text.c_str() + e + 1, nullptr, 10);
    std::string shifted = mantissa + "e" + std::to_string(exponent + places);
    return std::strtod(shifted.c_str(), nullptr);
}

}  // namespace

double round_half_even(double x, long precision) {
    if (precision) x = shift_decimal(x, precision);
    double result = std::floor(x + 0.5);
    double diff = result - x;
    if (std::fabs(diff) == 0.5 && std::fabs(std::fmod(result, 2)) == 1) result -= 1;
    if (precision) result = shift_decimal(result, -precision);
    if (result == 0) result = 0;  // no negative zero
    return result;
}

Val append(const Val& a, const Val& b) {
    if (a.is_undefined()) return b;
    if (b.is_undefined()) return a;
    std::vector<Val> items;
    items.reserve((a.is_array() ? a.size() : 1) + (b.is_array() ? b.size() : 1));
    if (a.is_array()) for_each_item(a, [&](const Val& x) { items.push_back(x); });
    else items.push_back(a);
    if (b.is_array()) for_each_item(b, [&](const Val& x) { items.push_back(x); });
    else items.push_back(b);
    return make_array(std::move(items));
}

void merge_sort(std::vector<Val>& items, const std::function<bool(const Val&, const Val&)>& after) {
    if (items.size() <= 1) return;
    size_t middle = items.size() / 2;
    std::vector<Val> left(items.begin(), items.begin() + static_cast<long>(middle));
    std::vector<Val> right(items.begin() + static_cast<long>(middle), items.end());
    merge_sort(left, after);
    merge_sort(right, after);
    size_t i = 0, j = 0, k = 0;
    while (i < left.size() && j < right.size()) {
        if (after(left[i], right[j])) items[k++] = right[j++];
        else items[k++] = left[i++];
    }
    while (i < left.size()) items[k++] = left[i++];
    while (j < right.size()) items[k++] = right[j++];
}

bool is_array_of_strings(const Val& v) {
    if (!v.is_array()) return false;
    bool ok = true;
    for_each_item(v, [&](const Val& x) { if (!x.is_string()) ok = false; });
    return ok;
}

bool is_array_of_numbers(const Val& v) {
    if (!v.is_array()) return false;
    bool ok = true;
    for_each_item(v, [&](const Val& x) { if (!x.is_number()) ok = false; });
    return ok;
}

std::string describe(const Val& v) {
    if (v.is_undefined()) return "undefined";
    if (v.is_function()) return "function";
    try {
        if (v.is_string()) return json::quoted(v.as_string());
        return string_of(v).value_or("undefined");
    } catch (const Error&) {
        return json::format_double(v.as_number());
    }
}

int compare_strings(std::string_view a, std::string_view b) {
    // UTF-8 byte order equals code point order; JS compares UTF-16 code units,
    // which differs only between supplementary characters and U+E000..U+FFFF.
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) { ++i; ++j; continue; }
        size_t pi = i, pj = j;
        // back up to the start of the current code points
        while (pi > 0 && (static_cast<unsigned char>(a[pi]) & 0xC0) == 0x80) --pi;
        while (pj > 0 && (static_cast<unsigned char>(b[pj]) & 0xC0) == 0x80) --pj;
        uint32_t ca = utf8::decode(a, pi), cb = utf8::decode(b, pj);
        auto key = [](uint32_t c) -> uint32_t { return c >= 0x10000 ? 0xD800 + ((c - 0x10000) >> 10) : c; };
        uint32_t ka = key(ca), kb = key(cb);
        if (ka != kb) return ka < kb ? -1 : 1;
        return ca < cb ? -1 : 1;
    }
    if (i < a.size()) return 1;
    if (j < b.size()) return -1;
    return 0;
}

}  // namespace stepwise::jsonata
