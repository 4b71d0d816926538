// StartReplay, DescribeReplay, ListReplays, CancelReplay.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html
#include <algorithm>

#include "api/events/archive_calls.h"
#include "api/events/members.h"
#include "api/sfn/ids.h"

namespace stepwise::api::evt {
namespace {

events::Replays& replays_of(EventsCall& call) {
    if (!call.shared.replays) throw events::BusError("InternalException", "Replays need a store.");
    return *call.shared.replays;
}

// AWS's constraints on ReplayName: 1-64 of [.\-_A-Za-z0-9].
std::string replay_name(EventsCall& call) {
    std::string name = call.required_string("ReplayName");
    auto fail = [&](const std::string& constraint) {
        validation_error("1 validation error detected: Value '" + name +
                         "' at 'replayName' failed to satisfy constraint: " + constraint);
    };
    if (name.empty()) fail("Member must have length greater than or equal to 1");
    if (name.size() > 64) fail("Member must have length less than or equal to 64");
    if (!std::all_of(name.begin(), name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
        }))
        fail("Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
    return name;
}

// The archive an EventSourceArn names ("arn:...:archive/<name>").
std::string archive_name(const std::string& arn) {
    size_t at = arn.find(":archive/");
    if (arn.rfind("arn:", 0) != 0 || at == std::string::npos || at + 9 == arn.size())
        validation_error("Parameter EventSourceArn is not valid. Reason: Must contain an archive ARN.");
    return arn.substr(at + 9);
}

json::Value summary(const events::ReplaySpec& r) {
    json::Object o;
    o.set("ReplayName", json::Value(r.name));
    o.set("EventSourceArn", json::Value(r.archive_arn));
    o.set("State", json::Value(r.state));
    if (!r.state_reason.empty()) o.set("StateReason", json::Value(r.state_reason));
    o.set("EventStartTime", epoch_seconds(r.event_start_ms));
    o.set("EventEndTime", epoch_seconds(r.event_end_ms));
    if (r.last_replayed_ms) o.set("EventLastReplayedTime", epoch_seconds(*r.last_replayed_ms));
    o.set("ReplayStartTime", epoch_seconds(r.replay_start_ms));
    if (r.replay_end_ms) o.set("ReplayEndTime", epoch_seconds(*r.replay_end_ms));
    return json::Value(std::move(o));
}

const std::vector<std::string_view> kReplayStates{"CANCELLED", "CANCELLING", "COMPLETED",
                                                  "FAILED",    "RUNNING",    "STARTING"};

}  // namespace

json::Value start_replay(EventsCall& call) {
    only_members(call, "StartReplay",
                 {"ReplayName", "Description", "EventSourceArn", "EventStartTime", "EventEndTime", "Destination"});
    events::ReplaySpec replay;
    replay.name = replay_name(call);
    replay.description = call.string("Description").value_or("");
    if (replay.description.size() > 512)
        validation_error("1 validation error detected: Value at 'description' failed to satisfy constraint: Member "
                         "must have length less than or equal to 512");
    replay.archive_arn = call.required_string("EventSourceArn");
    replay.archive_name = archive_name(replay.archive_arn);
    auto start = timestamp_member(call, "EventStartTime");
    if (!start) missing_member("EventStartTime");
    auto end = timestamp_member(call, "EventEndTime");
    if (!end) missing_member("EventEndTime");
    const json::Value* destination = call.body.find("Destination");
    if (!destination || destination->is_null()) missing_member("Destination");
    if (!destination->is_object())
        throw events::BusError("SerializationException", "Unexpected value type for 'Destination': expected a structure");
    for (const json::Member& m : destination->as_object())
        if (m.name() != "Arn" && m.name() != "FilterArns")
            validation_error("stepwise does not support the member Destination." + std::string(m.name()) +
                             " of StartReplay.");
    const json::Value* bus_arn = destination->find("Arn");
    if (!bus_arn || !bus_arn->is_string() || bus_arn->as_string().find(":event-bus/") == std::string_view::npos)
        validation_error("Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.");
    replay.destination_arn = std::string(bus_arn->as_string());
    if (const json::Value* filters = destination->find("FilterArns"); filters && !filters->is_null()) {
        if (!filters->is_array() || filters->size() > 100)
            validation_error("Parameter Destination.FilterArns is not valid.");
        for (const json::Value& arn : filters->as_array()) {
            if (!arn.is_string()) validation_error("Parameter Destination.FilterArns is not valid.");
            replay.filter_arns.emplace_back(arn.as_string());
        }
    }
    if (*end <= *start)
        validation_error("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
    replay.event_start_ms = *start;
    replay.event_end_ms = *end;

    std::lock_guard lock(call.shared.control_plane);
    auto archive = archives_of(call).find(replay.archive_name);
    if (!archive)
        validation_error("Parameter EventSourceArn is not valid. Reason: Archive " + replay.archive_name +
                         " does not exist.");
    events::EventBus& bus = call.shared.bus;
    auto destination_bus = bus.find_bus(replay.destination_arn);
    if (!destination_bus || destination_bus->arn != replay.destination_arn)
        throw events::BusError("ResourceNotFoundException",
                               "Event bus " + events::bus_name_of(replay.destination_arn) + " does not exist.");
    if (destination_bus->arn != archive->source_arn)
        validation_error("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
    for (const std::string& rule_arn : replay.filter_arns) {
        bool on_bus = false;
        for (const events::RuleSpec& rule : bus.rules(destination_bus->name)) on_bus = on_bus || rule.arn == rule_arn;
        if (!on_bus)
            validation_error("Parameter Destination.FilterArns is not valid. Reason: Rule " + rule_arn +
                             " does not exist on EventBus " + destination_bus->name + ".");
    }
    events::ReplaySpec started = replays_of(call).start(std::move(replay));
    return json::Value(json::Object{{"ReplayArn", json::Value(started.arn)},
                                    {"State", json::Value(started.state)},
                                    {"ReplayStartTime", epoch_seconds(started.replay_start_ms)}});
}

json::Value describe_replay(EventsCall& call) {
    only_members(call, "DescribeReplay", {"ReplayName"});
    std::string name = call.required_string("ReplayName");
    auto replay = replays_of(call).find(name);
    if (!replay) throw events::BusError("ResourceNotFoundException", "Replay " + name + " does not exist.");
    json::Value out = summary(*replay);
    json::Object& o = out.mutable_object();
    o.set("ReplayArn", json::Value(replay->arn));
    if (!replay->description.empty()) o.set("Description", json::Value(replay->description));
    json::Object destination{{"Arn", json::Value(replay->destination_arn)}};
    if (!replay->filter_arns.empty()) {
        json::Array filters;
        for (const std::string& arn : replay->filter_arns) filters.push_back(json::Value(arn));
        destination.set("FilterArns", json::Value(std::move(filters)));
    }
    o.set("Destination", json::Value(std::move(destination)));
    return out;
}

json::Value list_replays(EventsCall& call) {
    only_members(call, "ListReplays", {"NamePrefix", "EventSourceArn", "State", "NextToken", "Limit"});
    check_list_filters(call, "ListReplays", kReplayStates);
    std::string prefix = call.string("NamePrefix").value_or("");
    auto source = call.string("EventSourceArn");
    auto state = call.string("State");
    size_t limit = call.limit();
    std::string after = events_page_after("replays", call.string("NextToken"));
    json::Array out;
    std::string next;
    for (const events::ReplaySpec& r : replays_of(call).list()) {
        if (r.name.compare(0, prefix.size(), prefix) != 0 || (!after.empty() && r.name <= after)) continue;
        if ((source && r.archive_arn != *source) || (state && r.state != *state)) continue;
        if (out.size() == limit) {
            next = events_page_token("replays", out[out.size() - 1].find("ReplayName")->as_string());
            break;
        }
        out.push_back(summary(r));
    }
    json::Object result{{"Replays", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

json::Value cancel_replay(EventsCall& call) {
    only_members(call, "CancelReplay", {"ReplayName"});
    events::ReplaySpec replay = replays_of(call).cancel(call.required_string("ReplayName"));
    return json::Value(json::Object{{"ReplayArn", json::Value(replay.arn)}, {"State", json::Value(replay.state)}});
}

}  // namespace stepwise::api::evt
