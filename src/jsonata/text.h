// String helpers with JavaScript's view of text: code points for JSONata's
// string functions, UTF-16 code units where JS APIs use them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::jsonata::text {

std::vector<uint32_t> code_points(std::string_view s);
std::string from_code_points(const std::vector<uint32_t>& cps, size_t begin, size_t end);
size_t length(std::string_view s);  // in code points
// Byte offset of the UTF-16 unit offset `units` (clamped).
size_t byte_offset_of_unit(std::string_view s, size_t units);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);

}  // namespace stepwise::jsonata::text
