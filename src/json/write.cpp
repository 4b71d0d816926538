#include "json/write.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace stepwise::json {

void append_double(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    if (d == 0) {
        out += '0';
        return;
    }
    char buf[64];
    auto result = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<size_t>(result.ptr - buf));
    bool negative = sci.front() == '-';
    if (negative) sci.remove_prefix(1);
    size_t e_pos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e_pos))
        if (c != '.') digits += c;
    int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
    int k = static_cast<int>(digits.size());
    int n = exponent + 1;
    if (negative) out += '-';
    if (k <= n && n <= 21) {
        out += digits;
        out.append(static_cast<size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out.append(digits, 0, static_cast<size_t>(n));
        out += '.';
        out.append(digits, static_cast<size_t>(n), std::string::npos);
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<size_t>(-n), '0');
        out += digits;
    } else {
        out += digits[0];
        if (k > 1) {
            out += '.';
            out.append(digits, 1, std::string::npos);
        }
        out += 'e';
        out += (n - 1 >= 0) ? '+' : '-';
        out += std::to_string(std::abs(n - 1));
    }
}

std::string format_double(double d) {
    std::string out;
    append_double(out, d);
    return out;
}

void append_quoted(std::string& out, std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    size_t run_start = 0;
    auto flush = [&](size_t upto) { out.append(s.data() + run_start, upto - run_start); };
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        const char* escape = nullptr;
        switch (c) {
            case '"': escape = "\\\""; break;
            case '\\': escape = "\\\\"; break;
            case '\n': escape = "\\n"; break;
            case '\r': escape = "\\r"; break;
            case '\t': escape = "\\t"; break;
            case '\b': escape = "\\b"; break;
            case '\f': escape = "\\f"; break;
            default: break;
        }
        if (escape) {
            flush(i);
            out += escape;
            run_start = i + 1;
        } else if (c < 0x20) {
            flush(i);
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
            run_start = i + 1;
        } else if (c == 0xED && i + 2 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0xA0) {
            // A lone UTF-16 surrogate kept as WTF-8: write it back as an escape.
            flush(i);
            unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                          (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 15];
            i += 2;
            run_start = i + 1;
        }
    }
    flush(s.size());
    out += '"';
}

std::string quoted(std::string_view s) {
    std::string out;
    append_quoted(out, s);
    return out;
}

namespace {

void write_number(std::string& out, const Value& v) {
    if (v.is_exact_int()) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
        out.append(buf, static_cast<size_t>(r.ptr - buf));
    } else {
        out += v.number_text();
    }
}

void write(std::string& out, const Value& v, int indent, int depth) {
    switch (v.kind()) {
        case Kind::Null: out += "null"; return;
        case Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
        case Kind::Number: write_number(out, v); return;
        case Kind::String: append_quoted(out, v.as_string()); return;
        case Kind::Array: {
            const Array& a = v.as_array();
            out += '[';
            for (size_t i = 0; i < a.size(); ++i) {
                if (i) out += ',';
                if (indent) {
                    out += '\n';
                    out.append(static_cast<size_t>(indent * (depth + 1)), ' ');
                }
                write(out, a[i], indent, depth + 1);
            }
            if (indent && !a.empty()) {
                out += '\n';
                out.append(static_cast<size_t>(indent * depth), ' ');
            }
            out += ']';
            return;
        }
        case Kind::Object: {
            const Object& o = v.as_object();
            out += '{';
            bool first = true;
            for (const Member& m : o) {
                if (!first) out += ',';
                first = false;
                if (indent) {
                    out += '\n';
                    out.append(static_cast<size_t>(indent * (depth + 1)), ' ');
                }
                append_quoted(out, m.name());
                out += indent ? ": " : ":";
                write(out, m.value, indent, depth + 1);
            }
            if (indent && !o.empty()) {
                out += '\n';
                out.append(static_cast<size_t>(indent * depth), ' ');
            }
            out += '}';
            return;
        }
    }
}

}  // namespace

void dump_to(std::string& out, const Value& v) { write(out, v, 0, 0); }

std::string dump(const Value& v) {
    std::string out;
    dump_to(out, v);
    return out;
}

std::string pretty(const Value& v, int indent) {
    std::string out;
    write(out, v, indent, 0);
    return out;
}

}  // namespace stepwise::json
