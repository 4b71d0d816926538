#include "tasks/lambda_errors.h"

#include <cstdio>
#include <random>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::tasks {

std::string new_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    uint64_t a = rng(), b = rng();
    a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
    b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                  static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

std::string error_document(std::string_view error_type, std::string_view message, const std::vector<std::string>& trace) {
    std::string out = "{\"errorType\":";
    json::append_quoted(out, error_type);
    out += ",\"errorMessage\":";
    json::append_quoted(out, message);
    if (!trace.empty()) {
        out += ",\"trace\":[";
        for (size_t i = 0; i < trace.size(); ++i) {
            if (i) out += ',';
            json::append_quoted(out, trace[i]);
        }
        out += ']';
    }
    out += '}';
    return out;
}

std::string timeout_document(std::string_view request_id, double timeout_seconds) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", timeout_seconds);
    return error_document("Sandbox.Timedout", "RequestId: " + std::string(request_id) +
                                                  " Error: Task timed out after " + seconds + " seconds");
}

std::string exit_document(std::string_view request_id, std::string_view wait_description, std::string_view detail) {
    std::string message = "RequestId: " + std::string(request_id) + " Error: Runtime exited";
    if (wait_description == "exit status 0") message += " without providing a reason";
    else message += " with error: " + std::string(wait_description);
    if (!detail.empty()) message += "\n" + std::string(detail);
    return error_document("Runtime.ExitError", message);
}

TaskOutcome function_error_outcome(std::string_view document, bool service_integration) {
    std::string error = "Lambda.Unknown";
    std::string cause(document);
    if (auto parsed = json::try_parse(document)) {
        if (const json::Value* type = parsed->find("errorType"); type && type->is_string() && !type->as_string().empty()) {
            error = std::string(type->as_string());
        }
        if (service_integration) cause = json::dump(*parsed);
    }
    return TaskOutcome::failure(std::move(error), std::move(cause));
}

TaskOutcome function_not_found(std::string_view function_arn_with_qualifier, std::string_view request_id) {
    return TaskOutcome::failure(
        "Lambda.ResourceNotFoundException",
        "Function not found: " + std::string(function_arn_with_qualifier) +
            " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: " +
            std::string(request_id) + "; Proxy: null)");
}

}  // namespace stepwise::tasks
