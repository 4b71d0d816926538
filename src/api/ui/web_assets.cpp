#include "api/ui/web_assets.h"

#include <algorithm>
#include <utility>

namespace stepwise::api {

const WebAsset* find_web_asset(std::span<const WebAsset> assets, std::string_view path) {
    auto it = std::find_if(assets.begin(), assets.end(), [&](const WebAsset& a) { return a.path == path; });
    return it == assets.end() ? nullptr : &*it;
}

std::string_view content_type_of(std::string_view path) {
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"html", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"txt", "text/plain; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"ico", "image/x-icon"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"ttf", "font/ttf"},
        {"wasm", "application/wasm"},
    };
    auto slash = path.rfind('/');
    auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    auto dot = name.rfind('.');
    if (dot != std::string_view::npos) {
        auto extension = name.substr(dot + 1);
        for (const auto& [known, type] : kTypes)
            if (std::equal(known.begin(), known.end(), extension.begin(), extension.end(),
                           [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b); }))
                return type;
    }
    return "application/octet-stream";
}

}  // namespace stepwise::api
