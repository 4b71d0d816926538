#include "json/pointer.h"

#include <charconv>

namespace stepwise::json {

const Value* resolve_pointer(const Value& document, std::string_view pointer) {
    const Value* at = &document;
    if (pointer.empty()) return at;
    if (pointer[0] != '/') return nullptr;
    size_t start = 0;
    while (at && start < pointer.size()) {
        size_t slash = pointer.find('/', start + 1);
        if (slash == std::string_view::npos) slash = pointer.size();
        std::string token = pointer_unescape(pointer.substr(start + 1, slash - start - 1));
        if (at->is_object()) {
            at = at->as_object().find(token);
        } else if (at->is_array()) {
            if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos ||
                (token.size() > 1 && token[0] == '0'))
                return nullptr;
            size_t index = 0;
            auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
            if (error != std::errc() || index >= at->as_array().size()) return nullptr;
            at = &at->as_array()[index];
        } else {
            return nullptr;
        }
        start = slash;
    }
    return at;
}

}  // namespace stepwise::json
