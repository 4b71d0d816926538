// Lambda's error documents and Step Functions' reading of them.
//
// A function error reaches Step Functions as the error document the runtime
// wrote ({"errorType", "errorMessage", "trace"} from Node.js,
// {"errorMessage", "errorType", "requestId", "stackTrace"} from Python). Step
// Functions reports it with Error = errorType (Lambda.Unknown when there is
// none) and Cause = the document: re-serialized compactly for
// arn:aws:states:::lambda:invoke, as the runtime wrote it for a plain
// arn:aws:lambda:... resource (see ../shared/conformance/asl/error_handling/
// task_*lambda__raise_*exception.json).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tasks/task.h"

namespace stepwise::tasks {

// A random version-4 UUID, as Lambda request ids are.
std::string new_request_id();

// {"errorType":..,"errorMessage":..,"trace":[..]} (Node.js runtime order).
std::string error_document(std::string_view error_type, std::string_view message,
                           const std::vector<std::string>& trace = {});

// Runtime failures Lambda reports itself.
// {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out after 3.00 seconds"}
std::string timeout_document(std::string_view request_id, double timeout_seconds);
// {"errorType":"Runtime.ExitError","errorMessage":"RequestId: <id> Error: Runtime exited with error: exit status 1"}
std::string exit_document(std::string_view request_id, std::string_view wait_description,
                          std::string_view detail = {});

// Step Functions' failure for a function error document (see above).
TaskOutcome function_error_outcome(std::string_view document, bool service_integration);

// Lambda.ResourceNotFoundException, worded as the Lambda SDK does.
TaskOutcome function_not_found(std::string_view function_arn_with_qualifier, std::string_view request_id);

}  // namespace stepwise::tasks
