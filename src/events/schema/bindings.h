// The binding file of a schema folder: binds schema files that pin no source
// or detail-type (a team's contract as written) to the events they describe,
// so the contract is used unedited.
//
//   bindings.json
//   [{"source": "vehicle-orders.order-cancellation",
//     "detailType": "OrderCancellationUpdated",
//     "schema": "OrderCancellationUpdated.schema.json"}]
//
// `schema` is the name of a `*.json` file of the same folder. A binding that
// contradicts the source or detail-type the document pins itself is refused.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "events/schema/document.h"

namespace stepwise::events {

// The file SchemaRegistry::load_folder reads as bindings, never as a schema.
inline constexpr std::string_view kSchemaBindingsFile = "bindings.json";

// The schema file name -> its binding, from `folder`'s binding file; empty when
// the folder has none. Throws SchemaError naming the binding file and the JSON
// Pointer of the first bad entry: not an array of objects; a key missing,
// unknown, empty or not a string; a schema that is not a `*.json` file of the
// folder; a schema, or a source and detail-type, bound twice.
std::map<std::string, EventBinding> read_schema_bindings(const std::filesystem::path& folder);

}  // namespace stepwise::events
