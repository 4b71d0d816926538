#include "api/schemas/discovery.h"

#include <algorithm>
#include <set>

#include "api/schemas/records.h"
#include "api/schemas/register.h"
#include "events/schema/inference.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {

namespace {

constexpr const char* kDiscovererKind = "schema_discoverer";

std::string text_of(const json::Value& object, std::string_view key) {
    const json::Value* value = object.find(key);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

bool flag_of(const json::Value& object, std::string_view key) {
    const json::Value* value = object.find(key);
    return value != nullptr && value->is_bool() && value->as_bool();
}

std::optional<DiscovererRecord> discoverer_from(const store::Document& document) {
    auto body = json::try_parse(document.body);
    if (!body || !body->is_object()) return std::nullopt;
    DiscovererRecord discoverer;
    discoverer.id = text_of(*body, "DiscovererId");
    discoverer.source_arn = text_of(*body, "SourceArn");
    discoverer.bus_name = text_of(*body, "BusName");
    discoverer.description = text_of(*body, "Description");
    discoverer.started = flag_of(*body, "Started");
    discoverer.cross_account = flag_of(*body, "CrossAccount");
    if (const json::Value* tags = body->find("tags"); tags && tags->is_object()) discoverer.tags = *tags;
    return discoverer;
}

// The schema's shape so far: what its latest version describes, when it is one discovery wrote.
std::optional<events::DiscoveredShape> shape_so_far(const SchemaRecord& schema) {
    auto document = json::try_parse(schema.latest().content);
    if (!document) return std::nullopt;
    return events::read_discovered_openapi(*document);
}

// Whether the bus's discoverer takes the event (it may have stopped since the event was queued).
bool discovers(SchemasShared& shared, const std::string& bus_name, const json::Value& event) {
    auto discoverer = find_discoverer(shared, discoverer_id(bus_name));
    if (!discoverer || !discoverer->started) return false;
    const json::Value* account = event.find("account");
    return discoverer->cross_account ||
           (account && account->is_string() && account->as_string() == shared.options.scope.account);
}

}  // namespace

std::string discoverer_id(std::string_view bus_name) { return "events-event-bus-" + std::string(bus_name); }

std::optional<DiscovererRecord> find_discoverer(SchemasShared& shared, const std::string& id) {
    auto document = shared.store.get_document(kDiscovererKind, id);
    return document ? discoverer_from(*document) : std::nullopt;
}

std::vector<DiscovererRecord> all_discoverers(SchemasShared& shared) {
    std::vector<DiscovererRecord> discoverers;
    for (const auto& document : shared.store.list_documents(kDiscovererKind))
        if (auto discoverer = discoverer_from(document)) discoverers.push_back(std::move(*discoverer));
    std::sort(discoverers.begin(), discoverers.end(),
              [](const DiscovererRecord& a, const DiscovererRecord& b) { return a.id < b.id; });
    return discoverers;
}

store::Write put_discoverer_write(const DiscovererRecord& discoverer) {
    json::Value body(json::Object{{"DiscovererId", json::Value(discoverer.id)},
                                  {"SourceArn", json::Value(discoverer.source_arn)},
                                  {"BusName", json::Value(discoverer.bus_name)},
                                  {"Description", json::Value(discoverer.description)},
                                  {"Started", json::Value(discoverer.started)},
                                  {"CrossAccount", json::Value(discoverer.cross_account)},
                                  {"tags", discoverer.tags}});
    return store::PutDocument{store::Document{kDiscovererKind, discoverer.id, json::dump(body)}};
}

store::Write delete_discoverer_write(const std::string& id) { return store::DeleteDocument{kDiscovererKind, id}; }

void watch_discovered_buses(SchemasShared& shared) {
    if (!shared.options.watch_buses) return;
    std::set<std::string> buses;
    for (const DiscovererRecord& discoverer : all_discoverers(shared))
        if (discoverer.started) buses.insert(discoverer.bus_name);
    shared.options.watch_buses(std::move(buses));
}

void discover_event(SchemasShared& shared, const std::string& bus_name, const json::Value& event) {
    events::DiscoveredShape shape = events::infer_event(event);
    const std::string name = events::discovered_schema_name(shape);
    const int64_t now = now_ms();

    std::lock_guard lock(shared.control_plane);
    if (!discovers(shared, bus_name, event)) return;
    if (!find_registry(shared, kDiscoveredRegistry)) {
        RegistryRecord registry{kDiscoveredRegistry, "", json::Value(json::Object{})};
        put_registry(shared, registry);
    }
    auto schema = find_schema(shared, kDiscoveredRegistry, name);
    if (schema) {
        auto so_far = shape_so_far(*schema);
        if (so_far && so_far->source == shape.source && so_far->detail_type == shape.detail_type) {
            so_far->merge(shape);
            shape = std::move(*so_far);
        }
    } else {
        schema = SchemaRecord{};
        schema->registry = kDiscoveredRegistry;
        schema->name = name;
        schema->discovered = true;
    }
    std::string content = json::dump(events::discovered_openapi(shape));
    if (!schema->versions.empty() && schema->latest().content == content) return;
    schema->add_version("OpenApi3", std::move(content), now);
    shared.store.apply({put_schema_write(*schema)});
}

}  // namespace stepwise::api
