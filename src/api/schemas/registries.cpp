// CreateRegistry, DescribeRegistry, UpdateRegistry, DeleteRegistry, ListRegistries.
#include "api/schemas/names.h"
#include "api/schemas/records.h"
#include "aws/arn.h"

namespace stepwise::api::schemas {

namespace {

json::Value registry_json(const SchemasOptions& options, const RegistryRecord& registry, bool with_description) {
    json::Object out;
    if (with_description && !registry.description.empty()) out.set("Description", json::Value(registry.description));
    out.set("RegistryArn", json::Value(aws::schema_registry_arn(options.scope, registry.name)));
    out.set("RegistryName", json::Value(registry.name));
    out.set("tags", registry.tags);
    return json::Value(std::move(out));
}

RegistryRecord existing_registry(SchemasCall& call) {
    const std::string& name = call.label("registryName");
    auto registry = find_registry(call.shared, name);
    if (!registry) not_found(registry_missing_message(name));
    return std::move(*registry);
}

}  // namespace

SchemasResult create_registry(SchemasCall& call) {
    RegistryRecord registry{call.label("registryName"), call.body_string("Description").value_or(""), call.body_tags()};
    check_registry_name(registry.name);
    check_description(registry.description);
    std::lock_guard lock(call.shared.control_plane);
    if (find_registry(call.shared, registry.name)) conflict("Registry " + registry.name + " already exists.");
    put_registry(call.shared, registry);
    return {201, registry_json(call.shared.options, registry, true)};
}

SchemasResult describe_registry(SchemasCall& call) {
    return {200, registry_json(call.shared.options, existing_registry(call), true)};
}

SchemasResult update_registry(SchemasCall& call) {
    auto description = call.body_string("Description");
    if (description) check_description(*description);
    std::lock_guard lock(call.shared.control_plane);
    RegistryRecord registry = existing_registry(call);
    if (description) registry.description = *description;
    put_registry(call.shared, registry);
    return {200, registry_json(call.shared.options, registry, true)};
}

// Takes the registry's schemas with it.
SchemasResult delete_registry(SchemasCall& call) {
    std::lock_guard lock(call.shared.control_plane);
    RegistryRecord registry = existing_registry(call);
    std::vector<store::Write> writes{delete_registry_write(registry.name), delete_policy_write(registry.name)};
    auto schemas = registry_schemas(call.shared, registry.name);
    for (const auto& schema : schemas) {
        writes.push_back(delete_schema_write(schema.registry, schema.name));
        for (auto& write : delete_code_bindings_writes(call.shared, schema.registry, schema.name))
            writes.push_back(std::move(write));
    }
    call.shared.store.apply(writes);
    for (const auto& schema : schemas) call.shared.registry.remove(schema.registry, schema.name);
    return {204, json::Value()};
}

// Scope "AWS" lists AWS's own registries, of which stepwise has none.
SchemasResult list_registries(SchemasCall& call) {
    std::string prefix = call.query_string("registryNamePrefix").value_or("");
    std::string scope = call.query_string("scope").value_or("");
    if (!scope.empty() && scope != "LOCAL" && scope != "AWS")
        bad_request("scope must be LOCAL or AWS, not '" + scope + "'");
    size_t limit = call.limit();
    std::string after = schemas_page_after(call.query_string("nextToken"));

    json::Array page;
    std::string next;
    if (scope != "AWS") {
        for (const auto& registry : all_registries(call.shared)) {
            if (!registry.name.starts_with(prefix) || (!after.empty() && registry.name <= after)) continue;
            if (page.size() == limit) {
                next = schemas_page_token(page[page.size() - 1].find("RegistryName")->as_string());
                break;
            }
            page.push_back(registry_json(call.shared.options, registry, false));
        }
    }
    json::Object out{{"Registries", json::Value(std::move(page))}};
    if (!next.empty()) out.set("NextToken", json::Value(next));
    return {200, json::Value(std::move(out))};
}

}  // namespace stepwise::api::schemas
