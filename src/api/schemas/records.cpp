#include "api/schemas/records.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {

namespace {

constexpr const char* kRegistryKind = "schema_registry";
constexpr const char* kSchemaKind = "schema";

std::string schema_id(std::string_view registry, std::string_view name) {
    return std::string(registry) + "/" + std::string(name);
}

std::string text_of(const json::Value& object, std::string_view key) {
    const json::Value* value = object.find(key);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

int64_t int_of(const json::Value& object, std::string_view key) {
    const json::Value* value = object.find(key);
    return value != nullptr && value->is_number() ? value->as_int() : 0;
}

json::Value tags_of(const json::Value& object) {
    const json::Value* tags = object.find("tags");
    return tags != nullptr && tags->is_object() ? *tags : json::Value(json::Object{});
}

RegistryRecord registry_from_json(const json::Value& body) {
    return RegistryRecord{text_of(body, "RegistryName"), text_of(body, "Description"), tags_of(body)};
}

json::Value registry_to_json(const RegistryRecord& registry) {
    return json::Value(json::Object{{"RegistryName", json::Value(registry.name)},
                                    {"Description", json::Value(registry.description)},
                                    {"tags", registry.tags}});
}

SchemaRecord schema_from_json(const json::Value& body) {
    SchemaRecord schema;
    schema.registry = text_of(body, "RegistryName");
    schema.name = text_of(body, "SchemaName");
    schema.description = text_of(body, "Description");
    schema.tags = tags_of(body);
    schema.last_modified_ms = int_of(body, "LastModifiedMs");
    schema.next_version = int_of(body, "NextVersion");
    if (const json::Value* discovered = body.find("Discovered")) schema.discovered = discovered->is_bool() && discovered->as_bool();
    if (const json::Value* versions = body.find("Versions"); versions != nullptr && versions->is_array()) {
        for (const auto& version : versions->as_array())
            schema.versions.push_back({text_of(version, "SchemaVersion"), text_of(version, "Type"),
                                       text_of(version, "Content"), int_of(version, "CreatedMs")});
    }
    return schema;
}

json::Value schema_to_json(const SchemaRecord& schema) {
    json::Array versions;
    for (const auto& version : schema.versions)
        versions.push_back(json::Value(json::Object{{"SchemaVersion", json::Value(version.version)},
                                                    {"Type", json::Value(version.type)},
                                                    {"Content", json::Value(version.content)},
                                                    {"CreatedMs", json::Value(version.created_ms)}}));
    json::Value body(json::Object{{"RegistryName", json::Value(schema.registry)},
                                  {"SchemaName", json::Value(schema.name)},
                                  {"Description", json::Value(schema.description)},
                                  {"tags", schema.tags},
                                  {"LastModifiedMs", json::Value(schema.last_modified_ms)},
                                  {"NextVersion", json::Value(schema.next_version)},
                                  {"Versions", json::Value(std::move(versions))}});
    if (schema.discovered) body.mutable_object().set("Discovered", json::Value(true));
    return body;
}

std::optional<SchemaRecord> stored_schema(const store::Document& document) {
    auto body = json::try_parse(document.body);
    if (!body || !body->is_object()) return std::nullopt;
    SchemaRecord schema = schema_from_json(*body);
    if (schema.versions.empty()) return std::nullopt;
    return schema;
}

// A schema only the SchemaRegistry knows (say, loaded from a folder), as version 1.
SchemaRecord registered_schema(const events::SchemaInfo& info) {
    SchemaRecord schema;
    schema.registry = info.registry_name;
    schema.name = info.schema_name;
    schema.stored = false;
    schema.last_modified_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(info.last_modified.time_since_epoch()).count();
    schema.add_version(events::schema_type_name(info.type), info.content, schema.last_modified_ms);
    return schema;
}

}  // namespace

const SchemaVersionRecord* SchemaRecord::find_version(std::string_view version) const {
    for (const auto& candidate : versions)
        if (candidate.version == version) return &candidate;
    return nullptr;
}

const SchemaVersionRecord& SchemaRecord::add_version(std::string type, std::string content, int64_t at_ms) {
    if (next_version < 1) next_version = 1;
    versions.push_back({std::to_string(next_version++), std::move(type), std::move(content), at_ms});
    last_modified_ms = at_ms;
    return versions.back();
}

std::optional<RegistryRecord> find_registry(SchemasShared& shared, const std::string& name) {
    if (auto document = shared.store.get_document(kRegistryKind, name)) {
        if (auto body = json::try_parse(document->body); body && body->is_object()) return registry_from_json(*body);
    }
    for (const auto& info : shared.registry.list())
        if (info.registry_name == name) return RegistryRecord{name, "", json::Value(json::Object{})};
    return std::nullopt;
}

std::vector<RegistryRecord> all_registries(SchemasShared& shared) {
    std::vector<RegistryRecord> registries;
    std::set<std::string> names;
    for (const auto& document : shared.store.list_documents(kRegistryKind)) {
        auto body = json::try_parse(document.body);
        if (!body || !body->is_object()) continue;
        registries.push_back(registry_from_json(*body));
        names.insert(registries.back().name);
    }
    for (const auto& info : shared.registry.list())
        if (names.insert(info.registry_name).second)
            registries.push_back(RegistryRecord{info.registry_name, "", json::Value(json::Object{})});
    std::sort(registries.begin(), registries.end(),
              [](const RegistryRecord& a, const RegistryRecord& b) { return a.name < b.name; });
    return registries;
}

void put_registry(SchemasShared& shared, const RegistryRecord& registry) {
    shared.store.apply(
        {store::PutDocument{store::Document{kRegistryKind, registry.name, json::dump(registry_to_json(registry))}}});
}

std::optional<SchemaRecord> find_schema(SchemasShared& shared, const std::string& registry, const std::string& name) {
    if (auto document = shared.store.get_document(kSchemaKind, schema_id(registry, name)))
        if (auto schema = stored_schema(*document)) return schema;
    if (auto info = shared.registry.describe(registry, name)) return registered_schema(*info);
    return std::nullopt;
}

std::vector<SchemaRecord> registry_schemas(SchemasShared& shared, const std::string& registry) {
    std::vector<SchemaRecord> schemas;
    std::set<std::string> names;
    for (const auto& document : shared.store.list_documents(kSchemaKind, schema_id(registry, ""))) {
        auto schema = stored_schema(document);
        if (!schema || schema->registry != registry) continue;
        names.insert(schema->name);
        schemas.push_back(std::move(*schema));
    }
    for (const auto& info : shared.registry.list())
        if (info.registry_name == registry && names.insert(info.schema_name).second)
            schemas.push_back(registered_schema(info));
    std::sort(schemas.begin(), schemas.end(),
              [](const SchemaRecord& a, const SchemaRecord& b) { return a.name < b.name; });
    return schemas;
}

std::vector<SchemaRecord> stored_schemas(SchemasShared& shared) {
    std::vector<SchemaRecord> schemas;
    for (const auto& document : shared.store.list_documents(kSchemaKind))
        if (auto schema = stored_schema(document)) schemas.push_back(std::move(*schema));
    return schemas;
}

store::Write put_schema_write(const SchemaRecord& schema) {
    return store::PutDocument{
        store::Document{kSchemaKind, schema_id(schema.registry, schema.name), json::dump(schema_to_json(schema))}};
}

store::Write delete_schema_write(const std::string& registry, const std::string& name) {
    return store::DeleteDocument{kSchemaKind, schema_id(registry, name)};
}

store::Write delete_registry_write(const std::string& name) { return store::DeleteDocument{kRegistryKind, name}; }

}  // namespace stepwise::api
