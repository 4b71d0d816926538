// Sends each API call to the service it names: "AWSStepFunctions",
// "AWSEvents", or a REST service by path prefix.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/http/request.h"

namespace stepwise::api {

class Router {
public:
    // Calls whose X-Amz-Target names `service`.
    void add(const std::string& service, Handler handler) { services_[service] = std::move(handler); }
    // REST calls (no X-Amz-Target) whose path starts with `prefix`.
    void add_rest(const std::string& prefix, Handler handler) { rest_.emplace_back(prefix, std::move(handler)); }
    // Asked about REST calls no prefix takes (the web page's files,
    // api/ui/web_page.h); nullopt: 404 UnknownOperationException.
    using Files = std::function<std::optional<Response>(const Request&)>;
    void set_files(Files files) { files_ = std::move(files); }

    // The server's handler; the router must outlive the server.
    Handler handler();

private:
    std::map<std::string, Handler> services_;
    std::vector<std::pair<std::string, Handler>> rest_;
    Files files_;
};

}  // namespace stepwise::api
