#include "api/events/http_target.h"

#include "tasks/http_client.h"

namespace stepwise::api {

std::function<void(std::string, std::string, events::DeliveryDone)> events_http_poster(
    std::chrono::milliseconds timeout) {
    return [timeout](std::string url, std::string body, events::DeliveryDone done) {
        std::string error;
        try {
            tasks::HttpUrl parsed = tasks::parse_http_url(url);
            // parse_http_url keeps the path (without a trailing slash); POST to it, or to "/".
            std::string path = parsed.path.empty() ? "/" : parsed.path;
            tasks::HttpResponse response =
                tasks::http_request(parsed, "POST", path, {{"Content-Type", "application/json"}}, body,
                                    tasks::Clock::now() + timeout);
            if (response.status >= 400)
                error = "HTTP " + std::to_string(response.status) + " from " + url + ": " + response.body.substr(0, 512);
        } catch (const std::exception& e) {
            error = std::string("POST ") + url + " failed: " + e.what();
        }
        done(error);
    };
}

}  // namespace stepwise::api
