// Definition checks shared by CreateStateMachine and UpdateStateMachine.
#pragma once

#include <memory>
#include <string>

#include "asl/machine.h"
#include "json/value.h"
#include "runtime/execution_log.h"

namespace stepwise::api {

// The compiled definition; throws InvalidDefinition worded as AWS:
// "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ... at /States/X, MISSING_TRANSITION_TARGET: ...'".
std::shared_ptr<const asl::Machine> compile_or_throw(const std::string& definition);
// For an EXPRESS machine: throws InvalidDefinition, worded as above, naming each Task
// an Express Workflow cannot run (asl/express.h).
void check_express_or_throw(const asl::Machine& machine);

// A role ARN must at least be an ARN; throws InvalidArn.
void check_role_arn(const std::string& role_arn);

// loggingConfiguration with AWS's defaults filled in ({"level": "OFF",
// "includeExecutionData": false}); throws InvalidLoggingConfiguration (no
// destination for a level other than OFF, more than one, a log group ARN that
// is not arn:aws:logs:<region>:<account>:log-group:<name>:*).
json::Value logging_configuration(const json::Value* requested);
// What the executions of a state machine log, from its stored loggingConfiguration.
runtime::ExecutionLogging execution_logging(const json::Value* logging_configuration);
// tracingConfiguration with AWS's default ({"enabled": false}).
json::Value tracing_configuration(const json::Value* requested);
// encryptionConfiguration (CreateStateMachine, UpdateStateMachine, CreateActivity)
// checked and kept as given, its known members only; null when absent. Throws
// ValidationException (type, kmsKeyId, kmsDataKeyReusePeriodSeconds out of the
// model's bounds) or InvalidEncryptionConfiguration (a customer managed key without
// kmsKeyId). Nothing is encrypted locally: the setting is only stored and answered.
json::Value encryption_configuration(const json::Value* requested);

}  // namespace stepwise::api
