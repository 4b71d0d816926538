#include "json/utf8.h"

namespace stepwise::utf8 {

void append(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

size_t sequence_length(std::string_view s) noexcept {
    if (s.empty()) return 0;
    auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    auto continuation = [&](size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
    unsigned char c = byte(0);
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return continuation(1) ? 2 : 0;
    if (c < 0xF0) {
        if (!continuation(1) || !continuation(2)) return 0;
        if (c == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
        return 3;
    }
    if (c < 0xF5) {
        if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
        if (c == 0xF0 && byte(1) < 0x90) return 0;  // overlong
        if (c == 0xF4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

uint32_t decode(std::string_view s, size_t& pos) noexcept {
    size_t length = sequence_length(s.substr(pos));
    if (length == 0) {
        ++pos;
        return 0xFFFD;
    }
    auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[pos + i])); };
    uint32_t cp;
    switch (length) {
        case 1: cp = byte(0); break;
        case 2: cp = ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F); break;
        case 3: cp = ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F); break;
        default:
            cp = ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
    }
    pos += length;
    return cp;
}

bool is_valid(std::string_view s) noexcept {
    for (size_t i = 0; i < s.size();) {
        size_t length = sequence_length(s.substr(i));
        if (length == 0) return false;
        i += length;
    }
    return true;
}

size_t count_code_points(std::string_view s) noexcept {
    size_t count = 0;
    for (size_t i = 0; i < s.size();) {
        decode(s, i);
        ++count;
    }
    return count;
}

size_t count_utf16_units(std::string_view s) noexcept {
    size_t count = 0;
    for (size_t i = 0; i < s.size();) count += decode(s, i) >= 0x10000 ? 2 : 1;
    return count;
}

std::string escape_controls(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace stepwise::utf8
