#include "api/schemas/discovery.h"

#include <algorithm>
#include <iostream>
#include <mutex>
#include <set>
#include <utility>

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

// A discovered schema's content is at most what CreateSchema takes
// (https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname.html).
constexpr size_t kMaxContentCharacters = 100000;
// Detail-types sharing one PascalCase name ("Order Created", "order-created") get a schema each.
constexpr int kMaxNameCandidates = 16;

// The schema's shape so far: what its latest version describes, when it is one discovery wrote.
std::optional<events::DiscoveredShape> shape_so_far(const SchemaRecord& schema) {
    auto document = json::try_parse(schema.latest().content);
    if (!document) return std::nullopt;
    return events::read_discovered_openapi(*document);
}

// Whether the schema's latest version pins another source or detail-type (its AWSEvent's x-amazon-events-*).
bool pinned_to_another(const SchemaRecord& schema, const events::DiscoveredShape& shape) {
    auto document = json::try_parse(schema.latest().content);
    const json::Value* components = document ? document->find("components") : nullptr;
    const json::Value* schemas = components ? components->find("schemas") : nullptr;
    const json::Value* envelope = schemas ? schemas->find("AWSEvent") : nullptr;
    if (envelope == nullptr) return false;
    const json::Value* source = envelope->find("x-amazon-events-source");
    const json::Value* detail_type = envelope->find("x-amazon-events-detail-type");
    if (source == nullptr || detail_type == nullptr || !source->is_string() || !detail_type->is_string()) return false;
    return source->as_string() != shape.source || detail_type->as_string() != shape.detail_type;
}

// The event's schema: "<source>@<PascalCase detail-type>", or, when another
// detail-type has that name, the first of "<name>2", "<name>3", ... that is
// this detail-type's or free. nullopt when kMaxNameCandidates are taken.
std::optional<std::pair<std::string, std::optional<SchemaRecord>>> schema_of(SchemasShared& shared,
                                                                             const events::DiscoveredShape& shape) {
    const std::string base = events::discovered_schema_name(shape);
    for (int n = 1; n <= kMaxNameCandidates; ++n) {
        std::string name = n == 1 ? base : base + std::to_string(n);
        auto schema = find_schema(shared, kDiscoveredRegistry, name);
        if (!schema || !pinned_to_another(*schema, shape)) return std::make_pair(std::move(name), std::move(schema));
    }
    return std::nullopt;
}

// Says once per schema name (and process) that discovery stopped adding to it.
void note_once(const std::string& name, const std::string& why) {
    static std::mutex mutex;
    static std::set<std::string> noted;
    std::lock_guard lock(mutex);
    if (noted.size() < 10000 && !noted.insert(name).second) return;
    std::cerr << "stepwise: schema discovery: " << kDiscoveredRegistry << "/" << name << ": " << why << "\n";
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
    const events::DiscoveredShape shape = events::infer_event(event);
    // The inference, reading and rendering happen outside control_plane (bounded by the
    // event's and the content's sizes); under it only a check that nothing changed since, and the write.
    for (int attempt = 0; attempt < 3; ++attempt) {
        {
            std::lock_guard lock(shared.control_plane);
            if (!discovers(shared, bus_name, event)) return;
        }
        auto found = schema_of(shared, shape);
        if (!found) {
            note_once(events::discovered_schema_name(shape),
                      std::to_string(kMaxNameCandidates) + " detail-types share this name; \"" + shape.detail_type +
                          "\" is not inferred");
            return;
        }
        auto& [name, schema] = *found;
        events::DiscoveredShape merged = shape;
        if (schema) {
            auto so_far = shape_so_far(*schema);
            if (so_far && so_far->source == shape.source && so_far->detail_type == shape.detail_type) {
                merged = *so_far;
                merged.merge(shape);
                if (events::same_document(merged.detail, so_far->detail)) return;  // a known shape
            }
        }
        std::string content = json::dump(events::discovered_openapi(merged));
        if (schema && schema->latest().content == content) return;
        if (content.size() > kMaxContentCharacters) {
            note_once(name, "the schema would exceed " + std::to_string(kMaxContentCharacters) +
                                " characters; events adding to it are not inferred");
            return;
        }

        std::lock_guard lock(shared.control_plane);
        if (!discovers(shared, bus_name, event)) return;
        auto current = find_schema(shared, kDiscoveredRegistry, name);
        const bool unchanged = schema ? current && current->next_version == schema->next_version &&
                                            current->last_modified_ms == schema->last_modified_ms
                                      : !current;
        if (!unchanged) continue;  // changed meanwhile (UpdateSchema, DeleteSchema): again with what is there now
        if (!find_registry(shared, kDiscoveredRegistry))
            put_registry(shared, RegistryRecord{kDiscoveredRegistry, "", json::Value(json::Object{})});
        if (!current) {
            current = SchemaRecord{};
            current->registry = kDiscoveredRegistry;
            current->name = name;
            current->discovered = true;
        }
        current->add_version("OpenApi3", std::move(content), now_ms());
        shared.store.apply({put_schema_write(*current)});
        return;
    }
}

}  // namespace stepwise::api
