// Hashing for std::unordered_map<std::string, ...> that can be searched with
// a std::string_view without building a std::string.
#pragma once

#include <functional>
#include <string_view>

namespace stepwise::events {

struct TransparentStringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace stepwise::events
