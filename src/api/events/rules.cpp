// PutRule, DescribeRule, DeleteRule, ListRules, EnableRule, DisableRule.
#include "api/events/call.h"

namespace stepwise::api::evt {
namespace {

[[noreturn]] void rule_not_found(const std::string& rule, const std::string& bus) {
    throw events::BusError("ResourceNotFoundException", "Rule " + rule + " does not exist on EventBus " + bus + ".");
}

json::Value set_state(EventsCall& call, bool enabled) {
    std::string name = call.required_string("Name");
    std::string bus = call.bus_name();
    std::lock_guard lock(call.shared.control_plane);
    if (!call.shared.bus.find_rule(bus, name)) rule_not_found(name, bus);
    call.shared.bus.set_rule_state(bus, name, enabled);
    store_rule(call.shared, *call.shared.bus.find_rule(bus, name));
    return json::Value(json::Object{});
}

}  // namespace

json::Value put_rule(EventsCall& call) {
    events::RuleSpec rule;
    rule.name = call.required_string("Name");
    rule.bus_name = call.bus_name();
    rule.event_pattern = call.string("EventPattern").value_or("");
    rule.schedule_expression = call.string("ScheduleExpression").value_or("");
    rule.state = call.string("State").value_or("ENABLED");
    rule.description = call.string("Description").value_or("");
    rule.role_arn = call.string("RoleArn").value_or("");
    EventTags tags = read_tags(call.body.find("Tags"));
    std::lock_guard lock(call.shared.control_plane);
    events::RuleSpec stored = call.shared.bus.put_rule(std::move(rule));
    store_rule(call.shared, stored);
    add_tags(call.shared, stored.arn, tags);
    return json::Value(json::Object{{"RuleArn", json::Value(stored.arn)}});
}

json::Value describe_rule(EventsCall& call) {
    std::string name = call.required_string("Name");
    std::string bus = call.bus_name();
    auto rule = call.shared.bus.find_rule(bus, name);
    if (!rule) rule_not_found(name, bus);
    json::Value out = events::rule_to_json(*rule);
    out.mutable_object().set("CreatedBy", json::Value(call.shared.bus.scope().account));
    return out;
}

json::Value delete_rule(EventsCall& call) {
    std::string name = call.required_string("Name");
    std::string bus = call.bus_name();
    bool force = call.boolean("Force");
    std::lock_guard lock(call.shared.control_plane);
    auto rule = call.shared.bus.find_rule(bus, name);
    if (!rule) return json::Value(json::Object{});
    call.shared.bus.delete_rule(bus, name, force);
    unstore_rule(call.shared, *rule);
    return json::Value(json::Object{});
}

json::Value list_rules(EventsCall& call) {
    std::string prefix = call.string("NamePrefix").value_or("");
    std::string bus = call.bus_name();
    size_t limit = call.limit();
    std::string after = events_page_after("rules", call.string("NextToken"));
    json::Array out;
    std::string next;
    for (const auto& rule : call.shared.bus.rules(bus)) {
        if (rule.name.compare(0, prefix.size(), prefix) != 0 || (!after.empty() && rule.name <= after)) continue;
        if (out.size() == limit) {
            next = events_page_token("rules", out[out.size() - 1].find("Name")->as_string());
            break;
        }
        out.push_back(events::rule_to_json(rule));
    }
    json::Object result{{"Rules", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

json::Value enable_rule(EventsCall& call) { return set_state(call, true); }
json::Value disable_rule(EventsCall& call) { return set_state(call, false); }

}  // namespace stepwise::api::evt
