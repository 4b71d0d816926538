// UTF-8 helpers. Strings in stepwise are UTF-8; lone UTF-16 surrogates (which
// JSON's \u escapes can express) are kept as their 3-byte WTF-8 form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stepwise::utf8 {

// Appends the encoding of a code point (surrogates included, as WTF-8).
void append(std::string& out, uint32_t code_point);

// Length of the well-formed sequence at the start of `s`, or 0 when it is not
// one (overlong forms and out-of-range values are rejected; WTF-8 surrogates
// are accepted).
size_t sequence_length(std::string_view s) noexcept;

// Decodes the code point at s[pos] and advances pos; malformed bytes decode as
// U+FFFD one byte at a time.
uint32_t decode(std::string_view s, size_t& pos) noexcept;

bool is_valid(std::string_view s) noexcept;
size_t count_code_points(std::string_view s) noexcept;
// Length in UTF-16 code units, as JavaScript's String.length counts.
size_t count_utf16_units(std::string_view s) noexcept;

// `text` with C0 control characters and DEL shown as \xNN, for a terminal: a
// name read from a user's file cannot send escape sequences.
std::string escape_controls(std::string_view text);

}  // namespace stepwise::utf8
