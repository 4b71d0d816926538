// http:invoke, the HTTP Task: its parameters as an HTTP request, and the
// response in AWS's result shape.
// https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
//
//   ApiEndpoint      the URL (QueryParameters are added to its query)
//   Method           GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD
//   Authentication   {"ConnectionArn": ...}: accepted, not applied (no EventBridge
//                    connection exists locally; InvocationConfig likewise)
//   Headers          name -> value
//   QueryParameters  name -> value (an array repeats the name)
//   RequestBody      JSON (sent as JSON), or a string (sent as is)
//   Transform        {"RequestBodyEncoding": "URL_ENCODED",
//                     "RequestEncodingOptions": {"ArrayFormat": "INDICES"|"REPEAT"|"COMMAS"|"BRACKETS"}}
//
// The result: {"Headers": {name: [values]}, "ResponseBody": JSON when the
// content type is JSON else text, "StatusCode": n, "StatusText": "OK"}; a
// status outside 2xx fails the task with States.Http.StatusCode.<n>.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/sigv4.h"
#include "json/value.h"
#include "tasks/http_client.h"
#include "tasks/task.h"

namespace stepwise::tasks {

struct HttpTaskRequest {
    std::string api_endpoint;  // as written
    std::string scheme;        // "http" or "https"
    std::string host;          // without port or brackets
    std::string authority;     // host[:port] as written
    std::string target;        // path and query, as sent: "/v1/items?id=1"
    std::string method;
    aws::HeaderList headers;
    std::string body;
};

// nullopt with `failure` set (States.Runtime, naming the field) when the
// parameters are not an HTTP Task's.
std::optional<HttpTaskRequest> parse_http_task(const json::Value& parameters, TaskOutcome* failure);

// localhost, *.localhost, 127.0.0.0/8, ::1
bool is_loopback_host(std::string_view host);

TaskOutcome http_task_outcome(const HttpResponse& response);

}  // namespace stepwise::tasks
