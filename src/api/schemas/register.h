// Putting a schema version in the events::SchemaRegistry, the one PutEvents
// checks events against (internal to the Schemas API).
#pragma once

#include <string>

#include "api/schemas/records.h"
#include "events/schema/registry.h"

namespace stepwise::api {

// The tags that bind a schema to the events of one source and detail-type
// when its document pins none (AWS's Schemas API has no such field).
inline constexpr const char* kSourceTag = "stepwise:source";
inline constexpr const char* kDetailTypeTag = "stepwise:detail-type";

// The registry schema discovery writes to (SchemaRecord::discovered).
inline constexpr const char* kDiscoveredRegistry = "discovered-schemas";

// Makes `version` of `schema` the one its events are checked with. The binding
// is the tags' when both are given, else the document's. Throws
// BadRequestException naming the problem when the content is not JSON, is not
// of its Type, or does not compile (a `$ref` to another schema of the registry
// included, events/schema/registry_refs.h), or when a schema that refers to
// this one would no longer compile. A schema bound to no source and
// detail-type checks no events (other schemas may refer to it): a note goes
// to stderr, and the answer is false. A discovered schema checks no events
// either (without the note): it is compiled, and kept out of the SchemaRegistry.
bool register_schema_version(events::SchemaRegistry& registry, const SchemaRecord& schema,
                             const SchemaVersionRecord& version);

}  // namespace stepwise::api
