// CreateEventBus, DescribeEventBus, DeleteEventBus, ListEventBuses.
#include "api/events/call.h"

namespace stepwise::api::evt {

json::Value create_event_bus(EventsCall& call) {
    std::string name = call.required_string("Name");
    if (call.string("EventSourceName"))
        validation_error("Partner event sources are not supported by stepwise.");
    std::lock_guard lock(call.shared.control_plane);
    events::BusSpec bus = call.shared.bus.create_bus(name);
    store_bus(call.shared, bus);
    return json::Value(json::Object{{"EventBusArn", json::Value(bus.arn)}});
}

json::Value describe_event_bus(EventsCall& call) {
    std::string name = events::bus_name_of(call.string("Name").value_or(""));
    auto bus = call.shared.bus.find_bus(name);
    if (!bus) throw events::BusError("ResourceNotFoundException", "Event bus " + name + " does not exist.");
    return events::bus_to_json(*bus);
}

json::Value delete_event_bus(EventsCall& call) {
    std::string name = events::bus_name_of(call.required_string("Name"));
    std::lock_guard lock(call.shared.control_plane);
    auto bus = call.shared.bus.find_bus(name);
    if (name != events::kDefaultBus && !bus) return json::Value(json::Object{});
    std::vector<events::RuleSpec> rules = bus ? call.shared.bus.rules(name) : std::vector<events::RuleSpec>{};
    call.shared.bus.delete_bus(name);
    unstore_bus(call.shared, bus->arn, rules);
    return json::Value(json::Object{});
}

json::Value list_event_buses(EventsCall& call) {
    std::string prefix = call.string("NamePrefix").value_or("");
    size_t limit = call.limit();
    std::string after = events_page_after("buses", call.string("NextToken"));
    json::Array out;
    std::string next;
    for (const auto& bus : call.shared.bus.buses()) {
        if (bus.name.compare(0, prefix.size(), prefix) != 0 || (!after.empty() && bus.name <= after)) continue;
        if (out.size() == limit) {
            next = events_page_token("buses", out[out.size() - 1].find("Name")->as_string());
            break;
        }
        out.push_back(events::bus_to_json(bus));
    }
    json::Object result{{"EventBuses", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

}  // namespace stepwise::api::evt
