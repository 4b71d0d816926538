// A minimal HTTP/1.1 client for loopback endpoints (sam local start-lambda,
// service emulators, http:invoke): one request per connection (Connection:
// close), plain http only (no TLS), Content-Length or chunked responses,
// deadlines on connect/send/receive.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tasks/process.h"

namespace stepwise::tasks {

class HttpError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct HttpUrl {
    std::string host;
    int port = 80;
    std::string path;  // "" or "/base" (no trailing slash)
};
// Throws HttpError for anything but http://host[:port][/path].
HttpUrl parse_http_url(const std::string& url);

struct HttpResponse {
    int status = 0;
    std::string reason;  // the status line's reason phrase: "OK", "Not Found"
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Case-insensitive header lookup; nullptr when absent.
    const std::string* header(std::string_view name) const;
};

// Sends Host: host:port unless `headers` hold a Host (a signed request
// must send the value it signed). Throws HttpError ("Connect to
// 127.0.0.1:3001 failed: Connection refused", "Read timed out", ...).
HttpResponse http_request(const HttpUrl& url, const std::string& method, const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body,
                          Clock::time_point deadline);

}  // namespace stepwise::tasks
