// PutEvents and TestEventPattern.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
#include <cmath>

#include "api/events/call.h"
#include "events/pattern/test_event_pattern.h"
#include "json/write.h"

namespace stepwise::api {
namespace {

[[noreturn]] void not_a(std::string_view what, std::string_view expected) {
    throw events::BusError("SerializationException",
                           "Unexpected value type for '" + std::string(what) + "': expected " + std::string(expected));
}

// Time: epoch seconds (what the SDKs send) or an ISO 8601 string.
std::optional<int64_t> entry_time(const json::Value& value) {
    if (value.is_null()) return std::nullopt;
    if (value.is_number()) return static_cast<int64_t>(std::llround(value.as_double() * 1000));
    if (value.is_string()) {
        if (auto ms = events::parse_iso8601(std::string(value.as_string()))) return ms;
        throw events::BusError("SerializationException", "Time is not a valid timestamp");
    }
    not_a("Time", "a timestamp");
}

events::EventEntry read_entry(const json::Value& item) {
    if (!item.is_object()) not_a("Entries", "a structure");
    events::EventEntry entry;
    auto text = [&](std::string_view key) -> std::optional<std::string> {
        const json::Value* v = item.find(key);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_string()) not_a(key, "a string");
        return std::string(v->as_string());
    };
    entry.source = text("Source");
    entry.detail_type = text("DetailType");
    entry.detail = text("Detail");
    entry.event_bus_name = text("EventBusName").value_or("");
    entry.trace_header = text("TraceHeader").value_or("");
    if (const json::Value* time = item.find("Time")) entry.time_ms = entry_time(*time);
    if (const json::Value* resources = item.find("Resources"); resources && !resources->is_null()) {
        if (!resources->is_array()) not_a("Resources", "a list");
        for (const json::Value& r : resources->as_array()) {
            if (!r.is_string()) not_a("Resources", "a list of strings");
            entry.resources.emplace_back(r.as_string());
        }
    }
    return entry;
}

json::Value results_json(const std::vector<events::EntryResult>& results) {
    json::Array out;
    long long failed = 0;
    for (const auto& r : results) {
        if (r.ok()) {
            out.push_back(json::Value(json::Object{{"EventId", json::Value(r.event_id)}}));
        } else {
            ++failed;
            out.push_back(json::Value(json::Object{{"ErrorCode", json::Value(r.error_code)},
                                                   {"ErrorMessage", json::Value(r.error_message)}}));
        }
    }
    return json::Value(json::Object{{"FailedEntryCount", json::Value(failed)}, {"Entries", json::Value(std::move(out))}});
}

}  // namespace

std::vector<events::EventEntry> read_event_entries(EventsCall& call) {
    const json::Value* list = call.body.find("Entries");
    if (!list || list->is_null()) missing_member("Entries");
    if (!list->is_array()) not_a("Entries", "a list");
    if (list->size() < 1 || list->size() > events::kMaxEntries) {
        validation_error("1 validation error detected: Value '" + json::dump(*list) +
                         "' at 'entries' failed to satisfy constraint: Member must have length " +
                         (list->size() < 1 ? "greater than or equal to 1" : "less than or equal to 10"));
    }
    std::vector<events::EventEntry> entries;
    size_t total = 0;
    for (const json::Value& item : list->as_array()) {
        entries.push_back(read_entry(item));
        total += events::entry_size(entries.back());
    }
    if (total > events::kMaxRequestSize) validation_error("Total size of the entries in the request is over the limit.");
    return entries;
}

void put_entries(EventsCall& call, std::vector<events::EventEntry> entries, std::vector<events::EntryResult> results,
                 std::function<void(json::Value)> answer) {
    // Entries already refused keep their place among the bus's results.
    std::vector<events::EventEntry> passed;
    for (size_t i = 0; i < entries.size(); ++i)
        if (results[i].ok()) passed.push_back(std::move(entries[i]));
    if (passed.empty()) return answer(results_json(results));
    call.shared.bus.put_events(passed, [answer = std::move(answer), results = std::move(results)](
                                           std::vector<events::EntryResult> bus_results) mutable {
        size_t next = 0;
        for (auto& result : results)
            if (result.ok()) result = std::move(bus_results[next++]);
        answer(results_json(results));
    });
}

namespace evt {

void put_events(EventsCall& call, std::function<void(json::Value)> answer) {
    std::vector<events::EventEntry> entries = read_event_entries(call);
    std::vector<events::EntryResult> results = route_to_endpoint(call, entries);
    std::vector<events::EntryResult> refusals = cross_account_refusals(call, entries);
    for (size_t i = 0; i < results.size(); ++i)
        if (results[i].ok()) results[i] = std::move(refusals[i]);
    put_entries(call, std::move(entries), std::move(results), std::move(answer));
}

json::Value test_event_pattern(EventsCall& call) {
    std::string pattern = call.required_string("EventPattern");
    std::string event = call.required_string("Event");
    auto result = events::test_event_pattern(event, pattern);
    if (!result.ok()) throw events::BusError(result.error_code, result.error_message);
    return json::Value(json::Object{{"Result", json::Value(result.result)}});
}

}  // namespace evt
}  // namespace stepwise::api
