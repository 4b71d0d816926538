// CreateDiscoverer, DescribeDiscoverer, ListDiscoverers, UpdateDiscoverer,
// DeleteDiscoverer, StartDiscoverer, StopDiscoverer.
//
// A discoverer watches one event bus (its SourceArn); its id is the bus's
// (discoverer_id), so a bus has at most one. It starts STARTED. Deleting it
// keeps the schemas it discovered. Schema discovery is not supported on a bus
// encrypted with a customer managed key: CreateDiscoverer refuses one (and
// UpdateEventBus refuses such a key to a bus with a discoverer).
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-event-bus-cmkey.html
#include <initializer_list>
#include <string>
#include <string_view>

#include "api/schemas/discovery.h"
#include "api/schemas/names.h"
#include "aws/arn.h"

namespace stepwise::api::schemas {

namespace {

// A member the model does not have fails loudly rather than being ignored.
void check_members(const SchemasCall& call, std::initializer_list<std::string_view> known) {
    for (const json::Member& member : call.body.as_object()) {
        bool listed = false;
        for (std::string_view name : known) listed = listed || member.name() == name;
        if (!listed) bad_request("Unknown member " + std::string(member.name()) + " in the request body");
    }
}

std::optional<bool> body_bool(const SchemasCall& call, std::string_view key) {
    const json::Value* value = call.body.find(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_bool()) bad_request(std::string(key) + " must be a boolean");
    return value->as_bool();
}

// The bus a SourceArn names: arn:aws:events:<region>:<account>:event-bus/<name> of this server's scope.
std::string bus_of(const SchemasShared& shared, const std::string& source_arn) {
    const aws::Scope& scope = shared.options.scope;
    const std::string prefix = aws::event_bus_arn(scope, "");
    if (source_arn.size() < 20 || source_arn.size() > 1600)
        bad_request("SourceArn must be 20 to 1600 characters long");
    if (!source_arn.starts_with(prefix) || source_arn.size() == prefix.size())
        bad_request("SourceArn " + source_arn + " is not the ARN of an event bus of account " + scope.account +
                    " in " + scope.region + " (" + prefix + "<name>)");
    std::string bus = source_arn.substr(prefix.size());
    if (bus.find('/') != std::string::npos) bad_request("SourceArn " + source_arn + " is not an event bus ARN");
    return bus;
}

json::Value discoverer_json(const SchemasOptions& options, const DiscovererRecord& discoverer, bool with_description) {
    json::Object out;
    if (with_description && !discoverer.description.empty())
        out.set("Description", json::Value(discoverer.description));
    out.set("DiscovererArn", json::Value(aws::schema_discoverer_arn(options.scope, discoverer.id)));
    out.set("DiscovererId", json::Value(discoverer.id));
    out.set("SourceArn", json::Value(discoverer.source_arn));
    out.set("State", json::Value(discoverer.started ? "STARTED" : "STOPPED"));
    out.set("CrossAccount", json::Value(discoverer.cross_account));
    out.set("tags", discoverer.tags);
    return json::Value(std::move(out));
}

std::string discoverer_missing_message(const std::string& id) { return "Discoverer " + id + " does not exist."; }

DiscovererRecord existing_discoverer(SchemasCall& call) {
    const std::string& id = call.label("discovererId");
    auto discoverer = find_discoverer(call.shared, id);
    if (!discoverer) not_found(discoverer_missing_message(id));
    return std::move(*discoverer);
}

// Stores the change, then tells the tap which buses to watch.
void store_discoverer(SchemasShared& shared, const DiscovererRecord& discoverer) {
    shared.store.apply({put_discoverer_write(discoverer)});
    watch_discovered_buses(shared);
}

SchemasResult set_started(SchemasCall& call, bool started) {
    std::lock_guard lock(call.shared.control_plane);
    DiscovererRecord discoverer = existing_discoverer(call);
    discoverer.started = started;
    store_discoverer(call.shared, discoverer);
    return {200, json::Value(json::Object{{"DiscovererId", json::Value(discoverer.id)},
                                          {"State", json::Value(started ? "STARTED" : "STOPPED")}})};
}

}  // namespace

SchemasResult create_discoverer(SchemasCall& call) {
    check_members(call, {"Description", "SourceArn", "CrossAccount", "tags"});
    auto source_arn = call.body_string("SourceArn");
    if (!source_arn) bad_request("SourceArn is required");
    DiscovererRecord discoverer;
    discoverer.source_arn = *source_arn;
    discoverer.bus_name = bus_of(call.shared, *source_arn);
    discoverer.id = discoverer_id(discoverer.bus_name);
    discoverer.description = call.body_string("Description").value_or("");
    check_description(discoverer.description);
    discoverer.cross_account = body_bool(call, "CrossAccount").value_or(true);
    discoverer.tags = call.body_tags();
    if (call.shared.options.bus_exists && !call.shared.options.bus_exists(discoverer.bus_name))
        bad_request("Event bus " + discoverer.bus_name + " does not exist.");
    // AWS documents the refusal, not its error: BadRequestException, as the Schemas API answers a bad request.
    if (call.shared.options.bus_has_customer_key && call.shared.options.bus_has_customer_key(discoverer.bus_name))
        bad_request("Schema discovery is not supported for event buses encrypted using a customer managed key: event "
                    "bus " + discoverer.bus_name + " uses one. To enable schema discovery, use an AWS owned key.");

    std::lock_guard lock(call.shared.control_plane);
    if (find_discoverer(call.shared, discoverer.id))
        conflict("A discoverer for " + discoverer.source_arn + " already exists: " + discoverer.id + ".");
    store_discoverer(call.shared, discoverer);
    return {201, discoverer_json(call.shared.options, discoverer, true)};
}

SchemasResult describe_discoverer(SchemasCall& call) {
    return {200, discoverer_json(call.shared.options, existing_discoverer(call), true)};
}

SchemasResult list_discoverers(SchemasCall& call) {
    std::string id_prefix = call.query_string("discovererIdPrefix").value_or("");
    std::string arn_prefix = call.query_string("sourceArnPrefix").value_or("");
    size_t limit = call.limit();
    std::string after = schemas_page_after(call.query_string("nextToken"));

    json::Array page;
    std::string next;
    for (const DiscovererRecord& discoverer : all_discoverers(call.shared)) {
        if (!discoverer.id.starts_with(id_prefix) || !discoverer.source_arn.starts_with(arn_prefix)) continue;
        if (!after.empty() && discoverer.id <= after) continue;
        if (page.size() == limit) {
            next = schemas_page_token(page[page.size() - 1].find("DiscovererId")->as_string());
            break;
        }
        page.push_back(discoverer_json(call.shared.options, discoverer, false));
    }
    json::Object out{{"Discoverers", json::Value(std::move(page))}};
    if (!next.empty()) out.set("NextToken", json::Value(next));
    return {200, json::Value(std::move(out))};
}

SchemasResult update_discoverer(SchemasCall& call) {
    check_members(call, {"Description", "CrossAccount"});
    auto description = call.body_string("Description");
    if (description) check_description(*description);
    auto cross_account = body_bool(call, "CrossAccount");

    std::lock_guard lock(call.shared.control_plane);
    DiscovererRecord discoverer = existing_discoverer(call);
    if (description) discoverer.description = *description;
    if (cross_account) discoverer.cross_account = *cross_account;
    store_discoverer(call.shared, discoverer);
    return {200, discoverer_json(call.shared.options, discoverer, true)};
}

SchemasResult delete_discoverer(SchemasCall& call) {
    std::lock_guard lock(call.shared.control_plane);
    DiscovererRecord discoverer = existing_discoverer(call);
    call.shared.store.apply({delete_discoverer_write(discoverer.id)});
    watch_discovered_buses(call.shared);
    return {204, json::Value()};
}

SchemasResult start_discoverer(SchemasCall& call) { return set_started(call, true); }
SchemasResult stop_discoverer(SchemasCall& call) { return set_started(call, false); }

}  // namespace stepwise::api::schemas
