#include "api/schemas/service.h"

#include <algorithm>
#include <exception>
#include <iostream>

#include "api/http/aws_protocol.h"
#include "api/schemas/call.h"
#include "api/schemas/discovery.h"
#include "api/schemas/records.h"
#include "api/schemas/register.h"
#include "api/schemas/route.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {

namespace {

struct Operation {
    const char* method;
    const char* request_uri;  // as the botocore model writes it
    SchemasResult (*run)(SchemasCall&);
};

constexpr Operation kOperations[] = {
    {"GET", "/v1/registries", schemas::list_registries},
    {"POST", "/v1/registries/name/{registryName}", schemas::create_registry},
    {"GET", "/v1/registries/name/{registryName}", schemas::describe_registry},
    {"PUT", "/v1/registries/name/{registryName}", schemas::update_registry},
    {"DELETE", "/v1/registries/name/{registryName}", schemas::delete_registry},
    {"GET", "/v1/registries/name/{registryName}/schemas", schemas::list_schemas},
    {"POST", "/v1/registries/name/{registryName}/schemas/name/{schemaName}", schemas::create_schema},
    {"GET", "/v1/registries/name/{registryName}/schemas/name/{schemaName}", schemas::describe_schema},
    {"PUT", "/v1/registries/name/{registryName}/schemas/name/{schemaName}", schemas::update_schema},
    {"DELETE", "/v1/registries/name/{registryName}/schemas/name/{schemaName}", schemas::delete_schema},
    {"GET", "/v1/registries/name/{registryName}/schemas/name/{schemaName}/versions", schemas::list_schema_versions},
    {"DELETE", "/v1/registries/name/{registryName}/schemas/name/{schemaName}/version/{schemaVersion}",
     schemas::delete_schema_version},
    {"POST", "/tags/{resource-arn}", schemas::tag_resource},
    {"DELETE", "/tags/{resource-arn}", schemas::untag_resource},
    {"GET", "/tags/{resource-arn}", schemas::list_tags_for_resource},
    // code bindings and resource policies
    {"POST", "/v1/registries/name/{registryName}/schemas/name/{schemaName}/language/{language}",
     schemas::put_code_binding},
    {"GET", "/v1/registries/name/{registryName}/schemas/name/{schemaName}/language/{language}",
     schemas::describe_code_binding},
    {"GET", "/v1/registries/name/{registryName}/schemas/name/{schemaName}/language/{language}/source",
     schemas::get_code_binding_source},
    {"PUT", "/v1/policy", schemas::put_resource_policy},
    {"GET", "/v1/policy", schemas::get_resource_policy},
    {"DELETE", "/v1/policy", schemas::delete_resource_policy},
    // Schema discovery, search and export
    {"POST", "/v1/discoverers", schemas::create_discoverer},
    {"GET", "/v1/discoverers", schemas::list_discoverers},
    {"GET", "/v1/discoverers/id/{discovererId}", schemas::describe_discoverer},
    {"PUT", "/v1/discoverers/id/{discovererId}", schemas::update_discoverer},
    {"DELETE", "/v1/discoverers/id/{discovererId}", schemas::delete_discoverer},
    {"POST", "/v1/discoverers/id/{discovererId}/start", schemas::start_discoverer},
    {"POST", "/v1/discoverers/id/{discovererId}/stop", schemas::stop_discoverer},
    {"POST", "/v1/discover", schemas::get_discovered_schema},
    {"GET", "/v1/registries/name/{registryName}/schemas/name/{schemaName}/export", schemas::export_schema},
    {"GET", "/v1/registries/name/{registryName}/schemas/search", schemas::search_schemas},
};

Response answer(const SchemasResult& result) {
    if (!result.raw_content_type.empty()) return Response{result.status, result.raw_body, result.raw_content_type};
    if (result.body.is_null()) return Response{result.status, "", std::string(kRestJson)};
    return Response{result.status, json::dump(result.body), std::string(kRestJson)};
}

json::Value parse_body(const std::string& text) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return json::Value(json::Object{});
    std::string error;
    auto body = json::try_parse(text, &error);
    if (!body) bad_request("The request body is not JSON: " + error);
    if (!body->is_object()) bad_request("The request body must be a JSON object");
    return std::move(*body);
}

SchemasResult run(SchemasShared& shared, const Request& request) {
    for (const auto& operation : kOperations) {
        if (request.method != operation.method) continue;
        auto labels = match_request_uri(operation.request_uri, request.path);
        if (!labels) continue;
        SchemasCall call{shared, std::move(*labels), parse_query_string(request.query), parse_body(request.body)};
        return operation.run(call);
    }
    throw SchemasError(404, "UnknownOperationException",
                       "stepwise serves no Schemas operation at " + request.method + " " + request.path);
}

}  // namespace

SchemasService::SchemasService(store::Store& store, events::SchemaRegistry& registry, SchemasOptions options)
    : shared_(std::make_unique<SchemasShared>(store, registry, std::move(options))) {}

SchemasService::~SchemasService() = default;

std::vector<std::string> SchemasService::load() {
    std::lock_guard lock(shared_->control_plane);
    auto schemas = stored_schemas(*shared_);
    std::stable_sort(schemas.begin(), schemas.end(), [](const SchemaRecord& a, const SchemaRecord& b) {
        return a.latest().created_ms < b.latest().created_ms;
    });
    // In rounds, so a schema another refers to is registered first, whatever their ages.
    std::vector<std::string> problems;
    while (!schemas.empty()) {
        std::vector<SchemaRecord> failed;
        problems.clear();
        for (auto& schema : schemas) {
            try {
                register_schema_version(shared_->registry, schema, schema.latest());
            } catch (const std::exception& e) {
                problems.push_back(e.what());
                failed.push_back(std::move(schema));
            }
        }
        if (failed.size() == schemas.size()) break;
        schemas = std::move(failed);
    }
    watch_discovered_buses(*shared_);
    return problems;
}

void SchemasService::discover(const std::string& bus_name, const json::Value& event) {
    try {
        discover_event(*shared_, bus_name, event);
    } catch (const std::exception& e) {
        const json::Value* id = event.find("id");
        std::cerr << "stepwise: schema discovery skipped event " << (id && id->is_string() ? id->as_string() : "")
                  << ": " << e.what() << "\n";
    }
}

bool SchemasService::has_discoverer(const std::string& bus_name) {
    return find_discoverer(*shared_, discoverer_id(bus_name)).has_value();
}

void SchemasService::handle(Request request, Responder respond) {
    Response response;
    try {
        response = answer(run(*shared_, request));
    } catch (const SchemasError& e) {
        response = schemas_error_response(e.status(), e.code(), e.what());
    } catch (const std::exception& e) {  // the store failed: nothing was changed
        response = schemas_error_response(500, "InternalServerErrorException", e.what());
    }
    respond(std::move(response));
}

}  // namespace stepwise::api
