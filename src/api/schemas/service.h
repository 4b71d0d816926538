// The Amazon EventBridge Schemas API (REST-JSON, paths under /v1/registries,
// and /tags/ for tagging) over an events::SchemaRegistry: registries and
// schemas, every version of each, kept in the store (document kinds
// "schema_registry" and "schema") so they survive a restart. The registry
// itself holds each schema's latest version, the one PutEvents checks events
// against.
//
//   events::SchemaRegistry schemas;
//   api::SchemasService service(store, schemas, {.scope = {"123456789012", "us-east-1"}});
//   service.load();                                   // once at start: stored schemas back into `schemas`
//   auto schemas_api = [&](Request r, Responder a) { service.handle(std::move(r), std::move(a)); };
//   router.add_rest("/v1/registries", schemas_api);
//   router.add_rest("/tags/", schemas_api);          // TagResource, UntagResource, ListTagsForResource
//   router.add_rest("/v1/discover", schemas_api);    // discoverers, GetDiscoveredSchema
//
// A schema checks the events of the source and detail-type its document pins
// (see events/schema/document.h), or that its tags "stepwise:source" and
// "stepwise:detail-type" name; one bound to none is kept and listed but checks
// nothing (a note goes to stderr). Schemas put in the registry by other means
// (SchemaRegistry::load_folder) are listed and described too, as version 1.
//
// Errors are rest-json's {"Code": ..., "Message": ...} with the model's status
// (BadRequestException 400, NotFoundException 404, ConflictException 409).
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api/http/request.h"
#include "aws/scope.h"
#include "events/schema/registry.h"
#include "json/value.h"
#include "store/store.h"

namespace stepwise::api {

struct SchemasOptions {
    aws::Scope scope;  // of the registry and schema ARNs
    // Schema discovery: told the buses with a started discoverer, whose events
    // are then to be handed to SchemasService::discover (events::EventTap::watch).
    std::function<void(std::set<std::string>)> watch_buses;
    // Whether the event bus of this name exists (CreateDiscoverer); unset: any does.
    std::function<bool(const std::string&)> bus_exists;
    // Whether the event bus of this name is encrypted with a customer managed
    // KMS key, on which CreateDiscoverer is refused; unset: none is.
    std::function<bool(const std::string&)> bus_has_customer_key;
};

struct SchemasShared;

class SchemasService {
public:
    SchemasService(store::Store& store, events::SchemaRegistry& registry, SchemasOptions options);
    ~SchemasService();
    SchemasService(const SchemasService&) = delete;
    SchemasService& operator=(const SchemasService&) = delete;

    // Registers the latest version of every stored schema, in the order those
    // versions were made (so of two schemas for one source and detail-type the
    // later checks events, as before the restart). Schemas that no longer compile are skipped
    // and their errors returned, one line each.
    std::vector<std::string> load();

    // Infers an event put on a bus with a started discoverer into its schema
    // in discovered-schemas (see api/schemas/discovery.h); from the
    // discovery thread. An event it cannot read is skipped with a note on stderr.
    void discover(const std::string& bus_name, const json::Value& event);

    // Whether the bus of this name has a discoverer, started or stopped
    // (UpdateEventBus refuses it a customer managed key).
    bool has_discoverer(const std::string& bus_name);

    // Answers one REST call, exactly once, on the calling thread.
    void handle(Request request, Responder respond);

private:
    std::unique_ptr<SchemasShared> shared_;
};

}  // namespace stepwise::api
