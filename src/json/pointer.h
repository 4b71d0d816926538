// JSON Pointer (RFC 6901) text, used to name the place of an error:
// /States/Charge/Retry/0/BackoffRate.
#pragma once

#include <string>
#include <string_view>

#include "json/value.h"

namespace stepwise::json {

// One reference token, escaped: "~" -> "~0", "/" -> "~1".
inline std::string pointer_escape(std::string_view token) {
    std::string out;
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

// One reference token, unescaped: "~1" -> "/", "~0" -> "~".
inline std::string pointer_unescape(std::string_view token) {
    std::string out;
    for (size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[++i] == '0' ? '~' : '/';
        } else {
            out += token[i];
        }
    }
    return out;
}

// Appends "/" and the escaped token.
inline std::string pointer_child(std::string_view parent, std::string_view token) {
    return std::string(parent) + "/" + pointer_escape(token);
}

inline std::string pointer_child(std::string_view parent, size_t index) {
    return std::string(parent) + "/" + std::to_string(index);
}

// The value `pointer` names in `document` (RFC 6901: "" is the whole document,
// "/a/0" member a's element 0; an index is digits without a leading zero), or
// nullptr when there is none.
const Value* resolve_pointer(const Value& document, std::string_view pointer);

}  // namespace stepwise::json
