// CreateConnection, DescribeConnection, ListConnections, UpdateConnection,
// DeleteConnection, DeauthorizeConnection.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnection.html
#include <algorithm>
#include <vector>

#include "api/events/call.h"

namespace stepwise::api::evt {
namespace {

events::ApiDestinations& registry(EventsCall& call) {
    if (!call.shared.options.api_destinations)
        throw events::BusError("InternalException", "Connections are not configured on this server.");
    return *call.shared.options.api_destinations;
}

// Private APIs (through VPC Lattice) are not something stepwise can reach.
void refuse_connectivity(EventsCall& call) {
    if (call.body.find("InvocationConnectivityParameters"))
        validation_error("InvocationConnectivityParameters (a private API through a resource configuration) is not "
                         "supported by stepwise: connections reach http:// endpoints directly.");
}

std::optional<json::Value> auth_parameters(EventsCall& call) {
    const json::Value* auth = call.body.find("AuthParameters");
    if (!auth || auth->is_null()) return std::nullopt;
    if (!auth->is_object())
        throw events::BusError("SerializationException", "Unexpected value type for 'AuthParameters': expected an object");
    return *auth;
}

}  // namespace

json::Value create_connection(EventsCall& call) {
    refuse_connectivity(call);
    events::ConnectionSpec connection;
    connection.name = call.required_string("Name");
    connection.description = call.string("Description").value_or("");
    connection.authorization_type = call.required_string("AuthorizationType");
    auto auth = auth_parameters(call);
    if (!auth) missing_member("AuthParameters");
    connection.auth_parameters = *auth;
    connection.kms_key_identifier = call.string("KmsKeyIdentifier").value_or("");
    return events::connection_state_result(registry(call).create_connection(std::move(connection)));
}

json::Value describe_connection(EventsCall& call) {
    std::string name = call.required_string("Name");
    auto connection = registry(call).find_connection(name);
    if (!connection)
        throw events::BusError("ResourceNotFoundException",
                               "Failed to describe the connection(s). Connection '" + name + "' does not exist.");
    return events::connection_description(*connection);
}

json::Value list_connections(EventsCall& call) {
    std::string prefix = call.string("NamePrefix").value_or("");
    std::string state = call.string("ConnectionState").value_or("");
    static const std::vector<std::string> kStates{"CREATING",     "UPDATING",   "DELETING",     "AUTHORIZED",
                                                  "DEAUTHORIZED", "AUTHORIZING", "DEAUTHORIZING"};
    if (!state.empty() && std::find(kStates.begin(), kStates.end(), state) == kStates.end())
        validation_error("1 validation error detected: Value '" + state +
                         "' at 'connectionState' failed to satisfy constraint: Member must satisfy enum value set: "
                         "[CREATING, UPDATING, DELETING, AUTHORIZED, DEAUTHORIZED, AUTHORIZING, DEAUTHORIZING]");
    size_t limit = call.limit();
    std::string after = events_page_after("connections", call.string("NextToken"));
    json::Array out;
    std::string next;
    for (const auto& connection : registry(call).connections()) {
        if (connection.name.compare(0, prefix.size(), prefix) != 0 || (!state.empty() && connection.state != state) ||
            (!after.empty() && connection.name <= after))
            continue;
        if (out.size() == limit) {
            next = events_page_token("connections", out[out.size() - 1].find("Name")->as_string());
            break;
        }
        out.push_back(events::connection_summary(connection));
    }
    json::Object result{{"Connections", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

json::Value update_connection(EventsCall& call) {
    refuse_connectivity(call);
    std::string name = call.required_string("Name");
    events::ConnectionUpdate update;
    update.description = call.string("Description");
    update.authorization_type = call.string("AuthorizationType");
    update.auth_parameters = auth_parameters(call);
    update.kms_key_identifier = call.string("KmsKeyIdentifier");
    return events::connection_state_result(registry(call).update_connection(name, update));
}

json::Value delete_connection(EventsCall& call) {
    std::string name = call.required_string("Name");
    return events::connection_state_result(registry(call).delete_connection(name));
}

json::Value deauthorize_connection(EventsCall& call) {
    std::string name = call.required_string("Name");
    return events::connection_state_result(registry(call).deauthorize_connection(name));
}

}  // namespace stepwise::api::evt
