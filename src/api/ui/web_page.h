// The web page's routes on `stepwise serve`: GET / from a browser (an Accept
// naming text/html; other clients get the health check's JSON there) answers
// index.html, GET /<file> the page's other files. Each carries its
// Content-Type, Cache-Control: no-cache (a rebuilt binary serves a new page)
// with an ETag (a hash of the file's bytes), so a browser asks again with
// If-None-Match and gets 304 when unchanged: it keeps the file and the code it
// compiled from it (the layout worker's script is 1.6 MB). And a
// Content-Security-Policy that lets the page load and call only its own
// origin: no inline scripts or styles, no eval, no data: or blob: URLs.
// Like every route, they pass the Host and cross-site checks first
// (api/http/request_guard.h).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "api/http/request.h"
#include "api/ui/web_assets.h"

namespace stepwise::api {

inline constexpr std::string_view kWebPageCsp =
    "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

// The page's files with their ETags, hashed once (when made).
class WebPage {
public:
    explicit WebPage(std::span<const WebAsset> assets);

    // The answer to `request` when it asks for a file of the page; nullopt when
    // it does not (not a GET, or no such file: the router's 404). Without a
    // built page, GET / answers 404 saying how to build it.
    std::optional<Response> file(const Request& request) const;

private:
    std::span<const WebAsset> assets_;
    std::vector<std::string> etags_;  // etags_[i] is assets_[i]'s, quoted
};

// WebPage(assets).file(request): hashes every file on each call.
std::optional<Response> web_page_file(std::span<const WebAsset> assets, const Request& request);

// A strong ETag for these bytes: a quoted 64-bit FNV-1a hash in hex.
std::string web_etag(std::string_view bytes);

}  // namespace stepwise::api
