#include "tasks/http_runner.h"

#include "json/parse.h"
#include "tasks/http_client.h"
#include "tasks/lambda_environment.h"

namespace stepwise::tasks {

std::string base64_decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    int bits = 0, buffer = 0;
    for (char c : text) {
        int v = value(c);
        if (v < 0) continue;
        buffer = (buffer << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

HttpRunner::HttpRunner(FunctionConfig function) : function_(std::move(function)) {}

InvokeResult HttpRunner::invoke(const InvokeRequest& request) {
    // The endpoint enforces the function's timeout; give it room (cold starts
    // of container-based emulators take seconds) unless the state's
    // TimeoutSeconds is sooner.
    Clock::time_point deadline = request.function_deadline + std::chrono::seconds(60);
    bool state_first = request.state_deadline && *request.state_deadline < deadline;
    if (state_first) deadline = *request.state_deadline;

    HttpUrl url;
    try {
        url = parse_http_url(function_.endpoint);
    } catch (const HttpError& e) {
        return InvokeResult::service_error("Lambda.SdkClientException", std::string("Unable to execute HTTP request: ") + e.what());
    }
    std::string path = url.path + "/2015-03-31/functions/" + function_.remote_name + "/invocations";
    if (!request.qualifier.empty() && request.qualifier != "$LATEST") path += "?Qualifier=" + request.qualifier;
    HttpResponse response;
    try {
        response = http_request(url, "POST", path,
                                {{"Content-Type", "application/json"},
                                 {"X-Amz-Invocation-Type", "RequestResponse"},
                                 {"X-Amz-Log-Type", "Tail"}},
                                request.payload.empty() ? "{}" : request.payload, deadline);
    } catch (const std::exception& e) {  // HttpError, or a malformed response's numbers
        if (state_first && Clock::now() >= deadline) return InvokeResult::state_timed_out();
        return InvokeResult::service_error("Lambda.SdkClientException",
                                           std::string("Unable to execute HTTP request: ") + e.what() + " (endpoint " +
                                               function_.endpoint + " of function " + function_.name + ")");
    }

    InvokeResult result;
    if (response.status >= 200 && response.status < 300) {
        if (response.header("X-Amz-Function-Error")) result = InvokeResult::function_error(response.body);
        else result = InvokeResult::ok(response.body.empty() ? "null" : response.body);
        if (const std::string* v = response.header("X-Amz-Executed-Version")) result.executed_version = *v;
    } else {
        std::string type;
        std::string message = response.body;
        if (const std::string* t = response.header("x-amzn-ErrorType")) type = t->substr(0, t->find(':'));
        if (auto body = json::try_parse(response.body); body && body->is_object()) {
            for (const char* key : {"Type", "__type", "code"}) {
                const json::Value* v = body->find(key);
                if (type.empty() && v && v->is_string() && key != std::string("Type")) type = std::string(v->as_string());
            }
            for (const char* key : {"message", "Message", "errorMessage"}) {
                if (const json::Value* v = body->find(key); v && v->is_string()) {
                    message = std::string(v->as_string());
                    break;
                }
            }
        }
        if (auto hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
        if (type.empty()) type = response.status == 404 ? "ResourceNotFoundException" : "AWSLambdaException";
        std::string id;
        if (const std::string* v = response.header("x-amzn-RequestId")) id = *v;
        result = InvokeResult::service_error(
            "Lambda." + type, message + " (Service: AWSLambda; Status Code: " + std::to_string(response.status) +
                                  "; Error Code: " + type + "; Request ID: " + id + "; Proxy: null)");
    }
    if (const std::string* log = response.header("X-Amz-Log-Result")) result.logs = split_log_lines(base64_decode(*log));
    return result;
}

}  // namespace stepwise::tasks
