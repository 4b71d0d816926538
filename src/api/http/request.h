// One AWS API call as the HTTP server hands it to a service, and the answer.
//
// AWS JSON protocols (Step Functions: JSON 1.0, EventBridge: JSON 1.1) name
// the call in the X-Amz-Target header, "AWSStepFunctions.StartExecution";
// REST-JSON services (Schemas) name it by method and path.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stepwise::api {

class EventStream;

struct Request {
    std::string service;    // "AWSStepFunctions", "AWSEvents"; "" for REST calls
    std::string operation;  // "StartExecution"; "" for REST calls
    std::string method;     // "POST", "GET", ...
    std::string path;       // "/" or the REST path, without the query string
    std::string query;      // the raw query string ("" when none)
    std::string body;
    std::string region;     // from the SigV4 credential scope, else the server's default
    std::string account;    // the server's account (any credentials are accepted)
    std::map<std::string, std::string> headers;  // lower-case names
};

struct Response {
    Response() = default;
    Response(int status, std::string body, std::string content_type = "application/x-amz-json-1.0")
        : status(status), body(std::move(body)), content_type(std::move(content_type)) {}

    int status = 200;
    std::string body;
    std::string content_type = "application/x-amz-json-1.0";
    // Called (on the connection's thread) when this answer could not be
    // written because the client had gone: its request waited long (a long
    // poll) and it closed the connection. Lets a handler give back what the
    // answer handed out.
    std::function<void()> undelivered;
    // More header fields ("Cache-Control", ...), written as given.
    std::vector<std::pair<std::string, std::string>> headers;
    // Set for a stream of server-sent events (api/http/event_stream.h): the
    // server answers 200 text/event-stream (status, content_type and body are
    // not used), then calls `stream` on its io thread with the open stream.
    std::function<void(std::shared_ptr<EventStream>)> stream;
};

// Called exactly once, from any thread.
using Responder = std::function<void(Response)>;
using Handler = std::function<void(Request, Responder)>;

// AWS's error document: {"__type": type, "message": message}, the status
// AWS gives that error (400 for client errors, 500 for internal failures).
Response aws_error(int status, std::string_view type, std::string_view message,
                   std::string_view content_type = "application/x-amz-json-1.0");

}  // namespace stepwise::api
