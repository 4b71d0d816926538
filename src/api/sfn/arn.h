// Step Functions ARNs: parsing what clients send and building what we answer.
//
//   arn:aws:states:us-east-1:123456789012:stateMachine:Orders          a state machine
//   arn:aws:states:us-east-1:123456789012:stateMachine:Orders:3        its version 3
//   arn:aws:states:us-east-1:123456789012:stateMachine:Orders:PROD     its alias PROD
//   arn:aws:states:us-east-1:123456789012:execution:Orders:run-1       an execution
//   arn:aws:states:us-east-1:123456789012:express:Orders:run-1:<id>    an express execution
//   arn:aws:states:us-east-1:123456789012:activity:Approve             an activity
//   arn:aws:states:us-east-1:123456789012:mapRun:Orders/Fan:<id>       a Distributed Map's Map Run
//   arn:aws:states:us-east-1:123456789012:stateMachine:Orders/Fan      what that Map Run's children run
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::api {

struct Arn {
    std::string partition;  // "aws"
    std::string service;    // "states"
    std::string region;
    std::string account;
    std::string resource_type;                // "stateMachine", "execution", "activity", ...
    std::vector<std::string> resource_parts;  // what follows the type, split on ':'
};

// nullopt when the text does not have the six ':'-separated parts of an ARN.
std::optional<Arn> parse_arn(std::string_view text);

// A state machine ARN and what qualifies it.
struct StateMachineArn {
    std::string machine_arn;  // unqualified
    std::string name;
    std::string qualifier;    // "" (none), a version number ("3") or an alias name ("PROD")
    bool is_version() const;
    bool is_alias() const { return !qualifier.empty() && !is_version(); }
};

// The InvalidArn message for `text` when it is not a state machine ARN
// (qualified or not), "" when it is.
std::string state_machine_arn_problem(std::string_view text, std::optional<StateMachineArn>* parsed);

// The InvalidArn message when `text` is not an ARN of `resource_type`
// ("execution" also accepts "express"), "" when it is.
std::string resource_arn_problem(std::string_view text, std::string_view resource_type);

// The <label> of a Map Run ARN (…:mapRun:<machine>/<label>:<id>; a nested
// Distributed Map's: …:mapRun:<machine>/<outer label>/<label>:<id>), "" when it has none.
std::string map_run_label(std::string_view map_run_arn);

// "Invalid Arn: '<reason>'", AWS's InvalidArn wording.
std::string invalid_arn_message(std::string_view reason);

// "<machine arn>:<qualifier>" (a version number or an alias name).
std::string qualified_arn(std::string_view machine_arn, std::string_view qualifier);

}  // namespace stepwise::api
