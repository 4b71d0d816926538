#include "jsonata/text.h"

#include "json/utf8.h"

namespace stepwise::jsonata::text {

std::vector<uint32_t> code_points(std::string_view s) {
    std::vector<uint32_t> out;
    out.reserve(s.size());
    for (size_t pos = 0; pos < s.size();) out.push_back(utf8::decode(s, pos));
    return out;
}

std::string from_code_points(const std::vector<uint32_t>& cps, size_t begin, size_t end) {
    std::string out;
    for (size_t i = begin; i < end && i < cps.size(); ++i) utf8::append(out, cps[i]);
    return out;
}

size_t length(std::string_view s) { return utf8::count_code_points(s); }

size_t byte_offset_of_unit(std::string_view s, size_t units) {
    size_t pos = 0, count = 0;
    while (pos < s.size() && count < units) {
        uint32_t cp = utf8::decode(s, pos);
        count += cp >= 0x10000 ? 2 : 1;
    }
    return pos;
}

namespace {
uint32_t lower(uint32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c >= 0x100 && c <= 0x17F && (c % 2 == 0) && c != 0x130 && c != 0x138) return c + 1;
    return c;
}
uint32_t upper(uint32_t c) {
    if (c >= 'a' && c <= 'z') return c - 32;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
    if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) return c - 32;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    if (c >= 0x101 && c <= 0x17F && (c % 2 == 1) && c != 0x131 && c != 0x149) return c - 1;
    return c;
}
}  // namespace

std::string to_lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t pos = 0; pos < s.size();) utf8::append(out, lower(utf8::decode(s, pos)));
    return out;
}

std::string to_upper(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t pos = 0; pos < s.size();) {
        uint32_t c = utf8::decode(s, pos);
        if (c == 0xDF) { out += "SS"; continue; }
        utf8::append(out, upper(c));
    }
    return out;
}

}  // namespace stepwise::jsonata::text
