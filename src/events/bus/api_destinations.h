// The connections and API destinations of one account and region, kept in
// the store (document kinds "event_connection" and "event_api_destination",
// secrets included: the store is the user's own file) before any call that
// changes them returns, and the invocation of an API destination target:
// the connection's authorization (an OAuth token fetched, cached and
// refreshed as AWS does), the rate limit, and AWS's retry rules.
//
//   events::ApiDestinations destinations(options);   // options.http_request sends requests
//   destinations.load();                              // from the store, once at start
//   destinations.create_connection(connection);       // throws BusError as the API answers
//   destinations.invoke(request, done);               // TargetCallbacks::invoke_api_destination
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "aws/scope.h"
#include "events/bus/api_destination.h"
#include "events/bus/connection.h"
#include "events/bus/http_invocation.h"
#include "events/bus/rate_limiter.h"
#include "events/bus/target_delivery.h"
#include "events/bus/target_host_guard.h"
#include "store/store.h"

namespace stepwise::events {

struct ApiDestinationsOptions {
    aws::Scope scope;
    store::Store* store = nullptr;               // nullptr: memory only (tests)
    std::function<int64_t()> now_ms;             // Unix ms of CreationTime and token expiry; wall clock when unset
    std::function<std::string()> new_id;         // the ARNs' UUIDs; random when unset
    std::vector<std::string> allowed_target_hosts;  // beside loopback (--allow-target-host)
    std::function<void(HttpCall, std::function<void(HttpAnswer)>)> http_request;
    // The rate limit's monotonic clock and how a request waits for its moment
    // on it; the steady clock and a sleep when unset.
    std::function<int64_t()> steady_ms;
    std::function<void(int64_t steady_ms)> wait_until;
};

// UpdateConnection: the members given (nullopt = unchanged).
struct ConnectionUpdate {
    std::optional<std::string> description;
    std::optional<std::string> authorization_type;
    std::optional<json::Value> auth_parameters;
    std::optional<std::string> kms_key_identifier;
};

// UpdateApiDestination: the members given (nullopt = unchanged).
struct ApiDestinationUpdate {
    std::optional<std::string> description;
    std::optional<std::string> connection_arn;
    std::optional<std::string> invocation_endpoint;
    std::optional<std::string> http_method;
    std::optional<int64_t> invocation_rate_limit_per_second;
};

class ApiDestinations {
public:
    explicit ApiDestinations(ApiDestinationsOptions options);

    // Puts the stored connections and destinations back; one line per one that no longer loads.
    std::vector<std::string> load();

    // --- connections (BusError: ResourceAlreadyExistsException, ResourceNotFoundException, ValidationException) ---
    // `connection`: name, description, authorization_type, auth_parameters, kms_key_identifier.
    ConnectionSpec create_connection(ConnectionSpec connection);
    std::optional<ConnectionSpec> find_connection(const std::string& name) const;
    std::vector<ConnectionSpec> connections() const;  // by name
    ConnectionSpec update_connection(const std::string& name, const ConnectionUpdate& update);
    ConnectionSpec delete_connection(const std::string& name);
    // Removes the secrets; deliveries through it fail until an update authorizes it again.
    ConnectionSpec deauthorize_connection(const std::string& name);

    // --- API destinations ---
    // `destination`: name, description, connection_arn, invocation_endpoint, http_method, rate limit.
    ApiDestinationSpec create_destination(ApiDestinationSpec destination);
    std::optional<ApiDestinationSpec> find_destination(const std::string& name) const;
    std::vector<ApiDestinationSpec> destinations() const;  // by name
    ApiDestinationSpec update_destination(const std::string& name, const ApiDestinationUpdate& update);
    void delete_destination(const std::string& name);

    // Sends one delivery to the destination its target ARN names. The error
    // is marked not_retryable() for what retrying cannot cure (a 400, a
    // missing destination, a refused host).
    void invoke(const DeliveryRequest& request, DeliveryDone done);

private:
    struct CachedToken {
        OAuthToken token;
        uint64_t generation = 0;  // the connection's authorization it was fetched with
    };

    int64_t now_ms() const;
    void store_connection(const ConnectionSpec& connection);  // with mutex_ held
    void store_destination(const ApiDestinationSpec& destination);
    ConnectionSpec& existing_connection(const std::string& name);
    ApiDestinationSpec& existing_destination(const std::string& name);
    void check_endpoint(const std::string& url, const std::string& member) const;
    void authorize(ConnectionSpec& connection);  // a new authorization: state, token dropped
    // OAuth: a cached token, or fetch one, then `then(token, error)`.
    void with_token(const ConnectionSpec& connection, std::function<void(std::string token, std::string error)> then);
    void token_fetched(const std::string& connection, uint64_t generation, const std::optional<OAuthToken>& token,
                       const std::string& error);
    void send(const ApiDestinationSpec& destination, const ConnectionSpec& connection, const DeliveryRequest& request,
              const std::string& token, DeliveryDone done);

    ApiDestinationsOptions options_;
    TargetHostGuard host_guard_;
    RateLimiter limiter_;
    mutable std::mutex mutex_;
    std::map<std::string, ConnectionSpec> connections_;        // by name
    std::map<std::string, ApiDestinationSpec> destinations_;   // by name
    std::map<std::string, CachedToken> tokens_;                // by connection name
    std::map<std::string, uint64_t> generations_;              // by connection name
};

}  // namespace stepwise::events
