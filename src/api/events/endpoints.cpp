// Global endpoints: CreateEndpoint, DescribeEndpoint, ListEndpoints,
// UpdateEndpoint, DeleteEndpoint, and PutEvents with an EndpointId.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-global-endpoints.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEndpoint.html
//
// An endpoint pairs a bus of one name in two regions: the primary (the
// region of its buses that is not the failover's Secondary.Route) and the
// secondary. stepwise hosts one region and has no Route 53 health checks, so
// an endpoint is always healthy: PutEvents with its EndpointId puts the
// entries on the primary bus, which must be in this server's region.
// Endpoints are kept in the store (kind "event_endpoint", id the name) and
// described as AWS does, ACTIVE as soon as they are created.
#include <algorithm>

#include "api/events/call.h"
#include "events/bus/event.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {
namespace {

constexpr std::string_view kKind = "event_endpoint";

[[noreturn]] void invalid_member(std::string_view member, std::string_view why) {
    validation_error("Parameter " + std::string(member) + " is not valid: " + std::string(why));
}

bool all_chars(std::string_view text, std::string_view extra) {
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
    });
}

std::string endpoint_name(EventsCall& call) {
    std::string name = call.required_string("Name");
    if (name.empty() || name.size() > 64 || !all_chars(name, ".-_"))
        invalid_member("Name", "1 to 64 letters, digits, '.', '-' or '_'.");
    return name;
}

const json::Value* structure(const json::Value& parent, std::string_view key, std::string_view path, bool required) {
    const json::Value* v = parent.find(key);
    if (!v || v->is_null()) {
        if (required) missing_member(path);
        return nullptr;
    }
    if (!v->is_object())
        throw events::BusError("SerializationException",
                               "Unexpected value type for '" + std::string(path) + "': expected a structure");
    return v;
}

std::string string_in(const json::Value& parent, std::string_view key, std::string_view path) {
    const json::Value* v = parent.find(key);
    if (!v || v->is_null()) missing_member(path);
    if (!v->is_string())
        throw events::BusError("SerializationException",
                               "Unexpected value type for '" + std::string(path) + "': expected a string");
    return std::string(v->as_string());
}

// "arn:aws:events:REGION:ACCOUNT:event-bus/NAME" -> {region, name}; ValidationException otherwise.
std::pair<std::string, std::string> bus_arn_parts(const std::string& arn) {
    std::string prefix = "arn:aws:events:";
    size_t region_end = arn.find(':', prefix.size());
    size_t account_end = region_end == std::string::npos ? region_end : arn.find(':', region_end + 1);
    if (arn.rfind(prefix, 0) != 0 || account_end == std::string::npos ||
        arn.compare(account_end + 1, 10, "event-bus/") != 0 || arn.size() <= account_end + 11)
        invalid_member("EventBuses.EventBusArn", "the ARN of an event bus, arn:aws:events:REGION:ACCOUNT:event-bus/NAME.");
    return {arn.substr(prefix.size(), region_end - prefix.size()), arn.substr(account_end + 11)};
}

// The endpoint's settings from a Create/UpdateEndpoint request, checked; the
// members absent from `body` keep their values in `endpoint` (for Update).
void read_settings(const json::Value& body, json::Object& endpoint, bool creating) {
    if (const json::Value* d = body.find("Description"); d && !d->is_null()) {
        if (!d->is_string()) string_in(body, "Description", "Description");
        if (d->as_string().size() > 512) invalid_member("Description", "at most 512 characters.");
        endpoint.set("Description", *d);
    }
    if (const json::Value* routing = structure(body, "RoutingConfig", "RoutingConfig", creating)) {
        const json::Value* failover = structure(*routing, "FailoverConfig", "RoutingConfig.FailoverConfig", true);
        const json::Value* primary = structure(*failover, "Primary", "RoutingConfig.FailoverConfig.Primary", true);
        const json::Value* secondary = structure(*failover, "Secondary", "RoutingConfig.FailoverConfig.Secondary", true);
        std::string health = string_in(*primary, "HealthCheck", "RoutingConfig.FailoverConfig.Primary.HealthCheck");
        if (health.rfind("arn:aws:route53:::healthcheck/", 0) != 0 || health.size() > 1600)
            invalid_member("HealthCheck", "the ARN of a Route 53 health check, arn:aws:route53:::healthcheck/ID.");
        std::string route = string_in(*secondary, "Route", "RoutingConfig.FailoverConfig.Secondary.Route");
        if (route.size() < 9 || route.size() > 20 || !all_chars(route, "-"))
            invalid_member("Route", "a region, such as us-west-2.");
        endpoint.set("RoutingConfig", *routing);
    }
    if (const json::Value* replication = structure(body, "ReplicationConfig", "ReplicationConfig", false)) {
        if (const json::Value* state = replication->find("State"); state && !state->is_null()) {
            if (!state->is_string() || (state->as_string() != "ENABLED" && state->as_string() != "DISABLED"))
                invalid_member("ReplicationConfig.State", "ENABLED or DISABLED.");
        }
        endpoint.set("ReplicationConfig", *replication);
    } else if (creating) {
        endpoint.set("ReplicationConfig", json::Value(json::Object{{"State", json::Value("ENABLED")}}));
    }
    if (const json::Value* buses = body.find("EventBuses"); buses && !buses->is_null()) {
        if (!buses->is_array() || buses->size() != 2)
            invalid_member("EventBuses", "two event buses of one name, in two regions.");
        std::vector<std::pair<std::string, std::string>> parts;
        for (const json::Value& bus : buses->as_array()) {
            if (!bus.is_object()) invalid_member("EventBuses", "a list of {EventBusArn}.");
            parts.push_back(bus_arn_parts(string_in(bus, "EventBusArn", "EventBuses.EventBusArn")));
        }
        if (parts[0].second != parts[1].second || parts[0].first == parts[1].first)
            invalid_member("EventBuses", "two event buses of one name, in two regions.");
        endpoint.set("EventBuses", *buses);
    } else if (creating) {
        missing_member("EventBuses");
    }
    if (const json::Value* role = body.find("RoleArn"); role && !role->is_null()) {
        std::string arn = string_in(body, "RoleArn", "RoleArn");
        if (arn.rfind("arn:aws:iam::", 0) != 0 || arn.find(":role/") == std::string::npos || arn.size() > 256)
            invalid_member("RoleArn", "the ARN of an IAM role.");
        endpoint.set("RoleArn", *role);
    }
}

std::optional<json::Value> find_endpoint(EventsShared& shared, const std::string& name) {
    auto document = shared.store.get_document(std::string(kKind), name);
    if (!document) return std::nullopt;
    return json::parse(document->body);
}

[[noreturn]] void endpoint_not_found(const std::string& name) {
    throw events::BusError("ResourceNotFoundException", "Endpoint " + name + " does not exist.");
}

void store_endpoint(EventsShared& shared, const json::Value& endpoint) {
    shared.store.apply({store::PutDocument{{std::string(kKind), std::string(endpoint.find("Name")->as_string()),
                                            json::dump(endpoint)}}});
}

// The members of a Create/UpdateEndpoint answer.
json::Value answer_of(const json::Value& endpoint, bool with_id) {
    json::Object out;
    for (std::string_view key : {"Name", "Arn", "RoutingConfig", "ReplicationConfig", "EventBuses", "RoleArn",
                                 "EndpointId", "EndpointUrl", "State"}) {
        if ((key == "EndpointId" || key == "EndpointUrl") && !with_id) continue;
        if (const json::Value* v = endpoint.find(key)) out.set(key, *v);
    }
    return json::Value(std::move(out));
}

void check_home_region(EventsCall& call) {
    auto home = call.string("HomeRegion");
    if (home && *home != call.shared.bus.scope().region)
        throw events::BusError("ResourceNotFoundException",
                               "stepwise hosts region " + call.shared.bus.scope().region + " only, not " + *home + ".");
}

json::Value seconds(int64_t ms) { return json::Value(static_cast<double>(ms) / 1000.0); }

}  // namespace

std::vector<events::EntryResult> route_to_endpoint(EventsCall& call, std::vector<events::EventEntry>& entries) {
    std::vector<events::EntryResult> results(entries.size());
    auto id = call.string("EndpointId");
    if (!id) return results;
    std::optional<json::Value> endpoint;
    for (const auto& document : call.shared.store.list_documents(std::string(kKind))) {
        json::Value body = json::parse(document.body);
        const json::Value* endpoint_id = body.find("EndpointId");
        if (endpoint_id && endpoint_id->is_string() && endpoint_id->as_string() == *id) endpoint = body;
    }
    if (!endpoint) validation_error("EndpointId " + *id + " names no endpoint.");
    std::string secondary(endpoint->find("RoutingConfig")->find("FailoverConfig")->find("Secondary")->find("Route")->as_string());
    std::string primary_arn;
    for (const json::Value& bus : endpoint->find("EventBuses")->as_array()) {
        std::string arn(bus.find("EventBusArn")->as_string());
        if (bus_arn_parts(arn).first != secondary) primary_arn = arn;
    }
    auto [region, bus_name] = bus_arn_parts(primary_arn);
    if (region != call.shared.bus.scope().region)
        validation_error("The endpoint's primary event bus " + primary_arn + " is in region " + region +
                         "; stepwise hosts region " + call.shared.bus.scope().region + " only.");
    for (size_t i = 0; i < entries.size(); ++i) {
        if (events::bus_name_of(entries[i].event_bus_name) != bus_name) {
            results[i] = {"", "ResourceNotFoundException",
                          "Endpoint " + std::string(endpoint->find("Name")->as_string()) + " routes events to event bus " +
                              bus_name + ", not to " + events::bus_name_of(entries[i].event_bus_name) + "."};
            continue;
        }
        entries[i].event_bus_name = bus_name;
    }
    return results;
}

namespace evt {

json::Value create_endpoint(EventsCall& call) {
    std::string name = endpoint_name(call);
    json::Object endpoint{{"Name", json::Value(name)}};
    read_settings(call.body, endpoint, true);
    const aws::Scope& scope = call.shared.bus.scope();
    endpoint.set("Arn", json::Value("arn:aws:events:" + scope.region + ":" + scope.account + ":endpoint/" + name));
    std::string id = events::random_uuid();
    id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
    id = id.substr(0, 10) + ".veo";
    endpoint.set("EndpointId", json::Value(id));
    endpoint.set("EndpointUrl", json::Value("https://" + id + ".endpoint.events.amazonaws.com"));
    endpoint.set("State", json::Value("ACTIVE"));
    int64_t now = call.shared.bus.now_ms();
    endpoint.set("CreationTime", seconds(now));
    endpoint.set("LastModifiedTime", seconds(now));
    json::Value value(std::move(endpoint));
    std::lock_guard lock(call.shared.control_plane);
    if (find_endpoint(call.shared, name))
        throw events::BusError("ResourceAlreadyExistsException", "Endpoint " + name + " already exists.");
    store_endpoint(call.shared, value);
    return answer_of(value, false);
}

json::Value update_endpoint(EventsCall& call) {
    std::string name = endpoint_name(call);
    std::lock_guard lock(call.shared.control_plane);
    auto endpoint = find_endpoint(call.shared, name);
    if (!endpoint) endpoint_not_found(name);
    json::Object& fields = endpoint->mutable_object();
    read_settings(call.body, fields, false);
    fields.set("LastModifiedTime", seconds(call.shared.bus.now_ms()));
    store_endpoint(call.shared, *endpoint);
    return answer_of(*endpoint, true);
}

json::Value describe_endpoint(EventsCall& call) {
    std::string name = endpoint_name(call);
    check_home_region(call);
    auto endpoint = find_endpoint(call.shared, name);
    if (!endpoint) endpoint_not_found(name);
    return *endpoint;
}

json::Value list_endpoints(EventsCall& call) {
    auto prefix = call.string("NamePrefix").value_or("");
    auto home = call.string("HomeRegion");
    auto limit = call.integer("MaxResults").value_or(100);
    if (limit < 1 || limit > 100) validation_error("Parameter MaxResults is not valid: between 1 and 100.");
    std::string after = events_page_after("endpoints", call.string("NextToken"));
    json::Array out;
    std::string next, last;
    if (!home || *home == call.shared.bus.scope().region) {
        auto documents = call.shared.store.list_documents(std::string(kKind));
        std::sort(documents.begin(), documents.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        for (const auto& document : documents) {
            if (document.id.rfind(prefix, 0) != 0 || (!after.empty() && document.id <= after)) continue;
            if (out.size() == static_cast<size_t>(limit)) {
                next = events_page_token("endpoints", last);
                break;
            }
            out.push_back(json::parse(document.body));
            last = document.id;
        }
    }
    json::Object result{{"Endpoints", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

json::Value delete_endpoint(EventsCall& call) {
    std::string name = endpoint_name(call);
    std::lock_guard lock(call.shared.control_plane);
    if (!find_endpoint(call.shared, name)) endpoint_not_found(name);
    call.shared.store.apply({store::DeleteDocument{std::string(kKind), name}});
    return json::Value(json::Object{});
}

}  // namespace evt
}  // namespace stepwise::api
