// Schema discovery in the Schemas API (internal to it: discoverers.cpp,
// discovery.cpp, export.cpp, service.cpp): the discoverers kept in the store
// (document kind "schema_discoverer", id the DiscovererId), and the events of
// their buses inferred into schemas of the registry "discovered-schemas"
// (events/schema/inference.h), one version for each new shape.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/schemas/call.h"
#include "json/value.h"

namespace stepwise::api {

struct DiscovererRecord {
    std::string id;          // discoverer_id(bus_name)
    std::string source_arn;  // the event bus's ARN
    std::string bus_name;
    std::string description;
    bool started = true;
    bool cross_account = true;
    json::Value tags = json::Value(json::Object{});
};

// "events-event-bus-<bus name>", as AWS names a bus's discoverer
// (https://docs.aws.amazon.com/cli/latest/reference/schemas/start-discoverer.html).
std::string discoverer_id(std::string_view bus_name);

std::optional<DiscovererRecord> find_discoverer(SchemasShared& shared, const std::string& id);
std::vector<DiscovererRecord> all_discoverers(SchemasShared& shared);  // by id
store::Write put_discoverer_write(const DiscovererRecord& discoverer);
store::Write delete_discoverer_write(const std::string& id);

// Tells SchemasOptions::watch_buses the buses that have a started discoverer
// (call under control_plane after a change, and once at load).
void watch_discovered_buses(SchemasShared& shared);

// Infers `event`, put on `bus_name`, into its schema in discovered-schemas
// when the bus's discoverer is started (and, unless CrossAccount, the event
// is of this account): the first event of a source and detail-type makes
// version 1, an event of a new shape a version with the union of every shape
// seen, one of a known shape nothing. Detail-types with the same PascalCase
// name get a schema each ("<name>", "<name>2", ...). A version past 100,000
// characters is not made (a note on stderr, once). Stored before it returns;
// control_plane is held only to check and write, never to infer. Throws
// events::SchemaError for an event it cannot read, store errors as they come.
void discover_event(SchemasShared& shared, const std::string& bus_name, const json::Value& event);

}  // namespace stepwise::api
