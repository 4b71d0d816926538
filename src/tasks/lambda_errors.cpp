#include "tasks/lambda_errors.h"
#include "query/uuid.h"

#include <cstdio>
#include <random>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::tasks {

std::string new_request_id() { return query::random_uuid(); }

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
