// JSON Pointer (RFC 6901) text, used to name the place of an error:
// /States/Charge/Retry/0/BackoffRate.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace stepwise::json
