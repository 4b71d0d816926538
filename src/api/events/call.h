// What every EventBridge operation works with (internal to the events API):
// the bus, the store, the request body, and helpers for reading fields and
// persisting resources. Operations are `json::Value op(EventsCall&)`: they
// return the result object or throw events::BusError.
#pragma once

#include <functional>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/events/service.h"
#include "events/bus/event_bus.h"
#include "json/value.h"
#include "store/store.h"

namespace stepwise::api {

struct EventsShared {
    EventsShared(store::Store& s, EventsOptions o, events::EventBus& b) : store(s), options(std::move(o)), bus(b) {}
    store::Store& store;
    EventsOptions options;
    events::EventBus& bus;
    // Serialises changes, so the store always holds what the bus holds.
    std::mutex control_plane;
};

struct EventsCall {
    EventsShared& shared;
    const json::Value& body;

    // A string member; nullopt when absent or null. SerializationException
    // for another type.
    std::optional<std::string> string(std::string_view key) const;
    // A required string member; ValidationException when missing.
    std::string required_string(std::string_view key) const;
    std::optional<int64_t> integer(std::string_view key) const;
    bool boolean(std::string_view key) const;  // false when absent
    // Limit (1..100, default 100).
    size_t limit() const;
    // The bus an EventBusName member names ("" = default), as a name.
    std::string bus_name() const;
};

[[noreturn]] void validation_error(const std::string& message);
// AWS's wording for a missing required member: "1 validation error detected: Value null at 'name' ...".
[[noreturn]] void missing_member(std::string_view key);

// Pagination over sorted names: the token carries the last name of a page.
std::string events_page_token(std::string_view list, std::string_view last);
std::string events_page_after(std::string_view list, const std::optional<std::string>& token);

// --- persistence (document ids are ARNs) ---
void store_bus(EventsShared& shared, const events::BusSpec& bus);
void store_rule(EventsShared& shared, const events::RuleSpec& rule);
// Writes the rule's current targets (or deletes the document when none are left).
void store_targets(EventsShared& shared, const std::string& bus, const std::string& rule);
void unstore_rule(EventsShared& shared, const events::RuleSpec& rule);
void unstore_bus(EventsShared& shared, const std::string& bus_arn, const std::vector<events::RuleSpec>& rules);

// --- operations ---
namespace evt {
// Answers through `answer` once the accepted entries' deliveries are stored
// (group-committed with other calls); throws, before that, for a bad request.
void put_events(EventsCall& call, std::function<void(json::Value)> answer);
json::Value test_event_pattern(EventsCall& call);
json::Value create_event_bus(EventsCall& call);
json::Value describe_event_bus(EventsCall& call);
json::Value delete_event_bus(EventsCall& call);
json::Value list_event_buses(EventsCall& call);
json::Value put_rule(EventsCall& call);
json::Value describe_rule(EventsCall& call);
json::Value delete_rule(EventsCall& call);
json::Value list_rules(EventsCall& call);
json::Value enable_rule(EventsCall& call);
json::Value disable_rule(EventsCall& call);
json::Value put_targets(EventsCall& call);
json::Value remove_targets(EventsCall& call);
json::Value list_targets_by_rule(EventsCall& call);
json::Value list_rule_names_by_target(EventsCall& call);
// Connections and API destinations (connections.cpp, api_destinations.cpp).
json::Value create_connection(EventsCall& call);
json::Value describe_connection(EventsCall& call);
json::Value list_connections(EventsCall& call);
json::Value update_connection(EventsCall& call);
json::Value delete_connection(EventsCall& call);
json::Value deauthorize_connection(EventsCall& call);
json::Value create_api_destination(EventsCall& call);
json::Value describe_api_destination(EventsCall& call);
json::Value list_api_destinations(EventsCall& call);
json::Value update_api_destination(EventsCall& call);
json::Value delete_api_destination(EventsCall& call);
}  // namespace evt

}  // namespace stepwise::api
