#include "events/bus/api_destination.h"

#include <stdexcept>

#include "events/bus/model.h"

namespace stepwise::events {
namespace {

json::Value seconds(int64_t ms) { return json::Value(static_cast<double>(ms) / 1000.0); }

std::string text_of(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int64_t int_of(const json::Value& object, std::string_view key, int64_t fallback = 0) {
    const json::Value* v = object.find(key);
    return v && v->is_integer() ? v->as_int() : fallback;
}

}  // namespace

void check_api_destination_method(const std::string& method) {
    for (const char* allowed : {"POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
        if (method == allowed) return;
    throw BusError("ValidationException",
                   "1 validation error detected: Value '" + method +
                       "' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: "
                       "[POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE]");
}

json::Value api_destination_state_result(const ApiDestinationSpec& d) {
    return json::Value(json::Object{{"ApiDestinationArn", json::Value(d.arn)},
                                    {"ApiDestinationState", json::Value(d.state)},
                                    {"CreationTime", seconds(d.created_ms)},
                                    {"LastModifiedTime", seconds(d.modified_ms)}});
}

json::Value api_destination_description(const ApiDestinationSpec& d) {
    json::Object out;
    out.set("ApiDestinationArn", json::Value(d.arn));
    out.set("Name", json::Value(d.name));
    if (!d.description.empty()) out.set("Description", json::Value(d.description));
    out.set("ApiDestinationState", json::Value(d.state));
    out.set("ConnectionArn", json::Value(d.connection_arn));
    out.set("InvocationEndpoint", json::Value(d.invocation_endpoint));
    out.set("HttpMethod", json::Value(d.http_method));
    out.set("InvocationRateLimitPerSecond", json::Value(static_cast<long long>(d.invocation_rate_limit_per_second)));
    out.set("CreationTime", seconds(d.created_ms));
    out.set("LastModifiedTime", seconds(d.modified_ms));
    return json::Value(std::move(out));
}

json::Value api_destination_to_json(const ApiDestinationSpec& d) {
    json::Object out;
    out.set("Name", json::Value(d.name));
    out.set("Arn", json::Value(d.arn));
    out.set("Description", json::Value(d.description));
    out.set("ConnectionArn", json::Value(d.connection_arn));
    out.set("InvocationEndpoint", json::Value(d.invocation_endpoint));
    out.set("HttpMethod", json::Value(d.http_method));
    out.set("InvocationRateLimitPerSecond", json::Value(static_cast<long long>(d.invocation_rate_limit_per_second)));
    out.set("State", json::Value(d.state));
    out.set("CreatedMs", json::Value(static_cast<long long>(d.created_ms)));
    out.set("ModifiedMs", json::Value(static_cast<long long>(d.modified_ms)));
    return json::Value(std::move(out));
}

ApiDestinationSpec api_destination_from_json(const json::Value& value) {
    if (!value.is_object()) throw std::runtime_error("a stored API destination is not an object");
    ApiDestinationSpec d;
    d.name = text_of(value, "Name");
    d.arn = text_of(value, "Arn");
    d.description = text_of(value, "Description");
    d.connection_arn = text_of(value, "ConnectionArn");
    d.invocation_endpoint = text_of(value, "InvocationEndpoint");
    d.http_method = text_of(value, "HttpMethod");
    d.invocation_rate_limit_per_second = int_of(value, "InvocationRateLimitPerSecond", 300);
    if (std::string state = text_of(value, "State"); !state.empty()) d.state = state;
    d.created_ms = int_of(value, "CreatedMs");
    d.modified_ms = int_of(value, "ModifiedMs");
    if (d.name.empty() || d.arn.empty()) throw std::runtime_error("a stored API destination without Name or Arn");
    return d;
}

}  // namespace stepwise::events
