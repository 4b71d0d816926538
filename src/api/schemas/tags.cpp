// TagResource, UntagResource, ListTagsForResource on registries, schemas and discoverers
// (paths under /tags/, so `stepwise serve` routes that prefix here too).
//
// A schema's tags may bind it to events (see register.h), so a tag
// change registers its latest version again.
#include <string>
#include <vector>

#include "api/schemas/discovery.h"
#include "api/schemas/names.h"
#include "api/schemas/records.h"
#include "api/schemas/register.h"

namespace stepwise::api::schemas {

namespace {

// What a Schemas ARN names: a registry (schema empty), a schema, or a discoverer.
struct TaggedResource {
    std::string registry;
    std::string schema;
    std::string discoverer;
};

// arn:aws:schemas:<region>:<account>:registry/<registry>
// arn:aws:schemas:<region>:<account>:schema/<registry>/<schema>
// arn:aws:schemas:<region>:<account>:discoverer/<id>
TaggedResource parse_resource_arn(const std::string& arn) {
    const std::string problem =
        "Invalid ResourceArn '" + arn + "': expected a Schemas registry, schema or discoverer ARN";
    std::vector<std::string> parts;  // arn, partition, service, region, account, resource
    size_t begin = 0;
    while (parts.size() < 5) {
        size_t colon = arn.find(':', begin);
        if (colon == std::string::npos) bad_request(problem);
        parts.push_back(arn.substr(begin, colon - begin));
        begin = colon + 1;
    }
    const std::string resource = arn.substr(begin);
    if (parts[0] != "arn" || parts[2] != "schemas") bad_request(problem);

    TaggedResource named;
    if (resource.starts_with("registry/")) {
        named.registry = resource.substr(9);
        if (named.registry.empty() || named.registry.find('/') != std::string::npos) bad_request(problem);
    } else if (resource.starts_with("schema/")) {
        std::string rest = resource.substr(7);
        size_t slash = rest.find('/');
        if (slash == std::string::npos) bad_request(problem);
        named.registry = rest.substr(0, slash);
        named.schema = rest.substr(slash + 1);
        if (named.registry.empty() || named.schema.empty() || named.schema.find('/') != std::string::npos)
            bad_request(problem);
    } else if (resource.starts_with("discoverer/")) {
        named.discoverer = resource.substr(11);
        if (named.discoverer.empty() || named.discoverer.find('/') != std::string::npos) bad_request(problem);
    } else {
        bad_request(problem);
    }
    return named;
}

// Applies `change` to the resource's tags and stores it.
template <typename Change>
void change_tags(SchemasCall& call, Change change) {
    TaggedResource named = parse_resource_arn(call.label("resource-arn"));
    std::lock_guard lock(call.shared.control_plane);
    if (!named.discoverer.empty()) {
        auto discoverer = find_discoverer(call.shared, named.discoverer);
        if (!discoverer) not_found("Discoverer " + named.discoverer + " does not exist.");
        change(discoverer->tags.mutable_object());
        call.shared.store.apply({put_discoverer_write(*discoverer)});
        return;
    }
    if (named.schema.empty()) {
        auto registry = find_registry(call.shared, named.registry);
        if (!registry) not_found(registry_missing_message(named.registry));
        change(registry->tags.mutable_object());
        put_registry(call.shared, *registry);
        return;
    }
    auto schema = find_schema(call.shared, named.registry, named.schema);
    if (!schema) not_found(schema_missing_message(named.registry, named.schema));
    const json::Value previous_tags = schema->tags;
    change(schema->tags.mutable_object());
    register_schema_version(call.shared.registry, *schema, schema->latest());
    try {
        call.shared.store.apply({put_schema_write(*schema)});
    } catch (...) {
        schema->tags = previous_tags;
        try {
            register_schema_version(call.shared.registry, *schema, schema->latest());
        } catch (const SchemasError&) {
        }
        throw;
    }
}

}  // namespace

SchemasResult tag_resource(SchemasCall& call) {
    if (call.body.find("tags") == nullptr) bad_request("tags is required");
    json::Value tags = call.body_tags();
    change_tags(call, [&](json::Object& current) {
        for (const auto& member : tags.as_object()) current.set(member.name(), member.value);
    });
    return {204, json::Value()};
}

SchemasResult untag_resource(SchemasCall& call) {
    std::vector<std::string> keys = call.query_strings("tagKeys");
    if (keys.empty()) bad_request("tagKeys is required");
    change_tags(call, [&](json::Object& current) {
        for (const auto& key : keys) current.erase(key);
    });
    return {204, json::Value()};
}

SchemasResult list_tags_for_resource(SchemasCall& call) {
    TaggedResource named = parse_resource_arn(call.label("resource-arn"));
    json::Value tags;
    if (!named.discoverer.empty()) {
        auto discoverer = find_discoverer(call.shared, named.discoverer);
        if (!discoverer) not_found("Discoverer " + named.discoverer + " does not exist.");
        tags = discoverer->tags;
    } else if (named.schema.empty()) {
        auto registry = find_registry(call.shared, named.registry);
        if (!registry) not_found(registry_missing_message(named.registry));
        tags = registry->tags;
    } else {
        auto schema = find_schema(call.shared, named.registry, named.schema);
        if (!schema) not_found(schema_missing_message(named.registry, named.schema));
        tags = schema->tags;
    }
    return {200, json::Value(json::Object{{"tags", tags}})};
}

}  // namespace stepwise::api::schemas
