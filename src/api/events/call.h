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
#include <utility>
#include <vector>

#include "api/events/service.h"
#include "events/bus/event_bus.h"
#include "events/bus/replay.h"
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
    // Archives and replays: the replays' runner (set by EventsService when the bus has archives).
    std::unique_ptr<events::Replays> replays;
};

struct EventsCall {
    EventsShared& shared;
    const json::Value& body;
    std::string caller_account = "";  // the signer's account (see caller_account); "" = the bus's

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

// --- PutEvents' parts (PutPartnerEvents shares them) ---
// The Entries member, each entry and the request's size checked (SerializationException, ValidationException).
std::vector<events::EventEntry> read_event_entries(EventsCall& call);
// Puts the entries whose result is still empty (ok) on the bus, then answers
// the PutEvents result of all, in order, once their deliveries are stored.
void put_entries(EventsCall& call, std::vector<events::EventEntry> entries, std::vector<events::EntryResult> results,
                 std::function<void(json::Value)> answer);

// --- bus settings, tags and permissions ---
using EventTags = std::vector<std::pair<std::string, std::string>>;  // key -> value, in order
// A TagList member (null: none); ValidationException naming a bad key or value, or over 50 tags.
EventTags read_tags(const json::Value* list);
json::Value tags_to_json(const EventTags& tags);
EventTags stored_tags(EventsShared& shared, const std::string& arn);
// Adds or replaces tags of the resource `arn` in the store (ValidationException over 50).
void add_tags(EventsShared& shared, const std::string& arn, const EventTags& tags);
// The caller's account: a 12-digit access key id in the SigV4 Authorization, else `own_account`.
std::string caller_account(const Request& request, const std::string& own_account);
// PutEvents from another account (call.caller_account): entries naming a bus of an
// account stepwise does not host get an error result (else a default result);
// the others are marked with the sender's account. Throws AccessDeniedException
// when a named bus's policy does not allow the caller.
std::vector<events::EntryResult> cross_account_refusals(EventsCall& call, std::vector<events::EventEntry>& entries);

// --- global endpoints ---
// PutEvents with an EndpointId: each entry on the endpoint's primary bus (in
// this region), or an error result for an entry naming another bus; without
// one, every result empty. ValidationException for an unknown EndpointId or a
// primary bus in another region.
std::vector<events::EntryResult> route_to_endpoint(EventsCall& call, std::vector<events::EventEntry>& entries);

// --- partner event sources ---
// CreateEventBus with EventSourceName: ValidationException unless the bus has
// the source's name, ResourceNotFoundException without such a source for this
// account, InvalidStateException once its partner deleted it.
void claim_partner_source(EventsShared& shared, const std::string& bus_name, const std::string& source_name);
// A partner bus created (its source goes ACTIVE) or deleted (PENDING); other buses: nothing.
void partner_bus_changed(EventsShared& shared, const std::string& bus_name, bool exists);

// --- operations ---
namespace evt {
// Answers through `answer` once the accepted entries' deliveries are stored
// (group-committed with other calls); throws, before that, for a bad request.
void put_events(EventsCall& call, std::function<void(json::Value)> answer);
void put_partner_events(EventsCall& call, std::function<void(json::Value)> answer);
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
// Archives and replays (archives.cpp, replays.cpp).
json::Value create_archive(EventsCall& call);
json::Value describe_archive(EventsCall& call);
json::Value list_archives(EventsCall& call);
json::Value update_archive(EventsCall& call);
json::Value delete_archive(EventsCall& call);
json::Value start_replay(EventsCall& call);
json::Value describe_replay(EventsCall& call);
json::Value list_replays(EventsCall& call);
json::Value cancel_replay(EventsCall& call);
// bus settings, tags and permissions
json::Value update_event_bus(EventsCall& call);
json::Value tag_resource(EventsCall& call);
json::Value untag_resource(EventsCall& call);
json::Value list_tags_for_resource(EventsCall& call);
json::Value put_permission(EventsCall& call);
json::Value remove_permission(EventsCall& call);
// partner event sources
json::Value create_partner_event_source(EventsCall& call);
json::Value describe_partner_event_source(EventsCall& call);
json::Value list_partner_event_sources(EventsCall& call);
json::Value list_partner_event_source_accounts(EventsCall& call);
json::Value delete_partner_event_source(EventsCall& call);
json::Value list_event_sources(EventsCall& call);
json::Value describe_event_source(EventsCall& call);
json::Value activate_event_source(EventsCall& call);
json::Value deactivate_event_source(EventsCall& call);
// global endpoints
json::Value create_endpoint(EventsCall& call);
json::Value describe_endpoint(EventsCall& call);
json::Value list_endpoints(EventsCall& call);
json::Value update_endpoint(EventsCall& call);
json::Value delete_endpoint(EventsCall& call);
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
