#include "api/ui/web_page.h"

#include <cstdint>
#include <cstdio>

namespace stepwise::api {

namespace {

// If-None-Match names `etag`: "*", or one of its comma-separated tags (weak
// comparison: a W/ prefix is ignored, RFC 9110 13.1.2).
bool none_match_names(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        const size_t comma = header.find(',');
        std::string_view tag = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        if (tag == "*" || tag == etag) return true;
    }
    return false;
}

Response file_response(const WebAsset& asset, const std::string& etag, const Request& request) {
    const auto if_none_match = request.headers.find("if-none-match");
    const bool unchanged = if_none_match != request.headers.end() && none_match_names(if_none_match->second, etag);
    Response response(unchanged ? 304 : 200, unchanged ? std::string() : std::string(asset.bytes),
                      std::string(content_type_of(asset.path)));
    response.headers = {{"Cache-Control", "no-cache"},
                        {"ETag", etag},
                        {"Content-Security-Policy", std::string(kWebPageCsp)},
                        {"X-Content-Type-Options", "nosniff"},
                        {"Referrer-Policy", "no-referrer"}};
    return response;
}

}  // namespace

std::string web_etag(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325u;
    for (const unsigned char c : bytes) {
        hash ^= c;
        hash *= 0x100000001b3u;
    }
    char text[19];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return "\"" + std::string(text) + "\"";
}

WebPage::WebPage(std::span<const WebAsset> assets) : assets_(assets) {
    etags_.reserve(assets.size());
    for (const WebAsset& asset : assets) etags_.push_back(web_etag(asset.bytes));
}

std::optional<Response> WebPage::file(const Request& request) const {
    if (request.method != "GET") return std::nullopt;
    const bool index = request.path == "/";
    if (const WebAsset* asset = find_web_asset(assets_, index ? "/index.html" : request.path))
        return file_response(*asset, etags_[static_cast<size_t>(asset - assets_.data())], request);
    if (index && assets_.empty())
        return Response(404,
                        "This stepwise was built without its web page (web/dist did not exist when it was "
                        "compiled).\nBuild the page and stepwise again: make build (it runs scripts/setup.sh, "
                        "which runs npm ci and npm run build in web/).\n",
                        "text/plain; charset=utf-8");
    return std::nullopt;
}

std::optional<Response> web_page_file(std::span<const WebAsset> assets, const Request& request) {
    return WebPage(assets).file(request);
}

}  // namespace stepwise::api
