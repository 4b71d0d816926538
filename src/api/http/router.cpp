#include "api/http/router.h"

namespace stepwise::api {

Handler Router::handler() {
    return [this](Request request, Responder respond) {
        if (!request.service.empty()) {
            auto it = services_.find(request.service);
            if (it != services_.end()) return it->second(std::move(request), std::move(respond));
            std::string content_type =
                request.headers.count("content-type") ? request.headers["content-type"] : "application/x-amz-json-1.0";
            return respond(aws_error(400, "UnknownOperationException",
                                     "The service " + request.service + " is not served here", content_type));
        }
        for (auto& [prefix, handler] : rest_)
            if (request.path.starts_with(prefix)) return handler(std::move(request), std::move(respond));
        if (files_)
            if (auto file = files_(request)) return respond(std::move(*file));
        respond(aws_error(404, "UnknownOperationException",
                          "No operation at " + request.method + " " + request.path, "application/json"));
    };
}

}  // namespace stepwise::api
