// The event schema registry of the local EventBridge bus: JSON Schemas (draft 3,
// 4, 6/7) and AWS schema registry OpenAPI 3 documents, each bound to the events
// of one (source, detail-type), checked against whole EventBridge events
// (version, id, detail-type, source, account, time, region, resources, detail).
//
// check() may run on many threads at once; add() and load_folder() take a
// writer lock and compile outside it.
//
// Numbers: under draft 3/4 and OpenApi3 an `integer` is written without
// fraction or exponent (1.0 is not one); under draft 6/7 any whole number is.
// `format` checks every format the draft (or OpenAPI 3.0) defines (format_checks.h).
// Remote `$ref`s (other documents) are not fetched: such a schema does not compile.
// `$ref`s to other schemas of the same registry ("Other#/definitions/X", see
// registry_refs.h) resolve against their latest versions; a change to a schema
// others refer to compiles those again, and is refused if one no longer would.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "events/schema/document.h"
#include "events/schema/error.h"
#include "events/schema/violation.h"
#include "json/value.h"

namespace stepwise::events {

struct SchemaCheck {
    bool has_schema = false;      // some schema is bound to the event's source and detail-type
    std::string schema_name;      // "<registry>/<name>" of that schema
    std::string registry;         // of that schema, apart
    std::string name;
    std::string version;
    std::vector<SchemaViolation> violations;  // empty when the event fits (or has no schema)
    bool ok() const { return violations.empty(); }
};

// What the Schemas API lists and describes.
struct SchemaInfo {
    std::string registry_name;
    std::string schema_name;
    std::string content;  // the document's text as given (or as compact JSON when given parsed)
    SchemaType type = SchemaType::JsonSchemaDraft4;
    JsonSchemaDraft draft = JsonSchemaDraft::Draft4;
    std::string version;  // "1", then "2", ... each time the same name is added again
    std::chrono::system_clock::time_point last_modified;
    std::string source;
    std::string detail_type;
};

class SchemaRegistry {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    SchemaRegistry();
    explicit SchemaRegistry(Clock clock);
    ~SchemaRegistry();
    SchemaRegistry(const SchemaRegistry&) = delete;
    SchemaRegistry& operator=(const SchemaRegistry&) = delete;

    // Adds (or replaces, bumping its version) a schema, bound to the source and
    // detail-type the document pins (see describe_schema_document). Throws
    // SchemaError naming "<registry>/<name>" when it does not compile or pins
    // no binding. A later schema for the same binding takes it over.
    void add(std::string registry, std::string name, const json::Value& schema_document);
    // The same with the binding given (needed when the document pins none).
    void add(std::string registry, std::string name, const json::Value& schema_document, EventBinding binding);
    // Keeps `content_text` as the content the Schemas API shows. With
    // Unbound::Keep, a schema bound to no events is kept (other schemas may
    // refer to it) but checks no events.
    enum class Unbound { Refuse, Keep };
    void add_text(std::string registry, std::string name, std::string content_text,
                  std::optional<EventBinding> binding = std::nullopt, Unbound unbound = Unbound::Refuse);

    // Every `*.json` in `folder` (not recursive, in name order; one another
    // refers to is added first, whatever its name), one schema each,
    // named by the file's stem, in registry `registry`, bound as the folder's
    // bindings.json says (events/schema/bindings.h) or as the document pins.
    // Throws SchemaError naming the file for a bad bindings.json (then nothing
    // is added) or the first file that does not parse, compile or bind; the
    // files before it stay added.
    void load_folder(const std::filesystem::path& folder, const std::string& registry = "discovered-schemas");

    // Checks a whole EventBridge event against the schema bound to its `source`
    // and `detail-type`. No schema: has_schema false, no violations.
    SchemaCheck check(const json::Value& event) const;

    std::vector<SchemaInfo> list() const;  // by registry, then name
    std::optional<SchemaInfo> describe(const std::string& registry, const std::string& name) const;
    bool remove(const std::string& registry, const std::string& name);

    // The schemas of `registry` that refer to `name` (directly or through
    // another), by name.
    std::vector<std::string> dependants(const std::string& registry, const std::string& name) const;
    // `schema_document` (of schema `name`) as it is compiled: its validation root
    // with the schemas of `registry` it refers to embedded (registry_refs.h).
    // Throws SchemaError as add() does.
    json::Value with_registry_refs(const std::string& registry, const std::string& name,
                                   const json::Value& schema_document) const;

private:
    struct Compiled;
    void add_document(std::string registry, std::string name, const json::Value& document, std::string content_text,
                      std::optional<EventBinding> binding, Unbound unbound = Unbound::Refuse);
    void store(std::shared_ptr<Compiled> compiled, const std::vector<std::shared_ptr<Compiled>>& recompiled);
    // The registry's schemas, by name (a copy taken under the lock).
    std::map<std::string, std::shared_ptr<const Compiled>> registry_snapshot(const std::string& registry) const;

    Clock clock_;
    std::mutex write_mutex_;  // one change at a time: dependants compile against what is stored
    mutable std::shared_mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const Compiled>> by_name_;
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const Compiled>> by_binding_;
};

}  // namespace stepwise::events
