// CreateApiDestination, DescribeApiDestination, ListApiDestinations,
// UpdateApiDestination, DeleteApiDestination.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateApiDestination.html
#include "api/events/call.h"

namespace stepwise::api::evt {
namespace {

events::ApiDestinations& registry(EventsCall& call) {
    if (!call.shared.options.api_destinations)
        throw events::BusError("InternalException", "API destinations are not configured on this server.");
    return *call.shared.options.api_destinations;
}

}  // namespace

json::Value create_api_destination(EventsCall& call) {
    events::ApiDestinationSpec destination;
    destination.name = call.required_string("Name");
    destination.description = call.string("Description").value_or("");
    destination.connection_arn = call.required_string("ConnectionArn");
    destination.invocation_endpoint = call.required_string("InvocationEndpoint");
    destination.http_method = call.required_string("HttpMethod");
    if (auto limit = call.integer("InvocationRateLimitPerSecond")) destination.invocation_rate_limit_per_second = *limit;
    return events::api_destination_state_result(registry(call).create_destination(std::move(destination)));
}

json::Value describe_api_destination(EventsCall& call) {
    std::string name = call.required_string("Name");
    auto destination = registry(call).find_destination(name);
    if (!destination)
        throw events::BusError("ResourceNotFoundException", "Failed to describe the api-destination(s). An "
                                                            "api-destination '" + name + "' does not exist.");
    return events::api_destination_description(*destination);
}

json::Value list_api_destinations(EventsCall& call) {
    std::string prefix = call.string("NamePrefix").value_or("");
    std::string connection = call.string("ConnectionArn").value_or("");
    size_t limit = call.limit();
    std::string after = events_page_after("api-destinations", call.string("NextToken"));
    json::Array out;
    std::string next;
    for (const auto& destination : registry(call).destinations()) {
        if (destination.name.compare(0, prefix.size(), prefix) != 0 ||
            (!connection.empty() && destination.connection_arn != connection) ||
            (!after.empty() && destination.name <= after))
            continue;
        if (out.size() == limit) {
            next = events_page_token("api-destinations", out[out.size() - 1].find("Name")->as_string());
            break;
        }
        json::Value item = events::api_destination_description(destination);
        item.mutable_object().erase("Description");  // the ApiDestination shape has none
        out.push_back(std::move(item));
    }
    json::Object result{{"ApiDestinations", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

json::Value update_api_destination(EventsCall& call) {
    std::string name = call.required_string("Name");
    events::ApiDestinationUpdate update;
    update.description = call.string("Description");
    update.connection_arn = call.string("ConnectionArn");
    update.invocation_endpoint = call.string("InvocationEndpoint");
    update.http_method = call.string("HttpMethod");
    update.invocation_rate_limit_per_second = call.integer("InvocationRateLimitPerSecond");
    return events::api_destination_state_result(registry(call).update_destination(name, update));
}

json::Value delete_api_destination(EventsCall& call) {
    registry(call).delete_destination(call.required_string("Name"));
    return json::Value(json::Object{});
}

}  // namespace stepwise::api::evt
