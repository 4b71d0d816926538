// String functions: $string $substring $substringBefore $substringAfter
// $lowercase $uppercase $length $trim $pad $contains $split $join $match
// $replace $base64encode $base64decode and the URL encoders.
#include <cmath>
#include <cstring>

#include "json/write.h"

#include "jsonata/builtins.h"
#include "jsonata/matcher.h"
#include "jsonata/text.h"
#include "json/utf8.h"

namespace stepwise::jsonata {

namespace {

// jsonata-js: functions.js string()
Val fn_string(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    bool pretty = arg(args, 1).is_bool() && arg(args, 1).as_bool();
    auto s = string_of(v, pretty);
    return s ? Val::string(*s) : Val();
}

long to_long(double d) {
    if (std::isnan(d)) return 0;
    if (d > 1e15) return static_cast<long>(1e15);
    if (d < -1e15) return static_cast<long>(-1e15);
    return static_cast<long>(std::trunc(d));
}

// jsonata-js: functions.js substring()
Val fn_substring(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    auto cps = text::code_points(s.as_string());
    long len = static_cast<long>(cps.size());
    long start = to_long(arg(args, 1).as_number());
    if (len + start < 0) start = 0;
    auto slice = [&](long b, long e) {
        if (b < 0) b = std::max(0L, len + b);
        if (e < 0) e = std::max(0L, len + e);
        b = std::min(b, len);
        e = std::min(e, len);
        if (b >= e) return Val::string("");
        return Val::string(text::from_code_points(cps, static_cast<size_t>(b), static_cast<size_t>(e)));
    };
    if (arg(args, 2).is_defined()) {
        double length = arg(args, 2).as_number();
        if (length <= 0) return Val::string("");
        long end = start >= 0 ? start + to_long(length) : len + start + to_long(length);
        return slice(start, end);
    }
    return slice(start, len);
}

// jsonata-js: functions.js substringBefore()
Val fn_substring_before(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    std::string_view str = s.as_string(), chars = arg(args, 1).as_string();
    size_t idx = str.find(chars);
    return idx == std::string_view::npos ? s : Val::string(str.substr(0, idx));
}

// jsonata-js: functions.js substringAfter()
Val fn_substring_after(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    std::string_view str = s.as_string(), chars = arg(args, 1).as_string();
    size_t idx = str.find(chars);
    return idx == std::string_view::npos ? s : Val::string(str.substr(idx + chars.size()));
}

// jsonata-js: functions.js lowercase()
Val fn_lowercase(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    return s.is_undefined() ? Val() : Val::string(text::to_lower(s.as_string()));
}

// jsonata-js: functions.js uppercase()
Val fn_uppercase(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    return s.is_undefined() ? Val() : Val::string(text::to_upper(s.as_string()));
}

// jsonata-js: functions.js length()
Val fn_length(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    return s.is_undefined() ? Val() : Val::number(static_cast<double>(text::length(s.as_string())));
}

// jsonata-js: functions.js trim()
Val fn_trim(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    std::string out;
    bool in_space = false;
    for (char c : s.as_string()) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!in_space) out += ' ';
            in_space = true;
        } else {
            out += c;
            in_space = false;
        }
    }
    if (!out.empty() && out.front() == ' ') out.erase(0, 1);
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return Val::string(out);
}

// jsonata-js: functions.js pad()
Val fn_pad(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    double width = arg(args, 1).as_number();
    std::string pad_char = arg(args, 2).is_string() ? std::string(arg(args, 2).as_string()) : std::string();
    if (pad_char.empty()) pad_char = " ";
    const double target = std::min(std::fabs(std::trunc(width)), 1e15);
    long pad_length = static_cast<long>(target) - static_cast<long>(text::length(s.as_string()));
    if (pad_length <= 0) return s;
    // Charged before building: $pad('x', 1e9) must fail, not allocate a gigabyte.
    const auto pad_cps = text::code_points(pad_char);
    charge_output(static_cast<uint64_t>(pad_length) * (pad_char.size() / pad_cps.size() + 1) + s.as_string().size(), "$pad");
    std::string padding;
    for (long i = 0; i < pad_length; ++i) utf8::append(padding, pad_cps[static_cast<size_t>(i) % pad_cps.size()]);
    if (width > 0) return Val::string(std::string(s.as_string()) + padding);
    return Val::string(padding + std::string(s.as_string()));
}

// jsonata-js: functions.js contains()
Val fn_contains(Context& ctx, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    Val token = arg(args, 1);
    if (token.is_string()) return Val::boolean(s.as_string().find(token.as_string()) != std::string_view::npos);
    return Val::boolean(!find_matches(ctx, token, std::string(s.as_string()), 1).empty());
}

// jsonata-js: functions.js split()
Val fn_split(Context& ctx, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    Val sep = arg(args, 1), limit_v = arg(args, 2);
    if (limit_v.is_defined() && limit_v.as_number() < 0) throw function_error("D3020", "$split", s);
    long limit = limit_v.is_defined() ? static_cast<long>(std::floor(limit_v.as_number())) : -1;
    std::vector<Val> out;
    std::string str(s.as_string());
    if (limit == 0) return make_array(std::move(out));
    if (sep.is_string()) {
        std::string_view separator = sep.as_string();
        if (separator.empty()) {
            // JS splits into UTF-16 code units; keep surrogate pairs together as code points
            for (size_t pos = 0; pos < str.size();) {
                size_t start = pos;
                utf8::decode(str, pos);
                out.push_back(Val::string(str.substr(start, pos - start)));
            }
        } else {
            size_t pos = 0;
            for (;;) {
                size_t idx = str.find(separator, pos);
                if (idx == std::string::npos) {
                    out.push_back(Val::string(str.substr(pos)));
                    break;
                }
                out.push_back(Val::string(str.substr(pos, idx - pos)));
                pos = idx + separator.size();
            }
        }
        if (limit >= 0 && static_cast<long>(out.size()) > limit) out.resize(static_cast<size_t>(limit));
        return make_array(std::move(out));
    }
    auto matches = find_matches(ctx, sep, str, limit);
    size_t start = 0;
    for (const auto& m : matches) {
        out.push_back(Val::string(str.substr(start, m.start >= start ? m.start - start : 0)));
        start = m.end;
    }
    if (limit < 0 || static_cast<long>(matches.size()) < limit) out.push_back(Val::string(str.substr(std::min(start, str.size()))));
    return make_array(std::move(out));
}

// jsonata-js: functions.js join()
Val fn_join(Context&, std::vector<Val>& args) {
    Val strs = arg(args, 0);
    if (strs.is_undefined()) return {};
    std::string sep = arg(args, 1).is_string() ? std::string(arg(args, 1).as_string()) : std::string();
    std::string out;
    bool first = true;
    for_each_item(strs, [&](const Val& v) {
        charge_output(sep.size() + v.as_string().size(), "$join");
        if (!first) out += sep;
        first = false;
        out += v.as_string();
    });
    return Val::string(out);
}

// jsonata-js: functions.js match()
Val fn_match(Context& ctx, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    Val limit_v = arg(args, 2);
    if (limit_v.is_defined() && limit_v.as_number() < 0) throw function_error("D3040", "$match", limit_v);
    long limit = limit_v.is_defined() ? static_cast<long>(std::floor(limit_v.as_number())) : -1;
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    for (auto& m : find_matches(ctx, arg(args, 1), std::string(s.as_string()), limit)) {
        auto obj = std::make_shared<ObjNode>();
        obj->set("match", Val::string(m.match));
        obj->set("index", Val::number(static_cast<double>(m.index_units)));
        obj->set("groups", make_array(std::move(m.groups)));
        out->items.push_back(Val::from_node(std::move(obj)));
    }
    return Val::from_node(std::move(out));
}

std::string substitute(const std::string& replacement, const MatchInfo& m) {
    std::string out;
    size_t position = 0;
    size_t index = replacement.find('$', position);
    while (index != std::string::npos && position < replacement.size()) {
        out += replacement.substr(position, index - position);
        position = index + 1;
        char dollar = position < replacement.size() ? replacement[position] : '\0';
        if (dollar == '$') {
            out += '$';
            ++position;
        } else if (dollar == '0') {
            charge_output(m.match.size(), "$replace");
            out += m.match;
            ++position;
        } else {
            size_t groups = m.groups.size();
            size_t max_digits = groups == 0 ? 1 : static_cast<size_t>(std::floor(std::log10(static_cast<double>(groups)))) + 1;
            auto parse_digits = [&](size_t count) -> long {
                std::string digits;
                for (size_t k = position; k < replacement.size() && k < position + count; ++k) {
                    if (!std::isdigit(static_cast<unsigned char>(replacement[k]))) break;
                    digits += replacement[k];
                }
                return digits.empty() ? -1 : std::stol(digits);
            };
            long group = parse_digits(max_digits);
            if (max_digits > 1 && group > static_cast<long>(groups)) group = parse_digits(max_digits - 1);
            if (group >= 0) {
                if (groups > 0 && group >= 1 && static_cast<size_t>(group) <= groups) {
                    const Val& g = m.groups[static_cast<size_t>(group - 1)];
                    if (g.is_string()) {
                        charge_output(g.as_string().size(), "$replace");
                        out += g.as_string();
                    }
                }
                position += std::to_string(group).size();
            } else {
                out += '$';
            }
        }
        index = replacement.find('$', position);
    }
    if (position < replacement.size()) out += replacement.substr(position);
    return out;
}

// jsonata-js: functions.js replace()
Val fn_replace(Context& ctx, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    Val pattern = arg(args, 1), replacement = arg(args, 2), limit_v = arg(args, 3);
    if (pattern.is_string() && pattern.as_string().empty()) throw function_error("D3010", "$replace", pattern);
    if (limit_v.is_defined() && limit_v.as_number() < 0) throw function_error("D3011", "$replace", limit_v);
    long limit = limit_v.is_defined() ? static_cast<long>(std::floor(limit_v.as_number())) : -1;
    std::string str(s.as_string());
    if (limit == 0) return s;
    std::string out;
    if (pattern.is_string()) {
        std::string_view pat = pattern.as_string();
        std::string rep = replacement.is_string() ? std::string(replacement.as_string()) : std::string();
        size_t position = 0;
        long count = 0;
        size_t index = str.find(pat, position);
        while (index != std::string::npos && (limit < 0 || count < limit)) {
            charge_output(index - position + rep.size(), "$replace");
            out += str.substr(position, index - position);
            out += rep;
            position = index + pat.size();
            ++count;
            index = str.find(pat, position);
        }
        out += str.substr(position);
        return Val::string(out);
    }
    auto matches = find_matches(ctx, pattern, str, limit);
    if (matches.empty()) return s;
    size_t position = 0;
    for (const auto& m : matches) {
        const size_t kept = m.start >= position ? m.start - position : 0;
        charge_output(kept + (replacement.is_string() ? replacement.as_string().size() : 0), "$replace");
        out += str.substr(position, kept);
        if (replacement.is_string()) {
            out += substitute(std::string(replacement.as_string()), m);
        } else {
            auto obj = std::make_shared<ObjNode>();
            obj->set("match", Val::string(m.match));
            obj->set("index", Val::number(static_cast<double>(m.index_units)));
            obj->set("groups", make_array(m.groups));
            Val r = ctx.apply(replacement, {Val::from_node(std::move(obj))}, Val(), ctx.root);
            if (!r.is_string()) throw function_error("D3012", "$replace", r);
            out += r.as_string();
        }
        position = m.start + m.match.size();
    }
    out += str.substr(std::min(position, str.size()));
    return Val::string(out);
}

const char* kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// jsonata-js: functions.js base64encode()
Val fn_base64encode(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    // node encodes the string's Latin-1 bytes
    std::string bytes;
    for (uint32_t cp : text::code_points(s.as_string())) bytes += static_cast<char>(cp & 0xFF);
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
        out += kBase64[n >> 18];
        out += kBase64[(n >> 12) & 63];
        out += kBase64[(n >> 6) & 63];
        out += kBase64[n & 63];
    }
    if (i + 1 == bytes.size()) {
        uint32_t n = uint8_t(bytes[i]) << 16;
        out += kBase64[n >> 18];
        out += kBase64[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
        out += kBase64[n >> 18];
        out += kBase64[(n >> 12) & 63];
        out += kBase64[(n >> 6) & 63];
        out += '=';
    }
    return Val::string(out);
}

// jsonata-js: functions.js base64decode()
Val fn_base64decode(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : s.as_string()) {
        const char* p = std::strchr(kBase64, c);
        if (!p || c == '\0') continue;
        buffer = (buffer << 6) | static_cast<uint32_t>(p - kBase64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            utf8::append(out, (buffer >> bits) & 0xFF);
        }
    }
    return Val::string(out);
}

std::string percent_encode(std::string_view s, const char* keep, bool& malformed) {
    std::string out;
    static const char* hex = "0123456789ABCDEF";
    for (size_t pos = 0; pos < s.size();) {
        size_t start = pos;
        uint32_t cp = utf8::decode(s, pos);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            malformed = true;
            return {};
        }
        if (cp < 128 && (std::isalnum(static_cast<int>(cp)) || std::strchr(keep, static_cast<int>(cp)))) {
            out += static_cast<char>(cp);
            continue;
        }
        for (size_t k = start; k < pos; ++k) {
            unsigned char b = static_cast<unsigned char>(s[k]);
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 15];
        }
    }
    return out;
}

std::string percent_decode(std::string_view s, const char* reserved, bool& malformed) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] != '%') {
            out += s[i++];
            continue;
        }
        auto hexval = [&](size_t k) -> int {
            if (k >= s.size()) return -1;
            char c = s[k];
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        int h = hexval(i + 1), l = hexval(i + 2);
        if (h < 0 || l < 0) { malformed = true; return {}; }
        unsigned char b = static_cast<unsigned char>(h * 16 + l);
        if (b < 0x80) {
            if (std::strchr(reserved, b) && b != 0) out.append(s.substr(i, 3));
            else out += static_cast<char>(b);
            i += 3;
            continue;
        }
        // multi-byte sequence
        int n = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0) { malformed = true; return {}; }
        std::string bytes(1, static_cast<char>(b));
        size_t j = i + 3;
        for (int k = 1; k < n; ++k) {
            if (j >= s.size() || s[j] != '%') { malformed = true; return {}; }
            int hh = hexval(j + 1), ll = hexval(j + 2);
            if (hh < 0 || ll < 0) { malformed = true; return {}; }
            unsigned char c = static_cast<unsigned char>(hh * 16 + ll);
            if ((c & 0xC0) != 0x80) { malformed = true; return {}; }
            bytes += static_cast<char>(c);
            j += 3;
        }
        if (utf8::sequence_length(bytes) != bytes.size()) { malformed = true; return {}; }
        size_t p = 0;
        uint32_t cp = utf8::decode(bytes, p);
        if (cp >= 0xD800 && cp <= 0xDFFF) { malformed = true; return {}; }
        out += bytes;
        i = j;
    }
    return out;
}

Val url_result(const Val& s, std::string out, bool malformed, const char* name) {
    if (malformed) {
        Error e("D3140", std::string("Malformed URL passed to ") + name + "(): " + json::quoted(s.as_string()), 0, name);
        e.set_value(to_json(s));
        throw e;
    }
    return Val::string(out);
}

// jsonata-js: functions.js encodeUrlComponent()
Val fn_encode_url_component(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    bool bad = false;
    std::string out = percent_encode(s.as_string(), "-_.!~*'()", bad);
    return url_result(s, out, bad, "$encodeUrlComponent");
}

// jsonata-js: functions.js encodeUrl()
Val fn_encode_url(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    bool bad = false;
    std::string out = percent_encode(s.as_string(), "-_.!~*'();/?:@&=+$,#[]", bad);
    return url_result(s, out, bad, "$encodeUrl");
}

// jsonata-js: functions.js decodeUrlComponent()
Val fn_decode_url_component(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    bool bad = false;
    std::string out = percent_decode(s.as_string(), "", bad);
    return url_result(s, out, bad, "$decodeUrlComponent");
}

// jsonata-js: functions.js decodeUrl()
Val fn_decode_url(Context&, std::vector<Val>& args) {
    Val s = arg(args, 0);
    if (s.is_undefined()) return {};
    bool bad = false;
    std::string out = percent_decode(s.as_string(), ";/?:@&=+$,#", bad);
    return url_result(s, out, bad, "$decodeUrl");
}

}  // namespace

std::vector<BuiltinDef> string_functions() {
    return {
        {"string", "<x-b?:s>", fn_string},
        {"substring", "<s-nn?:s>", fn_substring},
        {"substringBefore", "<s-s:s>", fn_substring_before},
        {"substringAfter", "<s-s:s>", fn_substring_after},
        {"lowercase", "<s-:s>", fn_lowercase},
        {"uppercase", "<s-:s>", fn_uppercase},
        {"length", "<s-:n>", fn_length},
        {"trim", "<s-:s>", fn_trim},
        {"pad", "<s-ns?:s>", fn_pad},
        {"contains", "<s-(sf):b>", fn_contains},
        {"split", "<s-(sf)n?:a<s>>", fn_split},
        {"join", "<a<s>s?:s>", fn_join},
        {"match", "<s-f<s:o>n?:a<o>>", fn_match},
        {"replace", "<s-(sf)(sf)n?:s>", fn_replace},
        {"base64encode", "<s-:s>", fn_base64encode},
        {"base64decode", "<s-:s>", fn_base64decode},
        {"encodeUrlComponent", "<s-:s>", fn_encode_url_component},
        {"encodeUrl", "<s-:s>", fn_encode_url},
        {"decodeUrlComponent", "<s-:s>", fn_decode_url_component},
        {"decodeUrl", "<s-:s>", fn_decode_url},
    };
}

}  // namespace stepwise::jsonata
