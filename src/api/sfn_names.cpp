#include "api/sfn_names.h"

#include <string>

#include "api/sfn_fields.h"

namespace stepwise::api {

namespace {

// Decodes the next UTF-8 code point (invalid bytes come back as themselves).
char32_t next_code_point(std::string_view text, size_t& i) {
    unsigned char lead = static_cast<unsigned char>(text[i++]);
    int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    char32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
    for (int k = 0; k < extra && i < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
    return cp;
}

bool forbidden_in_name(char32_t cp) {
    if (cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0)) return true;  // controls, space, NBSP
    if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000)
        return true;  // Unicode white space
    static constexpr std::u32string_view kSpecial = U"<>{}[]?*\"#%\\^|~`$&,;:/";
    return kSpecial.find(cp) != std::u32string_view::npos;
}

}  // namespace

bool valid_resource_name(std::string_view name) {
    if (name.empty() || character_count(name) > 80) return false;
    for (size_t i = 0; i < name.size();)
        if (forbidden_in_name(next_code_point(name, i))) return false;
    return true;
}

bool valid_alias_name(std::string_view name) {
    if (name.empty() || name.size() > 80) return false;
    bool has_non_digit = false;
    for (char c : name) {
        bool digit = c >= '0' && c <= '9';
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.';
        if (!digit && !letter) return false;
        has_non_digit = has_non_digit || letter;
    }
    return has_non_digit;
}

}  // namespace stepwise::api
