// PutCodeBinding, DescribeCodeBinding, GetCodeBindingSource: code bindings of
// one schema version in one language (events/schema/code_binding.h), kept in
// the store (document kind "schema_code_binding", id
// "<registry>/<schema>/<version>/<language>") with their files, so the zip
// GetCodeBindingSource answers is the one PutCodeBinding made, across restarts.
//
// PutCodeBinding generates at once: it answers CREATE_COMPLETE (or
// CREATE_FAILED), never CREATE_IN_PROGRESS. Each version needs its own
// binding: a version without one is NotFoundException, as on AWS.
// https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname-language-language.html
// https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname-language-language-source.html
#include <algorithm>
#include <exception>
#include <string>

#include "api/schemas/names.h"
#include "api/schemas/records.h"
#include "api/schemas/register.h"
#include "events/schema/code_binding.h"
#include "events/schema/registry_refs.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api::schemas {

namespace {

constexpr const char* kBindingKind = "schema_code_binding";

std::string binding_prefix(const std::string& registry, const std::string& schema) {
    return registry + "/" + schema + "/";
}

std::string binding_id(const std::string& registry, const std::string& schema, const std::string& version,
                       const std::string& language) {
    return binding_prefix(registry, schema) + version + "/" + language;
}

struct BindingTarget {
    SchemaRecord schema;
    const SchemaVersionRecord* version = nullptr;
    std::string language;
};

// The schema version and language a call names. Language must be one of the
// model's four; schemaVersion, when given, a version the schema has.
BindingTarget binding_target(SchemasCall& call) {
    BindingTarget target;
    target.language = call.label("language");
    if (target.language != "Java8" && target.language != "Python36" && target.language != "TypeScript3" &&
        target.language != "Go1")
        bad_request("Language must be one of Java8, Python36, TypeScript3, Go1, not '" + target.language + "'");
    const std::string& registry = call.label("registryName");
    const std::string& name = call.label("schemaName");
    auto schema = find_schema(call.shared, registry, name);
    if (!schema) not_found(schema_missing_message(registry, name));
    target.schema = std::move(*schema);
    target.version = &target.schema.latest();
    if (auto wanted = call.query_string("schemaVersion")) {
        target.version = target.schema.find_version(*wanted);
        if (target.version == nullptr)
            not_found("Version " + *wanted + " of schema " + name + " does not exist in registry " + registry + ".");
    }
    return target;
}

std::optional<json::Value> stored_binding(SchemasShared& shared, const BindingTarget& target) {
    auto document = shared.store.get_document(
        kBindingKind, binding_id(target.schema.registry, target.schema.name, target.version->version, target.language));
    if (!document) return std::nullopt;
    auto body = json::try_parse(document->body);
    if (!body || !body->is_object()) return std::nullopt;
    return body;
}

int64_t int_member(const json::Value& body, std::string_view key) {
    const json::Value* value = body.find(key);
    return value != nullptr && value->is_number() ? value->as_int() : 0;
}

std::string text_member(const json::Value& body, std::string_view key) {
    const json::Value* value = body.find(key);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

json::Value binding_json(const json::Value& stored) {
    return json::Value(json::Object{{"CreationDate", json::Value(iso_timestamp(int_member(stored, "CreationDateMs")))},
                                    {"LastModified", json::Value(iso_timestamp(int_member(stored, "LastModifiedMs")))},
                                    {"SchemaVersion", json::Value(text_member(stored, "SchemaVersion"))},
                                    {"Status", json::Value(text_member(stored, "Status"))}});
}

// The source and detail-type the binding's package is named by: the schema's
// tags, what its document pins, or what the registry binds it to.
std::optional<events::EventBinding> event_binding(SchemasShared& shared, const SchemaRecord& schema,
                                                  const json::Value& document) {
    const json::Value* source = schema.tags.find(kSourceTag);
    const json::Value* detail_type = schema.tags.find(kDetailTypeTag);
    if (source != nullptr && detail_type != nullptr && source->is_string() && detail_type->is_string())
        return events::EventBinding{std::string(source->as_string()), std::string(detail_type->as_string())};
    try {
        if (auto pinned = events::describe_schema_document(document).binding) return pinned;
    } catch (const events::SchemaError&) {
    }
    if (auto info = shared.registry.describe(schema.registry, schema.name); info && !info->source.empty())
        return events::EventBinding{info->source, info->detail_type};
    return std::nullopt;
}

// The binding's files, or the reason there are none.
json::Value generate(SchemasShared& shared, const BindingTarget& target, events::BindingLanguage language) {
    const SchemaRecord& schema = target.schema;
    const std::string origin = "schema " + schema.registry + "/" + schema.name + " version " + target.version->version;
    std::string error;
    auto document = json::try_parse(target.version->content, &error);
    json::Array files;
    try {
        if (!document) throw events::SchemaError("its content is not JSON: " + error);
        // $refs to other schemas of the registry become local, so their classes are generated too.
        const json::Value bundled = shared.registry.with_registry_refs(schema.registry, schema.name, *document);
        const events::BindingModel model =
            events::read_binding_model(bundled, schema.name, event_binding(shared, schema, *document));
        for (const events::ZipEntry& file : events::code_binding_files(language, model, origin))
            files.push_back(json::Value(json::Object{{"Path", json::Value(file.path)}, {"Data", json::Value(file.data)}}));
    } catch (const std::exception& e) {
        return json::Value(json::Object{{"Status", json::Value("CREATE_FAILED")},
                                        {"Failure", json::Value(origin + ": " + e.what())}});
    }
    return json::Value(json::Object{{"Status", json::Value("CREATE_COMPLETE")}, {"Files", json::Value(std::move(files))}});
}

// The binding the call names; NotFoundException when that version has none.
json::Value existing_binding(SchemasCall& call, const BindingTarget& target) {
    auto stored = stored_binding(call.shared, target);
    if (!stored)
        not_found("Schema " + target.schema.name + " version " + target.version->version + " has no " +
                  target.language + " code binding in registry " + target.schema.registry + ".");
    return std::move(*stored);
}

}  // namespace

std::vector<store::Write> delete_code_bindings_writes(SchemasShared& shared, const std::string& registry,
                                                      const std::string& schema, const std::string& version) {
    std::vector<store::Write> writes;
    const std::string prefix = binding_prefix(registry, schema) + (version.empty() ? "" : version + "/");
    // Discovered names may hold '/' ("a/b@X"): past the prefix, an id of this schema
    // has "<version>/<language>" (of this version: "<language>"), no other '/'.
    const size_t slashes = version.empty() ? 1 : 0;
    for (const auto& document : shared.store.list_documents(kBindingKind, prefix))
        if (document.id.starts_with(prefix) &&
            size_t(std::count(document.id.begin() + prefix.size(), document.id.end(), '/')) == slashes)
            writes.push_back(store::DeleteDocument{kBindingKind, document.id});
    return writes;
}

SchemasResult put_code_binding(SchemasCall& call) {
    if (!call.body.as_object().empty())
        bad_request("PutCodeBinding takes no body member, not " + std::string(call.body.as_object().begin()->name()));
    std::lock_guard lock(call.shared.control_plane);
    BindingTarget target = binding_target(call);
    auto language = events::binding_language(target.language);
    if (!language)
        bad_request("Language " + target.language +
                    " is one AWS generates, but stepwise generates code bindings for Python36 and TypeScript3 only");
    // A binding made already is answered as it is; one that failed is tried again.
    auto existing = stored_binding(call.shared, target);
    if (existing && text_member(*existing, "Status") != "CREATE_FAILED") return {202, binding_json(*existing)};

    json::Value stored = generate(call.shared, target, *language);
    const int64_t now = now_ms();
    json::Object& members = stored.mutable_object();
    members.set("SchemaVersion", json::Value(target.version->version));
    members.set("CreationDateMs", json::Value(existing ? int_member(*existing, "CreationDateMs") : now));
    members.set("LastModifiedMs", json::Value(now));
    call.shared.store.apply({store::PutDocument{store::Document{
        kBindingKind, binding_id(target.schema.registry, target.schema.name, target.version->version, target.language),
        json::dump(stored)}}});
    return {202, binding_json(stored)};
}

SchemasResult describe_code_binding(SchemasCall& call) {
    BindingTarget target = binding_target(call);
    return {200, binding_json(existing_binding(call, target))};
}

SchemasResult get_code_binding_source(SchemasCall& call) {
    BindingTarget target = binding_target(call);
    json::Value stored = existing_binding(call, target);
    const json::Value* files = stored.find("Files");
    if (files == nullptr || !files->is_array())
        bad_request("The " + target.language + " code binding could not be generated: " + text_member(stored, "Failure"));
    std::vector<events::ZipEntry> entries;
    for (const json::Value& file : files->as_array())
        entries.push_back({text_member(file, "Path"), text_member(file, "Data")});
    return {200, json::Value(), "application/zip",
            events::write_zip(entries, int_member(stored, "CreationDateMs") / 1000)};
}

}  // namespace stepwise::api::schemas
