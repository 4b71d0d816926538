// CreateArchive, DescribeArchive, ListArchives, UpdateArchive, DeleteArchive.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html
#include "api/events/archive_calls.h"
#include "api/events/members.h"
#include "api/sfn/ids.h"

#include <algorithm>

namespace stepwise::api {

events::Archives& archives_of(EventsCall& call) {
    events::Archives* archives = call.shared.bus.archives();
    if (!archives) throw events::BusError("InternalException", "Archives need a store.");
    return *archives;
}

static std::optional<int64_t> retention_days(EventsCall& call) {
    auto days = call.integer("RetentionDays");
    if (days && *days < 0)
        validation_error("1 validation error detected: Value '" + std::to_string(*days) +
                         "' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or "
                         "equal to 0");
    return days;
}

void check_list_filters(EventsCall& call, std::string_view operation, const std::vector<std::string_view>& states) {
    int filters = 0;
    for (std::string_view key : {"NamePrefix", "EventSourceArn", "State"})
        if (call.string(key)) ++filters;
    if (filters > 1)
        validation_error("At most one filter is allowed for " + std::string(operation) +
                         ". Use either : State, EventSourceArn, or NamePrefix.");
    if (auto state = call.string("State"); state && std::find(states.begin(), states.end(), *state) == states.end()) {
        std::string set;
        for (std::string_view s : states) set += (set.empty() ? "" : ", ") + std::string(s);
        validation_error("1 validation error detected: Value '" + *state +
                         "' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [" + set + "]");
    }
}

namespace evt {
namespace {

std::optional<std::string> description(EventsCall& call) {
    auto text = call.string("Description");
    if (text && text->size() > 512)
        validation_error("1 validation error detected: Value at 'description' failed to satisfy constraint: Member "
                         "must have length less than or equal to 512");
    return text;
}

// The ArchiveName member, of an archive that exists.
events::ArchiveSpec existing_archive(EventsCall& call) {
    std::string name = call.required_string("ArchiveName");
    auto archive = archives_of(call).find(name);
    if (!archive) throw events::BusError("ResourceNotFoundException", "Archive " + name + " does not exist.");
    return *archive;
}

json::Value summary(const events::ArchiveSpec& a) {
    json::Object o;
    o.set("ArchiveName", json::Value(a.name));
    o.set("EventSourceArn", json::Value(a.source_arn));
    o.set("State", json::Value(a.state));
    o.set("RetentionDays", json::Value(static_cast<long long>(a.retention_days)));
    o.set("SizeBytes", json::Value(static_cast<long long>(a.size_bytes)));
    o.set("EventCount", json::Value(static_cast<long long>(a.event_count)));
    o.set("CreationTime", epoch_seconds(a.created_ms));
    return json::Value(std::move(o));
}

json::Value state_answer(const events::ArchiveSpec& a) {
    return json::Value(json::Object{{"ArchiveArn", json::Value(a.arn)},
                                    {"State", json::Value(a.state)},
                                    {"CreationTime", epoch_seconds(a.created_ms)}});
}

const std::vector<std::string_view> kArchiveStates{"ENABLED",  "DISABLED",      "CREATING",
                                                   "UPDATING", "CREATE_FAILED", "UPDATE_FAILED"};

}  // namespace

json::Value create_archive(EventsCall& call) {
    only_members(call, "CreateArchive", {"ArchiveName", "EventSourceArn", "Description", "EventPattern", "RetentionDays"});
    events::ArchiveSpec archive;
    archive.name = call.required_string("ArchiveName");
    archive.source_arn = call.required_string("EventSourceArn");
    archive.description = description(call).value_or("");
    archive.event_pattern = call.string("EventPattern").value_or("");
    archive.retention_days = retention_days(call).value_or(0);
    if (archive.source_arn.find(":event-bus/") == std::string::npos)
        validation_error("Parameter EventSourceArn is not valid. Reason: Must contain an event bus ARN.");
    std::lock_guard lock(call.shared.control_plane);
    auto bus = call.shared.bus.find_bus(archive.source_arn);
    if (!bus || bus->arn != archive.source_arn)
        throw events::BusError("ResourceNotFoundException",
                               "Event bus " + events::bus_name_of(archive.source_arn) + " does not exist.");
    return state_answer(archives_of(call).create(std::move(archive), call.shared.bus.now_ms()));
}

json::Value describe_archive(EventsCall& call) {
    only_members(call, "DescribeArchive", {"ArchiveName"});
    events::ArchiveSpec a = existing_archive(call);
    json::Value out = summary(a);
    json::Object& o = out.mutable_object();
    o.set("ArchiveArn", json::Value(a.arn));
    if (!a.description.empty()) o.set("Description", json::Value(a.description));
    if (!a.event_pattern.empty()) o.set("EventPattern", json::Value(a.event_pattern));
    return out;
}

json::Value list_archives(EventsCall& call) {
    only_members(call, "ListArchives", {"NamePrefix", "EventSourceArn", "State", "NextToken", "Limit"});
    check_list_filters(call, "ListArchives", kArchiveStates);
    std::string prefix = call.string("NamePrefix").value_or("");
    auto source = call.string("EventSourceArn");
    auto state = call.string("State");
    size_t limit = call.limit();
    std::string after = events_page_after("archives", call.string("NextToken"));
    json::Array out;
    std::string next;
    for (const events::ArchiveSpec& a : archives_of(call).list()) {
        if (a.name.compare(0, prefix.size(), prefix) != 0 || (!after.empty() && a.name <= after)) continue;
        if ((source && a.source_arn != *source) || (state && a.state != *state)) continue;
        if (out.size() == limit) {
            next = events_page_token("archives", out[out.size() - 1].find("ArchiveName")->as_string());
            break;
        }
        out.push_back(summary(a));
    }
    json::Object result{{"Archives", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

json::Value update_archive(EventsCall& call) {
    only_members(call, "UpdateArchive", {"ArchiveName", "Description", "EventPattern", "RetentionDays"});
    std::string name = call.required_string("ArchiveName");
    events::ArchiveUpdate update{description(call), call.string("EventPattern"), retention_days(call)};
    std::lock_guard lock(call.shared.control_plane);
    return state_answer(archives_of(call).update(name, update));
}

json::Value delete_archive(EventsCall& call) {
    only_members(call, "DeleteArchive", {"ArchiveName"});
    std::string name = call.required_string("ArchiveName");
    std::lock_guard lock(call.shared.control_plane);
    archives_of(call).remove(name);
    if (call.shared.replays) call.shared.replays->sweep_soon();  // its events, off the request thread
    return json::Value(json::Object{});
}

}  // namespace evt
}  // namespace stepwise::api
