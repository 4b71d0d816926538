// Events as EventBridge builds them from a PutEvents entry, and the checks
// PutEvents makes on each entry.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "json/value.h"

namespace stepwise::events {

// One PutEventsRequestEntry.
struct EventEntry {
    std::optional<std::string> source;
    std::optional<std::string> detail_type;
    std::optional<std::string> detail;  // JSON text of an object
    std::vector<std::string> resources;
    std::optional<int64_t> time_ms;     // Time, else the moment it was put
    std::string event_bus_name;         // name or ARN; "" = default
    std::string trace_header;
    std::string sent_by;                // who puts it, for the bus's observer; "" = "PutEvents"
    std::string account;                // the sender's account, the event's `account`; "" = the bus's
};

// A PutEventsResultEntry: the event id, or an error code and message.
struct EntryResult {
    std::string event_id;
    std::string error_code;
    std::string error_message;
    bool ok() const noexcept { return error_code.empty(); }
};

// The entry's size as AWS counts it toward the 256 KB limit.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
size_t entry_size(const EventEntry& entry);
inline constexpr size_t kMaxRequestSize = 256 * 1024;
inline constexpr size_t kMaxEntries = 10;

// nullopt when the entry is well formed, else the error result
// (InvalidArgument for a missing field, MalformedDetail for bad Detail).
std::optional<EntryResult> check_entry(const EventEntry& entry);

// The event envelope: version, id, detail-type, source, account, time,
// region, resources, detail. `detail` must be an object.
json::Value make_event(const std::string& id, const std::string& detail_type, const std::string& source,
                       const std::string& account, const std::string& region, int64_t time_ms,
                       const std::vector<std::string>& resources, json::Value detail);

// "2026-11-21T18:25:03Z": ISO 8601 in UTC, whole seconds, as events carry it.
std::string iso8601_seconds(int64_t ms);
// Parses the ISO 8601 forms clients send (with or without fraction and
// offset); nullopt when it is not one.
std::optional<int64_t> parse_iso8601(const std::string& text);

// A random (version 4) UUID, lower case.
std::string random_uuid();

}  // namespace stepwise::events
