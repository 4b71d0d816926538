// Builders for the ARNs stepwise hands out, in AWS's formats (partition
// "aws"), so that no other layer writes "arn:aws:..." by hand, and readers
// for the Step Functions ones so that none slices them by hand either.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
//
//   aws::Scope scope{"123456789012", "us-east-1"};
//   aws::state_machine_arn(scope, "orders");  // arn:aws:states:us-east-1:123456789012:stateMachine:orders
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/scope.h"

namespace stepwise::aws {

// arn:aws:<service>:<region>:<account>:<resource>
std::string arn(const Scope& scope, std::string_view service, std::string_view resource);
// The <account> of "arn:<partition>:<service>:<region>:<account>:<resource>";
// "" when `arn` is not an ARN or names no account.
std::string arn_account(std::string_view arn);
// The n-th (0-based) ':'-separated field of an ARN ("events" for n = 2), the
// whole rest for n = 5 (a resource may hold ':'); "" when absent.
std::string_view arn_field(std::string_view arn, int n);

// Step Functions.
std::string state_machine_arn(const Scope& scope, std::string_view machine);
std::string activity_arn(const Scope& scope, std::string_view activity);
std::string execution_arn(const Scope& scope, std::string_view machine, std::string_view execution);
// An EXPRESS execution: names may repeat, so AWS adds an id.
std::string express_execution_arn(const Scope& scope, std::string_view machine, std::string_view execution,
                                  std::string_view id);
// A Map Run's ARN is this prefix, then "<map state>:<id>".
std::string map_run_arn_prefix(const Scope& scope, std::string_view machine);
// The role the console creates for a state machine (IAM ARNs have no region).
std::string default_state_machine_role_arn(std::string_view account, std::string_view machine);

// arn:<partition>:states:<region>:<account>:stateMachine:<machine>[:<version or alias>]
struct StateMachineArnParts {
    Scope scope;
    std::string machine;
    std::string qualifier;  // "" when none
};
std::optional<StateMachineArnParts> parse_state_machine_arn(std::string_view arn);

// arn:<partition>:states:<region>:<account>:execution:<machine>:<name>, or
// ...:express:<machine>:<name>:<id>
struct ExecutionArnParts {
    Scope scope;
    std::string machine;
    std::string name;
    bool express = false;
};
std::optional<ExecutionArnParts> parse_execution_arn(std::string_view arn);

// EventBridge: rule/<name> on the bus named "default", rule/<bus>/<name> on others.
std::string event_bus_arn(const Scope& scope, std::string_view bus);
std::string event_rule_arn(const Scope& scope, std::string_view bus, std::string_view rule);

// EventBridge Schemas.
std::string schema_registry_arn(const Scope& scope, std::string_view registry);
std::string schema_arn(const Scope& scope, std::string_view registry, std::string_view schema);
std::string schema_discoverer_arn(const Scope& scope, std::string_view discoverer_id);

// Lambda; `qualifier` (a version or alias) is appended when not empty.
std::string lambda_function_arn(const Scope& scope, std::string_view function, std::string_view qualifier = "");

// S3 bucket ARNs name neither region nor account.
std::string s3_bucket_arn(std::string_view bucket);

}  // namespace stepwise::aws
