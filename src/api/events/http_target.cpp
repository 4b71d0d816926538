#include "api/events/http_target.h"

#include "tasks/http_client.h"

namespace stepwise::api {

std::function<void(events::HttpCall, std::function<void(events::HttpAnswer)>)> events_http_requester(
    std::chrono::milliseconds timeout) {
    return [timeout](events::HttpCall call, std::function<void(events::HttpAnswer)> done) {
        events::HttpAnswer answer;
        try {
            tasks::HttpUrl parsed = tasks::parse_http_url(call.url);
            // The request target exactly as written (parse_http_url drops a trailing slash).
            size_t slash = call.url.find('/', 7);
            std::string target = slash == std::string::npos ? "/" : call.url.substr(slash);
            tasks::HttpResponse response = tasks::http_request(parsed, call.method, target, call.headers, call.body,
                                                               tasks::Clock::now() + timeout);
            answer.status = response.status;
            answer.body = std::move(response.body);
        } catch (const std::exception& e) {
            answer.status = 0;
            answer.error = e.what();
        }
        done(std::move(answer));
    };
}

}  // namespace stepwise::api
