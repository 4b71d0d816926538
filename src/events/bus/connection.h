// An EventBridge connection: how requests to an API destination are
// authorized (Basic, API key, or OAuth client credentials) and the header,
// query string and body parameters every request carries. The auth
// parameters are kept in the API's shape, secrets included (the store is the
// user's own file); what Describe shows leaves the secrets out.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnection.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-target-connection-auth.html
#pragma once

#include <cstdint>
#include <string>

#include "json/value.h"

namespace stepwise::events {

struct ConnectionSpec {
    std::string name;
    std::string arn;
    std::string description;
    std::string authorization_type;  // BASIC | API_KEY | OAUTH_CLIENT_CREDENTIALS
    json::Value auth_parameters;     // CreateConnectionAuthRequestParameters, secrets included
    std::string kms_key_identifier;  // kept and returned; stepwise encrypts nothing
    // AUTHORIZED, AUTHORIZING (OAuth until a token was fetched), DEAUTHORIZED.
    std::string state;
    std::string state_reason;
    int64_t created_ms = 0;
    int64_t modified_ms = 0;
    int64_t last_authorized_ms = 0;  // 0 = never
};

// Checks AuthParameters against AuthorizationType: the type's own parameters
// are there and well formed, no other type's are, and every member is known.
// Throws BusError(ValidationException) naming the member.
void check_auth_parameters(const std::string& authorization_type, const json::Value& auth_parameters);
// UpdateConnection's AuthParameters over the stored ones: objects merge
// member by member (a new ClientSecret keeps the ClientID), anything else is replaced.
json::Value merge_auth_parameters(const json::Value& stored, const json::Value& update);
// The parameters without their secrets (passwords, API key values, client
// secrets, parameter values marked IsValueSecret): DeauthorizeConnection.
json::Value without_secrets(const json::Value& auth_parameters);

// DescribeConnection's answer (no secrets), and the Connection of ListConnections.
json::Value connection_description(const ConnectionSpec& connection);
json::Value connection_summary(const ConnectionSpec& connection);
// ConnectionArn, ConnectionState, CreationTime, LastModifiedTime, LastAuthorizedTime.
json::Value connection_state_result(const ConnectionSpec& connection);

// The stored document (with secrets) and back; from_json throws on a wrong shape.
json::Value connection_to_json(const ConnectionSpec& connection);
ConnectionSpec connection_from_json(const json::Value& value);

}  // namespace stepwise::events
