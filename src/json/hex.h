// Hexadecimal digits, as read by JSON's \u escapes, JSONata's string escapes,
// regex escapes and URL percent-decoding.
#pragma once

namespace stepwise::json {

// The value of one hexadecimal digit (either case), or -1 when `c` is not one.
constexpr int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace stepwise::json
