// An event bus's resource policy: the statements PutPermission adds and
// RemovePermission takes away, as AWS renders them, and whether it lets an
// account put events on the bus.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
//
//   std::string policy = events::add_permission("", bus_arn, {.statement_id = "partner",
//                                               .principal = "111122223333"});
//   events::allows_put_events(policy, "111122223333", bus_arn);   // true
#pragma once

#include <string>

namespace stepwise::events {

// The policy AWS keeps is at most 10 KB (PolicyLengthExceededException).
inline constexpr size_t kMaxPolicySize = 10 * 1024;

// PutPermission's Action, Principal, StatementId and Condition.
struct PermissionGrant {
    std::string statement_id;
    std::string principal;  // a 12-digit account id or "*"
    std::string action = "events:PutEvents";
    // Condition (Type StringEquals, Key aws:PrincipalOrgID); none when type is "".
    std::string condition_type;
    std::string condition_key;
    std::string condition_value;
};

// `policy` ("" = none) with the grant's statement added on `bus_arn`, replacing
// one of the same Sid. Throws BusError: ValidationException naming the member
// that is not valid, PolicyLengthExceededException.
std::string add_permission(const std::string& policy, const std::string& bus_arn, const PermissionGrant& grant);

// A whole policy document (PutPermission's Policy), checked and returned as
// compact JSON: ValidationException when it is not a JSON object with a
// Statement, PolicyLengthExceededException when it is over 10 KB.
std::string checked_policy(const std::string& text);

// `policy` without the statement `statement_id` ("" when none is left);
// ResourceNotFoundException when it has no such statement.
std::string remove_permission(const std::string& policy, const std::string& statement_id);

// Whether `policy` lets `account` call events:PutEvents on `bus_arn`: an Allow
// statement whose Principal, Action and Resource match, and no Deny that does.
// stepwise knows no organizations or request context, so a statement with a
// Condition matches nobody (it fails closed).
bool allows_put_events(const std::string& policy, const std::string& account, const std::string& bus_arn);

}  // namespace stepwise::events
