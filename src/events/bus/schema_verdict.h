// What the bus does with an event its schema registry rejects: nothing (Off),
// a warning while the event goes on (Warn), or refusing the PutEvents entry
// with InvalidArgument (Enforce). Shared by `stepwise serve` and `stepwise run`.
#pragma once

#include "events/bus/event_bus.h"
#include "events/schema/registry.h"

namespace stepwise::events {

enum class SchemaMode { Off, Warn, Enforce };

SchemaVerdict schema_verdict(const SchemaRegistry& registry, SchemaMode mode, const json::Value& event);

// "event does not match schema <registry>/<name>: <message>; <message>" ("" when it fits).
std::string schema_problem(const SchemaFinding& finding);

}  // namespace stepwise::events
