// How a failed AWS API call fails the Task that made it, as Step Functions
// names it: the AWS SDK integrations (aws-sdk:sfn:*) as the SDK v2 reports
// "Sfn.InvalidTokenException" with "<message> (Service: Sfn, Status Code: 400,
// Request ID: ...) (SDK Attempt Count: 1)" (recorded: conformance
// task_services/sfn_send_task_outcome_with_no_such_token), the optimized
// integrations in the SDK v1 form "StepFunctions.<Code>Exception".
// https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
#pragma once

#include <string>

#include "tasks/task.h"

namespace stepwise::tasks {

// `service` is the error prefix ("Sfn", "StepFunctions"), `code` the API's
// error code ("InvalidToken", "StateMachineDoesNotExist").
TaskOutcome sdk_error_outcome(const std::string& service, const std::string& code, const std::string& message,
                              int status_code = 400);

}  // namespace stepwise::tasks
