// The HTTP requests an API destination makes, built without sending them:
// one event's request (the destination's method and endpoint, its '*' path
// wildcards filled, header and query string parameters from the target and
// the connection, the connection's authorization), the OAuth client
// credentials token request, and which answers are retried.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_HttpParameters.html
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "events/bus/api_destination.h"
#include "events/bus/connection.h"
#include "events/bus/target_delivery.h"
#include "json/value.h"

namespace stepwise::events {

// A request that cannot be built from this configuration (retrying cannot help).
class InvocationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The request for one event. `http_parameters`: the target's HttpParameters
// (null when none); where a key is in both, the connection's value wins, as
// AWS merges them. `access_token`: OAuth connections' bearer token. Throws
// InvocationError.
HttpCall api_destination_request(const ApiDestinationSpec& destination, const ConnectionSpec& connection,
                                 const json::Value& http_parameters, const std::string& input,
                                 const std::string& access_token = "");

// The token request of an OAUTH_CLIENT_CREDENTIALS connection: its
// AuthorizationEndpoint and HttpMethod, the client id and secret as HTTP
// Basic credentials (RFC 6749 section 2.3.1), and OAuthHttpParameters (body
// parameters form-encoded). Throws InvocationError.
HttpCall oauth_token_request(const ConnectionSpec& connection);

struct OAuthToken {
    std::string access_token;
    int64_t expires_at_ms = 0;  // 0 = the endpoint gave no expires_in
};
// {"access_token": "...", "expires_in": 3600, ...}; nullopt (with `error`) otherwise.
std::optional<OAuthToken> parse_oauth_token(const std::string& body, int64_t now_ms, std::string* error);

// A PutTargets target's HttpParameters (when it has them): the members and
// types API_HttpParameters allows. Throws BusError(ValidationException) naming the member.
void check_target_http_parameters(const json::Value& target);

// AWS retries 401, 407, 409, 429 and 5xx answers and no other (1xx, 3xx, other 4xx).
bool is_retried_status(int status);
// 401 and 407 make AWS fetch a new OAuth token.
inline bool refreshes_token(int status) { return status == 401 || status == 407; }


}  // namespace stepwise::events
