// An EventBridge API destination: the HTTP endpoint and method a rule target
// calls, through a connection, at most InvocationRateLimitPerSecond times a second.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateApiDestination.html
#pragma once

#include <cstdint>
#include <string>

#include "json/value.h"

namespace stepwise::events {

struct ApiDestinationSpec {
    std::string name;
    std::string arn;  // arn:aws:events:<region>:<account>:api-destination/<name>/<uuid>
    std::string description;
    std::string connection_arn;
    std::string invocation_endpoint;  // may hold '*' path wildcards
    std::string http_method;          // POST GET HEAD OPTIONS PUT PATCH DELETE
    int64_t invocation_rate_limit_per_second = 300;  // AWS's default
    std::string state = "ACTIVE";     // ACTIVE | INACTIVE
    int64_t created_ms = 0;
    int64_t modified_ms = 0;
};

// ValidationException for a method outside AWS's list.
void check_api_destination_method(const std::string& method);

// DescribeApiDestination's answer and ListApiDestinations' item (the same members).
json::Value api_destination_description(const ApiDestinationSpec& destination);
// ApiDestinationArn, ApiDestinationState, CreationTime, LastModifiedTime.
json::Value api_destination_state_result(const ApiDestinationSpec& destination);

json::Value api_destination_to_json(const ApiDestinationSpec& destination);
ApiDestinationSpec api_destination_from_json(const json::Value& value);  // throws on a wrong shape

}  // namespace stepwise::events
