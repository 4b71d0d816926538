// PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget.
#include "api/events/call.h"
#include "events/bus/http_invocation.h"

namespace stepwise::api::evt {
namespace {

json::Value failures_result(const std::vector<events::TargetFailure>& failures) {
    json::Array entries;
    for (const auto& f : failures) {
        entries.push_back(json::Value(json::Object{{"TargetId", json::Value(f.target_id)},
                                                   {"ErrorCode", json::Value(f.error_code)},
                                                   {"ErrorMessage", json::Value(f.error_message)}}));
    }
    return json::Value(json::Object{{"FailedEntryCount", json::Value(static_cast<long long>(failures.size()))},
                                    {"FailedEntries", json::Value(std::move(entries))}});
}

const json::Array& list_member(EventsCall& call, std::string_view key, size_t max) {
    const json::Value* list = call.body.find(key);
    if (!list || list->is_null()) missing_member(key);
    if (!list->is_array())
        throw events::BusError("SerializationException",
                               "Unexpected value type for '" + std::string(key) + "': expected a list");
    if (list->size() < 1 || list->size() > max) {
        std::string name(key);
        name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
        validation_error("1 validation error detected: Value at '" + name +
                         "' failed to satisfy constraint: Member must have length between 1 and " +
                         std::to_string(max));
    }
    return list->as_array();
}

}  // namespace

json::Value put_targets(EventsCall& call) {
    std::string rule = call.required_string("Rule");
    std::string bus = call.bus_name();
    std::vector<events::TargetSpec> targets;
    for (const json::Value& item : list_member(call, "Targets", 100)) {
        events::TargetSpec target = events::target_from_json(item);
        events::check_target_http_parameters(item);  // API destinations' (http_invocation.h)
        if (target.id.empty()) missing_member("Id");
        if (target.arn.empty()) missing_member("Arn");
        targets.push_back(std::move(target));
    }
    std::lock_guard lock(call.shared.control_plane);
    auto failures = call.shared.bus.put_targets(bus, rule, std::move(targets));
    store_targets(call.shared, bus, rule);
    return failures_result(failures);
}

json::Value remove_targets(EventsCall& call) {
    std::string rule = call.required_string("Rule");
    std::string bus = call.bus_name();
    std::vector<std::string> ids;
    for (const json::Value& id : list_member(call, "Ids", 100)) {
        if (!id.is_string())
            throw events::BusError("SerializationException", "Unexpected value type for 'Ids': expected strings");
        ids.emplace_back(id.as_string());
    }
    std::lock_guard lock(call.shared.control_plane);
    auto failures = call.shared.bus.remove_targets(bus, rule, ids);
    store_targets(call.shared, bus, rule);
    return failures_result(failures);
}

json::Value list_targets_by_rule(EventsCall& call) {
    std::string rule = call.required_string("Rule");
    std::string bus = call.bus_name();
    size_t limit = call.limit();
    std::string after = events_page_after("targets", call.string("NextToken"));
    json::Array out;
    std::string next, last;
    for (const auto& target : call.shared.bus.targets(bus, rule)) {
        if (!after.empty() && target.id <= after) continue;
        if (out.size() == limit) {
            next = events_page_token("targets", last);
            break;
        }
        out.push_back(target.api);
        last = target.id;
    }
    json::Object result{{"Targets", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

json::Value list_rule_names_by_target(EventsCall& call) {
    std::string arn = call.required_string("TargetArn");
    std::string bus = call.bus_name();
    size_t limit = call.limit();
    std::string after = events_page_after("rule-names", call.string("NextToken"));
    json::Array out;
    std::string next;
    for (const auto& name : call.shared.bus.rule_names_by_target(bus, arn)) {
        if (!after.empty() && name <= after) continue;
        if (out.size() == limit) {
            next = events_page_token("rule-names", out[out.size() - 1].as_string());
            break;
        }
        out.push_back(json::Value(name));
    }
    json::Object result{{"RuleNames", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

}  // namespace stepwise::api::evt
