#include "events/bus/api_destinations.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "aws/arn.h"
#include "events/bus/event.h"
#include "events/bus/model.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

constexpr const char* kConnectionKind = "event_connection";
constexpr const char* kDestinationKind = "event_api_destination";
// stepwise's bound on each, so that no client can grow them without end.
constexpr size_t kMaxResources = 3000;
// A token this close to its expiry is fetched again before use, as AWS does.
constexpr int64_t kTokenRefreshMarginMs = 60'000;

[[noreturn]] void invalid(const std::string& message) { throw BusError("ValidationException", message); }

void check_name(const std::string& name) {
    bool ok = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    });
    if (!ok)
        invalid("1 validation error detected: Value '" + name +
                "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                "[\\.\\-_A-Za-z0-9]+ and have length between 1 and 64");
}

void check_description(const std::string& description) {
    if (description.size() > 512)
        invalid("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have "
                "length less than or equal to 512");
}

int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int64_t steady_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string first_bytes(const std::string& text) { return text.size() > 512 ? text.substr(0, 512) + "..." : text; }

// A URL for messages (dead letters, logs, StateReason): without its query,
// which may hold parameters marked IsValueSecret.
std::string without_query(const std::string& url) { return url.substr(0, url.find('?')); }

// Why the guard refuses a URL with the connection's query parameters, worded without them.
std::optional<std::string> refusal_of(const TargetHostGuard& guard, const std::string& url) {
    if (!guard.refusal(url)) return std::nullopt;
    return guard.refusal(without_query(url))
        .value_or(without_query(url) + " is refused: its host is followed by a query, not a path");
}

}  // namespace

ApiDestinations::ApiDestinations(ApiDestinationsOptions options)
    : options_(std::move(options)),
      host_guard_(options_.allowed_target_hosts),
      limiter_(options_.steady_ms ? options_.steady_ms : steady_clock_ms) {
    if (!options_.wait_until)
        options_.wait_until = [clock = options_.steady_ms ? options_.steady_ms : steady_clock_ms](int64_t at) {
            int64_t now = clock();
            if (at > now) std::this_thread::sleep_for(std::chrono::milliseconds(at - now));
        };
}

int64_t ApiDestinations::now_ms() const { return options_.now_ms ? options_.now_ms() : wall_clock_ms(); }

std::vector<std::string> ApiDestinations::load() {
    std::vector<std::string> problems;
    if (!options_.store) return problems;
    std::lock_guard lock(mutex_);
    for (const auto& document : options_.store->list_documents(kConnectionKind)) {
        try {
            ConnectionSpec c = connection_from_json(json::parse(document.body));
            std::string name = c.name;
            connections_.insert_or_assign(name, std::move(c));
        } catch (const std::exception& e) {
            problems.push_back(std::string(kConnectionKind) + " " + document.id + ": " + e.what());
        }
    }
    for (const auto& document : options_.store->list_documents(kDestinationKind)) {
        try {
            ApiDestinationSpec d = api_destination_from_json(json::parse(document.body));
            std::string name = d.name;
            destinations_.insert_or_assign(name, std::move(d));
        } catch (const std::exception& e) {
            problems.push_back(std::string(kDestinationKind) + " " + document.id + ": " + e.what());
        }
    }
    return problems;
}

void ApiDestinations::store_connection(const ConnectionSpec& c) {
    if (options_.store)
        options_.store->apply({store::PutDocument{{kConnectionKind, c.arn, json::dump(connection_to_json(c))}}});
}

void ApiDestinations::store_destination(const ApiDestinationSpec& d) {
    if (options_.store)
        options_.store->apply({store::PutDocument{{kDestinationKind, d.arn, json::dump(api_destination_to_json(d))}}});
}

void ApiDestinations::check_endpoint(const std::string& url, const std::string& member) const {
    if (url.empty() || url.size() > 2048) invalid(member + " must be a URL of 1 to 2048 characters.");
    if (url.rfind("http://", 0) != 0)
        invalid(member + " " + url +
                " is refused: stepwise sends these requests over plain http:// only, to loopback or to a host "
                "allowed with stepwise serve --allow-target-host.");
    if (auto refused = host_guard_.refusal(url)) invalid(member + ": " + *refused);
}

ConnectionSpec& ApiDestinations::existing_connection(const std::string& name) {
    auto it = connections_.find(name);
    if (it == connections_.end())
        throw BusError("ResourceNotFoundException", "Failed to describe the connection(s). Connection '" + name +
                                                        "' does not exist.");
    return it->second;
}

ApiDestinationSpec& ApiDestinations::existing_destination(const std::string& name) {
    auto it = destinations_.find(name);
    if (it == destinations_.end())
        throw BusError("ResourceNotFoundException", "Failed to describe the api-destination(s). An api-destination '" +
                                                        name + "' does not exist.");
    return it->second;
}

void ApiDestinations::authorize(ConnectionSpec& c) {
    generations_[c.name]++;
    tokens_.erase(c.name);
    c.state_reason.clear();
    if (c.authorization_type == "OAUTH_CLIENT_CREDENTIALS") {
        c.state = "AUTHORIZING";  // until the first delivery fetches a token
    } else {
        c.state = "AUTHORIZED";
        c.last_authorized_ms = now_ms();
    }
}

// --- connections ---

ConnectionSpec ApiDestinations::create_connection(ConnectionSpec c) {
    check_name(c.name);
    check_description(c.description);
    check_auth_parameters(c.authorization_type, c.auth_parameters);
    if (const json::Value* oauth = c.auth_parameters.find("OAuthParameters"))
        check_endpoint(std::string(oauth->find("AuthorizationEndpoint")->as_string()),
                       "AuthParameters.OAuthParameters.AuthorizationEndpoint");
    std::lock_guard lock(mutex_);
    if (connections_.count(c.name))
        throw BusError("ResourceAlreadyExistsException", "Connection " + c.name + " already exists.");
    if (connections_.size() >= kMaxResources)
        throw BusError("LimitExceededException", "stepwise keeps at most " + std::to_string(kMaxResources) + " connections.");
    c.arn = aws::arn(options_.scope, "events",
                     "connection/" + c.name + "/" + (options_.new_id ? options_.new_id() : random_uuid()));
    c.created_ms = c.modified_ms = now_ms();
    authorize(c);
    store_connection(c);
    connections_.emplace(c.name, c);
    return c;
}

std::optional<ConnectionSpec> ApiDestinations::find_connection(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = connections_.find(name);
    if (it == connections_.end()) return std::nullopt;
    return it->second;
}

std::vector<ConnectionSpec> ApiDestinations::connections() const {
    std::lock_guard lock(mutex_);
    std::vector<ConnectionSpec> out;
    for (const auto& [name, c] : connections_) out.push_back(c);
    return out;
}

ConnectionSpec ApiDestinations::update_connection(const std::string& name, const ConnectionUpdate& update) {
    if (update.description) check_description(*update.description);
    std::lock_guard lock(mutex_);
    ConnectionSpec c = existing_connection(name);
    if (update.description) c.description = *update.description;
    if (update.kms_key_identifier) c.kms_key_identifier = *update.kms_key_identifier;
    if (update.authorization_type || update.auth_parameters) {
        std::string type = update.authorization_type.value_or(c.authorization_type);
        json::Value stored = c.auth_parameters;
        if (type != c.authorization_type && stored.is_object()) {
            // Another type's credentials do not carry over; the invocation parameters do.
            for (const char* other : {"BasicAuthParameters", "ApiKeyAuthParameters", "OAuthParameters"})
                stored.mutable_object().erase(other);
        }
        json::Value merged = update.auth_parameters ? merge_auth_parameters(stored, *update.auth_parameters) : stored;
        check_auth_parameters(type, merged);
        if (const json::Value* oauth = merged.find("OAuthParameters"))
            check_endpoint(std::string(oauth->find("AuthorizationEndpoint")->as_string()),
                           "AuthParameters.OAuthParameters.AuthorizationEndpoint");
        c.authorization_type = type;
        c.auth_parameters = merged;
        authorize(c);
    }
    c.modified_ms = now_ms();
    store_connection(c);
    connections_[name] = c;
    return c;
}

ConnectionSpec ApiDestinations::delete_connection(const std::string& name) {
    std::lock_guard lock(mutex_);
    ConnectionSpec c = existing_connection(name);
    if (options_.store) options_.store->apply({store::DeleteDocument{kConnectionKind, c.arn}});
    connections_.erase(name);
    tokens_.erase(name);
    generations_[name]++;
    c.state = "DELETING";
    return c;
}

ConnectionSpec ApiDestinations::deauthorize_connection(const std::string& name) {
    std::lock_guard lock(mutex_);
    ConnectionSpec c = existing_connection(name);
    c.auth_parameters = without_secrets(c.auth_parameters);
    c.state = "DEAUTHORIZED";
    c.state_reason.clear();
    c.modified_ms = now_ms();
    store_connection(c);
    generations_[name]++;
    tokens_.erase(name);
    connections_[name] = c;
    return c;
}

// --- API destinations ---

ApiDestinationSpec ApiDestinations::create_destination(ApiDestinationSpec d) {
    check_name(d.name);
    check_description(d.description);
    check_api_destination_method(d.http_method);
    check_endpoint(d.invocation_endpoint, "InvocationEndpoint");
    if (d.invocation_rate_limit_per_second < 1)
        invalid("1 validation error detected: Value '" + std::to_string(d.invocation_rate_limit_per_second) +
                "' at 'invocationRateLimitPerSecond' failed to satisfy constraint: Member must have value greater "
                "than or equal to 1");
    std::lock_guard lock(mutex_);
    if (destinations_.count(d.name))
        throw BusError("ResourceAlreadyExistsException", "An api-destination '" + d.name + "' already exists.");
    bool connected = std::any_of(connections_.begin(), connections_.end(),
                                 [&](const auto& c) { return c.second.arn == d.connection_arn; });
    if (!connected)
        throw BusError("ResourceNotFoundException", "Connection '" + d.connection_arn + "' does not exist.");
    if (destinations_.size() >= kMaxResources)
        throw BusError("LimitExceededException",
                       "stepwise keeps at most " + std::to_string(kMaxResources) + " API destinations.");
    d.arn = aws::arn(options_.scope, "events",
                     "api-destination/" + d.name + "/" + (options_.new_id ? options_.new_id() : random_uuid()));
    d.state = "ACTIVE";
    d.created_ms = d.modified_ms = now_ms();
    store_destination(d);
    destinations_.emplace(d.name, d);
    return d;
}

std::optional<ApiDestinationSpec> ApiDestinations::find_destination(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = destinations_.find(name);
    if (it == destinations_.end()) return std::nullopt;
    return it->second;
}

std::vector<ApiDestinationSpec> ApiDestinations::destinations() const {
    std::lock_guard lock(mutex_);
    std::vector<ApiDestinationSpec> out;
    for (const auto& [name, d] : destinations_) out.push_back(d);
    return out;
}

ApiDestinationSpec ApiDestinations::update_destination(const std::string& name, const ApiDestinationUpdate& update) {
    if (update.description) check_description(*update.description);
    if (update.http_method) check_api_destination_method(*update.http_method);
    if (update.invocation_endpoint) check_endpoint(*update.invocation_endpoint, "InvocationEndpoint");
    if (update.invocation_rate_limit_per_second && *update.invocation_rate_limit_per_second < 1)
        invalid("1 validation error detected: Value '" + std::to_string(*update.invocation_rate_limit_per_second) +
                "' at 'invocationRateLimitPerSecond' failed to satisfy constraint: Member must have value greater "
                "than or equal to 1");
    std::lock_guard lock(mutex_);
    ApiDestinationSpec d = existing_destination(name);
    if (update.connection_arn) {
        bool connected = std::any_of(connections_.begin(), connections_.end(),
                                     [&](const auto& c) { return c.second.arn == *update.connection_arn; });
        if (!connected)
            throw BusError("ResourceNotFoundException", "Connection '" + *update.connection_arn + "' does not exist.");
        d.connection_arn = *update.connection_arn;
    }
    if (update.description) d.description = *update.description;
    if (update.invocation_endpoint) d.invocation_endpoint = *update.invocation_endpoint;
    if (update.http_method) d.http_method = *update.http_method;
    if (update.invocation_rate_limit_per_second)
        d.invocation_rate_limit_per_second = *update.invocation_rate_limit_per_second;
    d.modified_ms = now_ms();
    store_destination(d);
    destinations_[name] = d;
    return d;
}

void ApiDestinations::delete_destination(const std::string& name) {
    std::lock_guard lock(mutex_);
    ApiDestinationSpec d = existing_destination(name);
    if (options_.store) options_.store->apply({store::DeleteDocument{kDestinationKind, d.arn}});
    destinations_.erase(name);
    limiter_.forget(d.arn);
}

// --- invocation ---

void ApiDestinations::invoke(const DeliveryRequest& request, DeliveryDone done) {
    std::optional<ApiDestinationSpec> destination;
    std::optional<ConnectionSpec> connection;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, d] : destinations_)
            if (d.arn == request.target_arn) destination = d;
        if (destination)
            for (const auto& [name, c] : connections_)
                if (c.arn == destination->connection_arn) connection = c;
    }
    if (!destination) return done(not_retryable("API destination " + request.target_arn + " does not exist"));
    if (!connection)
        return done(not_retryable("The connection " + destination->connection_arn + " of API destination " +
                                  destination->name + " does not exist"));
    if (connection->state == "DEAUTHORIZED")
        return done("Connection " + connection->name +
                    " is deauthorized: UpdateConnection with its authorization parameters authorizes it again");
    // The options may have changed since the destination was created.
    if (auto refused = host_guard_.refusal(destination->invocation_endpoint)) return done(not_retryable(*refused));
    if (!options_.http_request) return done("No HTTP client is configured");
    if (connection->authorization_type != "OAUTH_CLIENT_CREDENTIALS")
        return send(*destination, *connection, request, "", std::move(done));
    with_token(*connection, [this, destination = *destination, connection = *connection, request,
                             done = std::move(done)](std::string token, std::string error) mutable {
        if (!error.empty()) return done(error);
        send(destination, connection, request, token, std::move(done));
    });
}

void ApiDestinations::with_token(const ConnectionSpec& connection,
                                 std::function<void(std::string token, std::string error)> then) {
    uint64_t generation;
    std::string cached;
    {
        std::lock_guard lock(mutex_);
        generation = generations_[connection.name];
        auto it = tokens_.find(connection.name);
        if (it != tokens_.end() && it->second.generation == generation &&
            (it->second.token.expires_at_ms == 0 || it->second.token.expires_at_ms - now_ms() > kTokenRefreshMarginMs))
            cached = it->second.token.access_token;
    }
    if (!cached.empty()) return then(cached, "");
    HttpCall call;
    try {
        call = oauth_token_request(connection);
    } catch (const InvocationError& e) {
        return then("", not_retryable(e.what()));
    }
    if (auto refused = refusal_of(host_guard_, call.url)) return then("", not_retryable(*refused));
    std::string name = connection.name, url = without_query(call.url);
    options_.http_request(std::move(call), [this, name, url, generation, then = std::move(then)](HttpAnswer answer) {
        std::string error;
        std::optional<OAuthToken> token;
        if (answer.status == 0)
            error = "the token request to " + url + " failed: " + answer.error;
        else if (answer.status < 200 || answer.status > 299)
            error = "the token endpoint " + url + " answered HTTP " + std::to_string(answer.status) + ": " +
                    first_bytes(answer.body);
        else
            token = parse_oauth_token(answer.body, now_ms(), &error);
        token_fetched(name, generation, token, error);
        if (token) return then(token->access_token, "");
        then("", "Connection " + name + " could not be authorized: " + error);
    });
}

void ApiDestinations::token_fetched(const std::string& name, uint64_t generation,
                                    const std::optional<OAuthToken>& token, const std::string& error) {
    std::lock_guard lock(mutex_);
    auto it = connections_.find(name);
    if (it == connections_.end() || generations_[name] != generation) return;  // changed meanwhile
    ConnectionSpec& c = it->second;
    std::string reason_before = c.state_reason;
    if (token) {
        tokens_[name] = {*token, generation};
        c.state = "AUTHORIZED";
        c.state_reason.clear();
        c.last_authorized_ms = now_ms();
    } else {
        c.state_reason = first_bytes(error).substr(0, 512);
    }
    if (!token && c.state_reason == reason_before) return;
    try {
        store_connection(c);
    } catch (const std::exception&) {
        // The state is informative; the next authorization stores it again.
    }
}

void ApiDestinations::send(const ApiDestinationSpec& destination, const ConnectionSpec& connection,
                           const DeliveryRequest& request, const std::string& token, DeliveryDone done) {
    HttpCall call;
    try {
        call = api_destination_request(destination, connection, request.http_parameters, request.input, token);
    } catch (const InvocationError& e) {
        return done(not_retryable(e.what()));
    }
    if (auto refused = refusal_of(host_guard_, call.url)) return done(not_retryable(*refused));
    options_.wait_until(limiter_.reserve(destination.arn, destination.invocation_rate_limit_per_second));
    std::string what = call.method + " " + without_query(call.url);
    std::string connection_name = connection.name;
    bool oauth = connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS";
    options_.http_request(std::move(call), [this, what, connection_name, oauth, done = std::move(done)](HttpAnswer answer) {
        if (answer.status == 0) return done(what + " failed: " + answer.error);
        if (answer.status >= 200 && answer.status <= 299) return done("");
        if (oauth && refreshes_token(answer.status)) {
            std::lock_guard lock(mutex_);
            tokens_.erase(connection_name);  // the retry fetches a new one
        }
        std::string error = "HTTP " + std::to_string(answer.status) + " from " + what + ": " + first_bytes(answer.body);
        done(is_retried_status(answer.status) ? error : not_retryable(error));
    });
}

}  // namespace stepwise::events
