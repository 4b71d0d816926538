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

// Appends "/" and the escaped token.
inline std::string pointer_child(std::string_view parent, std::string_view token) {
    return std::string(parent) + "/" + pointer_escape(token);
}

inline std::string pointer_child(std::string_view parent, size_t index) {
    return std::string(parent) + "/" + std::to_string(index);
}

}  // namespace stepwise::json
