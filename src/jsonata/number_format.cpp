#include "jsonata/number_format.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "jsonata/error.h"
#include "jsonata/integer_format.h"
#include "jsonata/semantics.h"

namespace stepwise::jsonata {

namespace {

using U = std::u32string;

struct Properties {
    char32_t decimal = U'.', grouping = U',', exponent = U'e', percent = U'%', per_mille = 0x2030, zero = U'0',
             digit = U'#', pattern = U';';
    U minus = U"-";
};

struct Parts {
    U prefix, suffix, active, mantissa, integer, fractional, subpicture;
    bool has_exponent = false;
    U exponent;
};

struct Analysis {
    std::vector<int> integer_grouping;
    int regular_grouping = 0;
    int min_integer = 0;
    int scaling = 0;
    U prefix, suffix, picture;
    std::vector<int> fractional_grouping;
    int min_fraction = 0;
    int max_fraction = 0;
    int min_exponent = 0;
};

bool contains(const U& s, char32_t c) { return s.find(c) != U::npos; }

}  // namespace

std::string format_number(double value, const std::string& picture_text, const Val& options) {
    Properties p;
    if (options.is_object()) {
        for_each_member(options, [&](std::string_view key, const Val& v) {
            if (!v.is_string()) return;
            U s = to_u32(std::string(v.as_string()));
            char32_t c = s.empty() ? 0 : s[0];
            if (key == "decimal-separator") p.decimal = c;
            else if (key == "grouping-separator") p.grouping = c;
            else if (key == "exponent-separator") p.exponent = c;
            else if (key == "percent") p.percent = c;
            else if (key == "per-mille") p.per_mille = c;
            else if (key == "zero-digit") p.zero = c;
            else if (key == "digit") p.digit = c;
            else if (key == "pattern-separator") p.pattern = c;
            else if (key == "minus-sign") p.minus = s;
        });
    }
    U family;
    for (char32_t c = p.zero; c < p.zero + 10; ++c) family.push_back(c);
    U active_chars = family + U{p.decimal, p.exponent, p.grouping, p.digit, p.pattern};
    auto is_digit = [&](char32_t c) { return contains(family, c); };
    auto is_active = [&](char32_t c) { return contains(active_chars, c); };

    U picture = to_u32(picture_text);
    std::vector<U> sub_pictures;
    {
        U current;
        for (char32_t c : picture) {
            if (c == p.pattern) {
                sub_pictures.push_back(current);
                current.clear();
            } else {
                current.push_back(c);
            }
        }
        sub_pictures.push_back(current);
    }
    if (sub_pictures.size() > 2) throw make_error("D3080");

    auto split_parts = [&](const U& sub) {
        Parts parts;
        parts.subpicture = sub;
        size_t prefix_len = 0;
        for (size_t i = 0; i < sub.size(); ++i)
            if (is_active(sub[i]) && sub[i] != p.exponent) { prefix_len = i; break; }
        parts.prefix = sub.substr(0, prefix_len);
        size_t suffix_start = sub.size();
        for (size_t i = sub.size(); i-- > 0;)
            if (is_active(sub[i]) && sub[i] != p.exponent) { suffix_start = i + 1; break; }
        parts.suffix = sub.substr(suffix_start);
        parts.active = sub.size() >= parts.prefix.size() + parts.suffix.size()
                           ? sub.substr(parts.prefix.size(), sub.size() - parts.prefix.size() - parts.suffix.size())
                           : U();
        size_t exponent_pos = sub.find(p.exponent, parts.prefix.size());
        if (exponent_pos == U::npos || exponent_pos > sub.size() - parts.suffix.size()) {
            parts.mantissa = parts.active;
        } else {
            parts.mantissa = parts.active.substr(0, std::min(exponent_pos, parts.active.size()));
            parts.has_exponent = true;
            parts.exponent = exponent_pos + 1 <= parts.active.size() ? parts.active.substr(exponent_pos + 1) : U();
        }
        size_t decimal_pos = parts.mantissa.find(p.decimal);
        if (decimal_pos == U::npos) {
            parts.integer = parts.mantissa;
            parts.fractional = parts.suffix;
        } else {
            parts.integer = parts.mantissa.substr(0, decimal_pos);
            parts.fractional = parts.mantissa.substr(decimal_pos + 1);
        }
        return parts;
    };

    auto validate = [&](const Parts& parts) {
        const char* error = nullptr;
        const U& sub = parts.subpicture;
        size_t decimal_pos = sub.find(p.decimal);
        if (decimal_pos != sub.rfind(p.decimal)) error = "D3081";
        if (sub.find(p.percent) != sub.rfind(p.percent)) error = "D3082";
        if (sub.find(p.per_mille) != sub.rfind(p.per_mille)) error = "D3083";
        if (contains(sub, p.percent) && contains(sub, p.per_mille)) error = "D3084";
        bool valid = false;
        for (char32_t c : parts.mantissa)
            if (is_digit(c) || c == p.digit) { valid = true; break; }
        if (!valid) error = "D3085";
        for (char32_t c : parts.active)
            if (!is_active(c)) error = "D3086";
        if (decimal_pos != U::npos) {
            if ((decimal_pos > 0 && sub[decimal_pos - 1] == p.grouping) ||
                (decimal_pos + 1 < sub.size() && sub[decimal_pos + 1] == p.grouping))
                error = "D3087";
        } else if (!parts.integer.empty() && parts.integer.back() == p.grouping) {
            error = "D3088";
        }
        if (sub.find(U{p.grouping, p.grouping}) != U::npos) error = "D3089";
        size_t optional_pos = parts.integer.find(p.digit);
        if (optional_pos != U::npos) {
            for (size_t i = 0; i < optional_pos; ++i)
                if (is_digit(parts.integer[i])) error = "D3090";
        }
        optional_pos = parts.fractional.rfind(p.digit);
        if (optional_pos != U::npos) {
            for (size_t i = optional_pos; i < parts.fractional.size(); ++i)
                if (is_digit(parts.fractional[i])) error = "D3091";
        }
        if (parts.has_exponent && !parts.exponent.empty() && (contains(sub, p.percent) || contains(sub, p.per_mille)))
            error = "D3092";
        if (parts.has_exponent) {
            bool bad = parts.exponent.empty();
            for (char32_t c : parts.exponent)
                if (!is_digit(c)) bad = true;
            if (bad) error = "D3093";
        }
        if (error) throw make_error(error);
    };

    auto analyse = [&](const Parts& parts) {
        Analysis a;
        auto grouping_positions = [&](const U& part, bool to_left) {
            std::vector<int> positions;
            size_t g = part.find(p.grouping);
            while (g != U::npos) {
                U side = to_left ? part.substr(0, g) : part.substr(g);
                int count = 0;
                for (char32_t c : side)
                    if (is_digit(c) || c == p.digit) ++count;
                positions.push_back(count);
                g = part.find(p.grouping, g + 1);
            }
            return positions;
        };
        a.integer_grouping = grouping_positions(parts.integer, false);
        if (!a.integer_grouping.empty()) {
            int factor = 0;
            for (int x : a.integer_grouping) factor = std::gcd(factor, x);
            bool ok = factor > 0;
            for (size_t k = 1; ok && k <= a.integer_grouping.size(); ++k) {
                bool found = false;
                for (int x : a.integer_grouping)
                    if (x == static_cast<int>(k) * factor) found = true;
                if (!found) ok = false;
            }
            a.regular_grouping = ok ? factor : 0;
        }
        a.fractional_grouping = grouping_positions(parts.fractional, true);
        for (char32_t c : parts.integer)
            if (is_digit(c)) ++a.min_integer;
        a.scaling = a.min_integer;
        for (char32_t c : parts.fractional) {
            if (is_digit(c)) ++a.min_fraction;
            if (is_digit(c) || c == p.digit) ++a.max_fraction;
        }
        if (a.min_integer == 0 && a.max_fraction == 0) {
            if (parts.has_exponent) {
                a.min_fraction = 1;
                a.max_fraction = 1;
            } else {
                a.min_integer = 1;
            }
        }
        if (parts.has_exponent && a.min_integer == 0 && contains(parts.integer, p.digit)) a.min_integer = 1;
        if (a.min_integer == 0 && a.min_fraction == 0) a.min_fraction = 1;
        if (parts.has_exponent)
            for (char32_t c : parts.exponent)
                if (is_digit(c)) ++a.min_exponent;
        a.prefix = parts.prefix;
        a.suffix = parts.suffix;
        a.picture = parts.subpicture;
        return a;
    };

    std::vector<Parts> parts;
    for (const auto& sub : sub_pictures) parts.push_back(split_parts(sub));
    for (const auto& part : parts) validate(part);
    std::vector<Analysis> variables;
    for (const auto& part : parts) variables.push_back(analyse(part));
    if (variables.size() == 1) {
        variables.push_back(variables[0]);
        variables[1].prefix = p.minus + variables[1].prefix;
    }
    const Analysis& pic = value >= 0 ? variables[0] : variables[1];
    double adjusted = value;
    if (contains(pic.picture, p.percent)) adjusted = value * 100;
    else if (contains(pic.picture, p.per_mille)) adjusted = value * 1000;

    double mantissa = adjusted;
    bool has_exponent = pic.min_exponent > 0;
    int exponent = 0;
    if (has_exponent) {
        double max_m = std::pow(10.0, pic.scaling), min_m = std::pow(10.0, pic.scaling - 1);
        while (mantissa != 0 && std::fabs(mantissa) < min_m) {
            mantissa *= 10;
            exponent -= 1;
        }
        while (mantissa != 0 && std::fabs(mantissa) > max_m) {
            mantissa /= 10;
            exponent += 1;
        }
    }
    double rounded = round_half_even(mantissa, pic.max_fraction);
    auto make_string = [&](double v, int dp) {
        char buf[512];
        std::snprintf(buf, sizeof buf, "%.*f", dp, std::fabs(v));
        U s;
        for (const char* c = buf; *c; ++c) {
            if (*c >= '0' && *c <= '9') s.push_back(static_cast<char32_t>(p.zero + (*c - '0')));
            else s.push_back(static_cast<char32_t>(*c));
        }
        return s;
    };
    U s = make_string(rounded, pic.max_fraction);
    size_t dot = s.find(U'.');
    if (dot == U::npos) s.push_back(p.decimal);
    else s[dot] = p.decimal;
    while (!s.empty() && s.front() == p.zero) s.erase(0, 1);
    while (!s.empty() && s.back() == p.zero) s.pop_back();
    long decimal_pos = static_cast<long>(s.find(p.decimal));
    long pad_left = pic.min_integer - decimal_pos;
    long pad_right = pic.min_fraction - (static_cast<long>(s.size()) - decimal_pos - 1);
    if (pad_left > 0) s.insert(0, static_cast<size_t>(pad_left), p.zero);
    if (pad_right > 0) s.append(static_cast<size_t>(pad_right), p.zero);
    decimal_pos = static_cast<long>(s.find(p.decimal));
    if (pic.regular_grouping > 0) {
        long group_count = (decimal_pos - 1) / pic.regular_grouping;
        for (long g = 1; g <= group_count; ++g) s.insert(static_cast<size_t>(decimal_pos - g * pic.regular_grouping), 1, p.grouping);
    } else {
        for (int pos : pic.integer_grouping) {
            s.insert(static_cast<size_t>(std::max(0L, decimal_pos - pos)), 1, p.grouping);
            ++decimal_pos;
        }
    }
    decimal_pos = static_cast<long>(s.find(p.decimal));
    for (int pos : pic.fractional_grouping) s.insert(static_cast<size_t>(pos + decimal_pos + 1), 1, p.grouping);
    decimal_pos = static_cast<long>(s.find(p.decimal));
    if (pic.min_fraction == 0 && decimal_pos == static_cast<long>(s.size()) - 1) s.pop_back();
    if (has_exponent) {
        U e = make_string(exponent, 0);
        long pad = pic.min_exponent - static_cast<long>(e.size());
        if (pad > 0) e.insert(0, static_cast<size_t>(pad), p.zero);
        s += U{p.exponent};
        if (exponent < 0) s += p.minus;
        s += e;
    }
    return from_u32(pic.prefix + s + pic.suffix);
}

}  // namespace stepwise::jsonata
