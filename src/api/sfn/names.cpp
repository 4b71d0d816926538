#include "api/sfn/names.h"

#include <optional>
#include <string>

#include "api/sfn/fields.h"
#include "json/utf8.h"

namespace stepwise::api {

namespace {

// Decodes the next code point; nullopt for bytes that are not UTF-8 and for
// a UTF-16 surrogate (JSON's "\ud800" alone reaches us as its WTF-8 form),
// which is no character: AWS's names are Unicode text.
std::optional<char32_t> next_code_point(std::string_view text, size_t& i) {
    size_t length = utf8::sequence_length(text.substr(i));
    if (length == 0) return std::nullopt;
    char32_t cp = utf8::decode(text, i);
    if (cp >= 0xD800 && cp <= 0xDFFF) return std::nullopt;
    return cp;
}

bool forbidden_in_name(char32_t cp) {
    if (cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0)) return true;  // controls, space, NBSP
    if (cp == 0xFFFE || cp == 0xFFFF || cp == 0x10FFFF) return true;  // noncharacters AWS names
    if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000)
        return true;  // Unicode white space
    static constexpr std::u32string_view kSpecial = U"<>{}[]?*\"#%\\^|~`$&,;:/";
    return kSpecial.find(cp) != std::u32string_view::npos;
}

}  // namespace

bool valid_resource_name(std::string_view name) {
    if (name.empty() || character_count(name) > 80) return false;
    for (size_t i = 0; i < name.size();) {
        auto cp = next_code_point(name, i);
        if (!cp || forbidden_in_name(*cp)) return false;
    }
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
