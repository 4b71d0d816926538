// What every Schemas operation works with (internal to the Schemas API): the
// store, the schema registry, and one call's URI labels, query and body.
// Operations are `SchemasResult op(SchemasCall&)`: they return the answer or
// throw SchemasError.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "api/schemas/service.h"
#include "json/value.h"

namespace stepwise::api {

struct SchemasShared {
    SchemasShared(store::Store& s, events::SchemaRegistry& r, SchemasOptions o)
        : store(s), registry(r), options(std::move(o)) {}
    store::Store& store;
    events::SchemaRegistry& registry;
    SchemasOptions options;
    // Serialises changes, so the store and the registry change together.
    std::mutex control_plane;
};

// An error shape of the Schemas model: its code and the HTTP status it has.
class SchemasError : public std::runtime_error {
public:
    SchemasError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }

private:
    int status_;
    std::string code_;
};

[[noreturn]] void bad_request(const std::string& message);  // BadRequestException, 400
[[noreturn]] void not_found(const std::string& message);    // NotFoundException, 404
[[noreturn]] void conflict(const std::string& message);     // ConflictException, 409

// rest-json's error document, {"Code": ..., "Message": ...}.
Response schemas_error_response(int status, std::string_view code, std::string_view message);

struct SchemasResult {
    int status = 200;
    json::Value body;  // null: no body (204)
    // Set for a blob payload (GetCodeBindingSource): the body as bytes, not JSON.
    std::string raw_content_type = {};
    std::string raw_body = {};
};

struct SchemasCall {
    SchemasShared& shared;
    std::map<std::string, std::string> labels;  // registryName, schemaName, schemaVersion (decoded)
    std::multimap<std::string, std::string> query;  // decoded
    json::Value body;                           // an object ({} when the call sent none)

    const std::string& label(const std::string& name) const { return labels.at(name); }
    // A string member of the body; nullopt when absent or null, BadRequest for another type.
    std::optional<std::string> body_string(std::string_view key) const;
    // The "tags" member: an object of strings ({} when absent).
    json::Value body_tags() const;
    // The first value of a query parameter.
    std::optional<std::string> query_string(const std::string& key) const;
    // Every value of a list query parameter, in order.
    std::vector<std::string> query_strings(const std::string& key) const;
    // The "limit" query parameter: a positive integer, 100 when absent.
    size_t limit() const;
};

// A page token: the name a page ended with (hex, so it is opaque and URL-safe).
std::string schemas_page_token(std::string_view last_name);
// The name to list after: "" without a token; BadRequest for a token we did not write.
std::string schemas_page_after(const std::optional<std::string>& token);

// "2026-01-31T12:00:00.000Z".
std::string iso_timestamp(int64_t epoch_ms);
int64_t now_ms();


// --- operations ---
namespace schemas {
SchemasResult create_registry(SchemasCall& call);
SchemasResult describe_registry(SchemasCall& call);
SchemasResult update_registry(SchemasCall& call);
SchemasResult delete_registry(SchemasCall& call);
SchemasResult list_registries(SchemasCall& call);
SchemasResult create_schema(SchemasCall& call);
SchemasResult describe_schema(SchemasCall& call);
SchemasResult update_schema(SchemasCall& call);
SchemasResult delete_schema(SchemasCall& call);
SchemasResult list_schemas(SchemasCall& call);
SchemasResult list_schema_versions(SchemasCall& call);
SchemasResult delete_schema_version(SchemasCall& call);
SchemasResult tag_resource(SchemasCall& call);
SchemasResult untag_resource(SchemasCall& call);
SchemasResult list_tags_for_resource(SchemasCall& call);
// code bindings and resource policies (code_bindings.cpp, policies.cpp)
SchemasResult put_code_binding(SchemasCall& call);
SchemasResult describe_code_binding(SchemasCall& call);
SchemasResult get_code_binding_source(SchemasCall& call);
SchemasResult put_resource_policy(SchemasCall& call);
SchemasResult get_resource_policy(SchemasCall& call);
SchemasResult delete_resource_policy(SchemasCall& call);
// What deleting a registry, a schema or one version takes with it.
store::Write delete_policy_write(const std::string& registry);
std::vector<store::Write> delete_code_bindings_writes(SchemasShared& shared, const std::string& registry,
                                                      const std::string& schema, const std::string& version = "");
// Schema discovery, search and export
SchemasResult create_discoverer(SchemasCall& call);
SchemasResult describe_discoverer(SchemasCall& call);
SchemasResult list_discoverers(SchemasCall& call);
SchemasResult update_discoverer(SchemasCall& call);
SchemasResult delete_discoverer(SchemasCall& call);
SchemasResult start_discoverer(SchemasCall& call);
SchemasResult stop_discoverer(SchemasCall& call);
SchemasResult get_discovered_schema(SchemasCall& call);
SchemasResult export_schema(SchemasCall& call);
SchemasResult search_schemas(SchemasCall& call);
}  // namespace schemas

}  // namespace stepwise::api
