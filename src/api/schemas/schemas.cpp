// CreateSchema, DescribeSchema, UpdateSchema, DeleteSchema, ListSchemas,
// ListSchemaVersions, DeleteSchemaVersion.
//
// A schema's latest version is the one the SchemaRegistry checks events with;
// a change compiles there first and is stored only when it compiles.
#include <algorithm>
#include <string>

#include "api/schemas/names.h"
#include "api/schemas/records.h"
#include "api/schemas/register.h"
#include "aws/arn.h"

namespace stepwise::api::schemas {

namespace {

json::Value schema_json(const SchemasOptions& options, const SchemaRecord& schema,
                        const SchemaVersionRecord& version) {
    json::Object out;
    out.set("Content", json::Value(version.content));
    if (!schema.description.empty()) out.set("Description", json::Value(schema.description));
    out.set("LastModified", json::Value(iso_timestamp(schema.last_modified_ms)));
    out.set("SchemaArn", json::Value(aws::schema_arn(options.scope, schema.registry, schema.name)));
    out.set("SchemaName", json::Value(schema.name));
    out.set("SchemaVersion", json::Value(version.version));
    out.set("tags", schema.tags);
    out.set("Type", json::Value(version.type));
    out.set("VersionCreatedDate", json::Value(iso_timestamp(version.created_ms)));
    return json::Value(std::move(out));
}

SchemaRecord existing_schema(SchemasCall& call) {
    const std::string& registry = call.label("registryName");
    const std::string& name = call.label("schemaName");
    auto schema = find_schema(call.shared, registry, name);
    if (!schema) not_found(schema_missing_message(registry, name));
    return std::move(*schema);
}

// Registers `version` again after a change that could not be stored.
void restore_registration(SchemasShared& shared, const SchemaRecord& schema, const SchemaVersionRecord& version) {
    try {
        register_schema_version(shared.registry, schema, version);
    } catch (const SchemasError&) {
        shared.registry.remove(schema.registry, schema.name);  // it compiled before; cannot happen
    }
}

int64_t version_number(const std::string& version) {
    try {
        return std::stoll(version);
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace

SchemasResult create_schema(SchemasCall& call) {
    const std::string& registry = call.label("registryName");
    const std::string& name = call.label("schemaName");
    check_schema_name(name);
    auto type = call.body_string("Type");
    if (!type) bad_request("Type is required");
    check_schema_type(*type);
    auto content = call.body_string("Content");
    if (!content) bad_request("Content is required");
    check_schema_content(*content);
    std::string description = call.body_string("Description").value_or("");
    check_description(description);

    SchemaRecord schema;
    schema.registry = registry;
    schema.name = name;
    schema.description = description;
    schema.tags = call.body_tags();
    schema.add_version(*type, *content, now_ms());

    std::lock_guard lock(call.shared.control_plane);
    if (!find_registry(call.shared, registry)) not_found(registry_missing_message(registry));
    if (find_schema(call.shared, registry, name))
        conflict("Schema " + name + " already exists in registry " + registry + ".");
    register_schema_version(call.shared.registry, schema, schema.latest());
    try {
        call.shared.store.apply({put_schema_write(schema)});
    } catch (...) {
        call.shared.registry.remove(registry, name);
        throw;
    }
    return {201, schema_json(call.shared.options, schema, schema.latest())};
}

SchemasResult describe_schema(SchemasCall& call) {
    SchemaRecord schema = existing_schema(call);
    const SchemaVersionRecord* version = &schema.latest();
    if (auto wanted = call.query_string("schemaVersion")) {
        version = schema.find_version(*wanted);
        if (version == nullptr)
            not_found("Version " + *wanted + " of schema " + schema.name + " does not exist in registry " +
                      schema.registry + ".");
    }
    return {200, schema_json(call.shared.options, schema, *version)};
}

// New Content (or Type) makes a new version; a new Description alone does not.
SchemasResult update_schema(SchemasCall& call) {
    auto content = call.body_string("Content");
    if (content) check_schema_content(*content);
    auto type = call.body_string("Type");
    if (type) check_schema_type(*type);
    auto description = call.body_string("Description");
    if (description) check_description(*description);

    std::lock_guard lock(call.shared.control_plane);
    SchemaRecord schema = existing_schema(call);
    const SchemaVersionRecord previous = schema.latest();
    const int64_t now = now_ms();
    bool new_version = (content && *content != previous.content) || (type && *type != previous.type);
    if (new_version) {
        schema.add_version(type.value_or(previous.type), content.value_or(previous.content), now);
        register_schema_version(call.shared.registry, schema, schema.latest());
    }
    if (description) schema.description = *description;
    schema.last_modified_ms = now;
    try {
        call.shared.store.apply({put_schema_write(schema)});
    } catch (...) {
        if (new_version) restore_registration(call.shared, schema, previous);
        throw;
    }
    return {200, schema_json(call.shared.options, schema, schema.latest())};
}

// A schema others refer to stays until they no longer do (ConflictException).
SchemasResult delete_schema(SchemasCall& call) {
    std::lock_guard lock(call.shared.control_plane);
    SchemaRecord schema = existing_schema(call);
    if (auto dependants = call.shared.registry.dependants(schema.registry, schema.name); !dependants.empty()) {
        std::string names;
        for (const auto& name : dependants) names += (names.empty() ? "" : ", ") + name;
        conflict("Schema " + schema.name + " of registry " + schema.registry + " is referred to by " + names +
                 "; change or delete those first.");
    }
    std::vector<store::Write> writes = delete_code_bindings_writes(call.shared, schema.registry, schema.name);
    if (schema.stored) writes.push_back(delete_schema_write(schema.registry, schema.name));
    if (!writes.empty()) call.shared.store.apply(writes);
    call.shared.registry.remove(schema.registry, schema.name);
    return {204, json::Value()};
}

// Deleting the latest version makes the one before it the latest (and the one
// events are checked with); the only version cannot be deleted (DeleteSchema does that).
SchemasResult delete_schema_version(SchemasCall& call) {
    const std::string& wanted = call.label("schemaVersion");
    std::lock_guard lock(call.shared.control_plane);
    SchemaRecord schema = existing_schema(call);
    auto found = std::find_if(schema.versions.begin(), schema.versions.end(),
                              [&](const SchemaVersionRecord& version) { return version.version == wanted; });
    if (found == schema.versions.end())
        not_found("Version " + wanted + " of schema " + schema.name + " does not exist in registry " +
                  schema.registry + ".");
    if (schema.versions.size() == 1)
        bad_request("Version " + wanted + " is the only version of schema " + schema.name +
                    "; delete the schema instead.");
    const SchemaVersionRecord previous_latest = schema.latest();
    bool was_latest = std::next(found) == schema.versions.end();
    schema.versions.erase(found);
    if (was_latest) register_schema_version(call.shared.registry, schema, schema.latest());
    try {
        std::vector<store::Write> writes = delete_code_bindings_writes(call.shared, schema.registry, schema.name, wanted);
        writes.push_back(put_schema_write(schema));
        call.shared.store.apply(writes);
    } catch (...) {
        if (was_latest) restore_registration(call.shared, schema, previous_latest);
        throw;
    }
    return {204, json::Value()};
}

SchemasResult list_schemas(SchemasCall& call) {
    const std::string& registry = call.label("registryName");
    std::string prefix = call.query_string("schemaNamePrefix").value_or("");
    size_t limit = call.limit();
    std::string after = schemas_page_after(call.query_string("nextToken"));

    json::Array page;
    std::string next;
    for (const auto& schema : registry_schemas(call.shared, registry)) {
        if (!schema.name.starts_with(prefix) || (!after.empty() && schema.name <= after)) continue;
        if (page.size() == limit) {
            next = schemas_page_token(page[page.size() - 1].find("SchemaName")->as_string());
            break;
        }
        page.push_back(json::Value(json::Object{
            {"LastModified", json::Value(iso_timestamp(schema.last_modified_ms))},
            {"SchemaArn", json::Value(aws::schema_arn(call.shared.options.scope, schema.registry, schema.name))},
            {"SchemaName", json::Value(schema.name)},
            {"tags", schema.tags},
            {"VersionCount", json::Value(static_cast<long long>(schema.versions.size()))}}));
    }
    json::Object out{{"Schemas", json::Value(std::move(page))}};
    if (!next.empty()) out.set("NextToken", json::Value(next));
    return {200, json::Value(std::move(out))};
}

SchemasResult list_schema_versions(SchemasCall& call) {
    SchemaRecord schema = existing_schema(call);
    size_t limit = call.limit();
    std::string after = schemas_page_after(call.query_string("nextToken"));
    int64_t after_number = after.empty() ? 0 : version_number(after);

    json::Array page;
    std::string next;
    for (const auto& version : schema.versions) {
        if (version_number(version.version) <= after_number) continue;
        if (page.size() == limit) {
            next = schemas_page_token(page[page.size() - 1].find("SchemaVersion")->as_string());
            break;
        }
        page.push_back(json::Value(
            json::Object{{"SchemaArn", json::Value(aws::schema_arn(call.shared.options.scope, schema.registry, schema.name))},
                         {"SchemaName", json::Value(schema.name)},
                         {"SchemaVersion", json::Value(version.version)},
                         {"Type", json::Value(version.type)}}));
    }
    json::Object out{{"SchemaVersions", json::Value(std::move(page))}};
    if (!next.empty()) out.set("NextToken", json::Value(next));
    return {200, json::Value(std::move(out))};
}

}  // namespace stepwise::api::schemas
