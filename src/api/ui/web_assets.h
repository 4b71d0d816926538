// The web page's files (web/dist, built by scripts/setup.sh), compiled into
// the binary by src/api/ui/embed_web_assets.cmake: one file to ship, nothing
// read from disk at run time.
#pragma once

#include <span>
#include <string_view>

namespace stepwise::api {

struct WebAsset {
    std::string_view path;   // "/index.html", "/assets/app.js"
    std::string_view bytes;
};

// The page built into this binary (the STEPWISE_WEB_DIST folder when it was
// built; empty when that folder did not exist).
std::span<const WebAsset> embedded_web_assets();

// The asset at `path` ("/app.js"), or null.
const WebAsset* find_web_asset(std::span<const WebAsset> assets, std::string_view path);

// The Content-Type of a file, by its extension ("app.js": "text/javascript;
// charset=utf-8"); application/octet-stream when unknown.
std::string_view content_type_of(std::string_view path);

}  // namespace stepwise::api
