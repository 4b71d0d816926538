#include "api/ui/web_page.h"

namespace stepwise::api {

namespace {

Response file_response(const WebAsset& asset) {
    Response response(200, std::string(asset.bytes), std::string(content_type_of(asset.path)));
    response.headers = {{"Cache-Control", "no-cache"},
                        {"Content-Security-Policy", std::string(kWebPageCsp)},
                        {"X-Content-Type-Options", "nosniff"},
                        {"Referrer-Policy", "no-referrer"}};
    return response;
}

}  // namespace

std::optional<Response> web_page_file(std::span<const WebAsset> assets, const Request& request) {
    if (request.method != "GET") return std::nullopt;
    const bool index = request.path == "/";
    if (const WebAsset* asset = find_web_asset(assets, index ? "/index.html" : request.path))
        return file_response(*asset);
    if (index && assets.empty())
        return Response(404,
                        "This stepwise was built without its web page (web/dist did not exist when it was "
                        "compiled).\nBuild the page and stepwise again: make build (it runs scripts/setup.sh, "
                        "which runs npm ci and npm run build in web/).\n",
                        "text/plain; charset=utf-8");
    return std::nullopt;
}

}  // namespace stepwise::api
