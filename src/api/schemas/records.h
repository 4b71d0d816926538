// Registries and schemas as the Schemas API keeps them (internal): the store
// holds one document per registry (kind "schema_registry", id its name) and
// one per schema with all its versions (kind "schema", id "<registry>/<name>").
// Schemas the SchemaRegistry holds without a document (loaded from a folder)
// read as version 1 of their registry, which then exists too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/schemas/call.h"
#include "json/value.h"

namespace stepwise::api {

struct RegistryRecord {
    std::string name;
    std::string description;
    json::Value tags = json::Value(json::Object{});
};

struct SchemaVersionRecord {
    std::string version;  // "1", "2", ...
    std::string type;     // "JSONSchemaDraft4" or "OpenApi3"
    std::string content;
    int64_t created_ms = 0;
};

struct SchemaRecord {
    std::string registry;
    std::string name;
    std::string description;
    json::Value tags = json::Value(json::Object{});
    int64_t last_modified_ms = 0;
    int64_t next_version = 1;
    std::vector<SchemaVersionRecord> versions;  // oldest first; never empty
    bool stored = true;                         // false: only in the SchemaRegistry
    // Written by schema discovery: it describes the events seen so far and
    // checks none (a later event of a new shape makes a version, not a refusal).
    bool discovered = false;

    const SchemaVersionRecord& latest() const { return versions.back(); }
    const SchemaVersionRecord* find_version(std::string_view version) const;
    // Appends version `next_version` and bumps it.
    const SchemaVersionRecord& add_version(std::string type, std::string content, int64_t at_ms);
};

std::optional<RegistryRecord> find_registry(SchemasShared& shared, const std::string& name);
// Stored registries and those that only hold registered schemas, by name.
std::vector<RegistryRecord> all_registries(SchemasShared& shared);
void put_registry(SchemasShared& shared, const RegistryRecord& registry);

std::optional<SchemaRecord> find_schema(SchemasShared& shared, const std::string& registry, const std::string& name);
// The registry's schemas, by name.
std::vector<SchemaRecord> registry_schemas(SchemasShared& shared, const std::string& registry);
// Every stored schema (for load()).
std::vector<SchemaRecord> stored_schemas(SchemasShared& shared);

store::Write put_schema_write(const SchemaRecord& schema);
store::Write delete_schema_write(const std::string& registry, const std::string& name);
store::Write delete_registry_write(const std::string& name);

}  // namespace stepwise::api
