#include "events/schema/registry.h"

#include "events/schema/compiler.h"  // first: prepares valijson's headers

#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "events/schema/bindings.h"
#include "events/schema/registry_refs.h"
#include "json/parse.h"
#include "json/pointer.h"
#include "json/write.h"

namespace stepwise::events {

struct SchemaRegistry::Compiled {
    SchemaInfo info;
    SchemaDocument document;  // its validation_root with the schemas it refers to embedded
    json::Value own_root;     // the validation root as written, which other schemas embed
    std::set<std::string> references;  // the registry's schemas it embeds
    valijson::Schema schema;
    bool uses_pattern_properties = false;
};

namespace {

std::string place(const std::string& registry, const std::string& name) { return registry + "/" + name; }

// valijson matches `patternProperties` against property names with std::regex,
// which recurses once per character: past this length a name is not handed to it.
constexpr size_t kMaxPatternPropertyName = 256;

bool has_pattern_properties(const json::Value& node) {
    if (node.is_array()) {
        for (const json::Value& item : node.as_array())
            if (has_pattern_properties(item)) return true;
    } else if (node.is_object()) {
        for (const json::Member& member : node.as_object()) {
            if (member.name() == "patternProperties" && member.value.is_object() && member.value.size() > 0) return true;
            if (has_pattern_properties(member.value)) return true;
        }
    }
    return false;
}

// The place of the first property name longer than kMaxPatternPropertyName.
std::optional<std::string> overlong_property_name(const json::Value& node, const std::string& pointer) {
    if (node.is_array()) {
        for (size_t i = 0; i < node.size(); ++i)
            if (auto found = overlong_property_name(node.as_array()[i], json::pointer_child(pointer, i))) return found;
    } else if (node.is_object()) {
        for (const json::Member& member : node.as_object()) {
            if (member.name().size() > kMaxPatternPropertyName) return pointer;
            if (auto found = overlong_property_name(member.value, json::pointer_child(pointer, member.name()))) return found;
        }
    }
    return std::nullopt;
}

// Resolves `$ref`s to the registry's other schemas through `documents`, then compiles.
template <typename Compiled>
void compile_with_registry(Compiled& compiled, const std::string& name, const RegistryDocuments& documents) {
    BundledDocument bundled = bundle_registry_refs(compiled.own_root, compiled.document.draft, name, documents);
    compiled.references = std::move(bundled.references);
    compiled.document.validation_root = bundled.root;
    try {
        compile_schema(compiled.document.validation_root, compiled.document.draft, format_vocabulary(compiled.document),
                       compiled.schema);
    } catch (const SchemaError& e) {
        throw SchemaError(name_bundled_places(e.what(), bundled));
    }
    compiled.uses_pattern_properties = has_pattern_properties(compiled.document.validation_root);
}

std::string string_field(const json::Value& event, std::string_view key) {
    const json::Value* value = event.find(key);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

SchemaRegistry::SchemaRegistry() : SchemaRegistry(&std::chrono::system_clock::now) {}
SchemaRegistry::SchemaRegistry(Clock clock) : clock_(std::move(clock)) {}
SchemaRegistry::~SchemaRegistry() = default;

void SchemaRegistry::add(std::string registry, std::string name, const json::Value& schema_document) {
    add_document(std::move(registry), std::move(name), schema_document, json::dump(schema_document), std::nullopt);
}

void SchemaRegistry::add(std::string registry, std::string name, const json::Value& schema_document,
                         EventBinding binding) {
    add_document(std::move(registry), std::move(name), schema_document, json::dump(schema_document),
                 std::move(binding));
}

void SchemaRegistry::add_text(std::string registry, std::string name, std::string content_text,
                              std::optional<EventBinding> binding, Unbound unbound) {
    json::Value document;
    try {
        document = json::parse(content_text);
    } catch (const json::ParseError& e) {
        throw SchemaError("schema " + place(registry, name) + " is not JSON: " + e.what());
    }
    add_document(std::move(registry), std::move(name), document, std::move(content_text), std::move(binding),
                 unbound);
}

std::map<std::string, std::shared_ptr<const SchemaRegistry::Compiled>> SchemaRegistry::registry_snapshot(
    const std::string& registry) const {
    std::shared_lock lock(mutex_);
    std::map<std::string, std::shared_ptr<const Compiled>> schemas;
    for (auto it = by_name_.lower_bound({registry, ""}); it != by_name_.end() && it->first.first == registry; ++it)
        schemas.emplace(it->first.second, it->second);
    return schemas;
}

void SchemaRegistry::add_document(std::string registry, std::string name, const json::Value& document,
                                  std::string content_text, std::optional<EventBinding> binding, Unbound unbound) {
    std::lock_guard writing(write_mutex_);
    auto compiled = std::make_shared<Compiled>();
    const std::string where = place(registry, name);
    const auto siblings = registry_snapshot(registry);
    const std::string self = name;
    // The registry's documents as they will be once this schema is added.
    const RegistryDocuments documents = [&](const std::string& other) -> std::optional<RegistryDocument> {
        if (other == self) return RegistryDocument{compiled->own_root, compiled->document.draft};
        auto found = siblings.find(other);
        if (found == siblings.end()) return std::nullopt;
        return RegistryDocument{found->second->own_root, found->second->document.draft};
    };
    try {
        compiled->document = describe_schema_document(document);
        compiled->own_root = compiled->document.validation_root;
        compile_with_registry(*compiled, name, documents);
    } catch (const SchemaError& e) {
        throw SchemaError("schema " + where + ": " + e.what());
    } catch (const std::exception& e) {
        // valijson's own words, e.g. "Expected boolean value for 'uniqueItems' constraint."
        throw SchemaError("schema " + where + " does not compile: " + e.what());
    }
    const std::optional<EventBinding>& pinned = compiled->document.binding;
    // A binding the document contradicts describes events no event could be valid for.
    if (binding && pinned && (binding->source != pinned->source || binding->detail_type != pinned->detail_type))
        throw SchemaError("schema " + where + " is bound to source '" + binding->source + "' and detail-type '" +
                          binding->detail_type + "', but the document pins source '" + pinned->source +
                          "' and detail-type '" + pinned->detail_type + "'");
    if (!binding) binding = pinned;
    if (!binding && unbound == Unbound::Refuse)
        throw SchemaError("schema " + where +
                          " does not say which events it describes: pin properties.source and "
                          "properties.detail-type (const, a one-value enum, default, or "
                          "x-amazon-events-source / x-amazon-events-detail-type), or give them explicitly");

    SchemaInfo& info = compiled->info;
    info.registry_name = std::move(registry);
    info.schema_name = std::move(name);
    info.content = std::move(content_text);
    info.type = compiled->document.type;
    info.draft = compiled->document.draft;
    if (binding) {
        info.source = std::move(binding->source);
        info.detail_type = std::move(binding->detail_type);
    }

    // The schemas that refer to this one, compiled again against this version.
    std::vector<std::shared_ptr<Compiled>> recompiled;
    for (const auto& [other, sibling] : siblings) {
        if (other == info.schema_name || sibling->references.count(info.schema_name) == 0) continue;
        auto again = std::make_shared<Compiled>();
        again->info = sibling->info;
        again->document = sibling->document;
        again->own_root = sibling->own_root;
        try {
            compile_with_registry(*again, other, documents);
        } catch (const std::exception& e) {
            throw SchemaError("schema " + where + ": schema " + place(info.registry_name, other) +
                              " refers to it and would no longer compile: " + e.what());
        }
        recompiled.push_back(std::move(again));
    }
    store(std::move(compiled), recompiled);
}

void SchemaRegistry::store(std::shared_ptr<Compiled> compiled,
                           const std::vector<std::shared_ptr<Compiled>>& recompiled) {
    Compiled& fresh = *compiled;  // not visible to check() until stored below
    const auto name_key = std::make_pair(fresh.info.registry_name, fresh.info.schema_name);
    const auto binding_key = std::make_pair(fresh.info.source, fresh.info.detail_type);

    std::unique_lock lock(mutex_);
    for (const auto& again : recompiled) {
        auto slot = by_name_.find({again->info.registry_name, again->info.schema_name});
        if (slot == by_name_.end()) continue;
        auto bound = by_binding_.find({again->info.source, again->info.detail_type});
        if (bound != by_binding_.end() && bound->second == slot->second) bound->second = again;
        slot->second = again;
    }
    fresh.info.last_modified = clock_();
    fresh.info.version = "1";
    if (auto previous = by_name_.find(name_key); previous != by_name_.end()) {
        fresh.info.version = std::to_string(std::stoll(previous->second->info.version) + 1);
        const auto& old = previous->second->info;
        auto old_binding = by_binding_.find({old.source, old.detail_type});
        if (old_binding != by_binding_.end() && old_binding->second == previous->second) by_binding_.erase(old_binding);
    }
    const bool bound = !fresh.info.source.empty() || !fresh.info.detail_type.empty();
    by_name_[name_key] = compiled;
    if (bound) by_binding_[binding_key] = std::move(compiled);
}

void SchemaRegistry::load_folder(const std::filesystem::path& folder, const std::string& registry) {
    std::vector<std::filesystem::path> files;
    try {
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            if (entry.is_regular_file() && entry.path().extension() == ".json" &&
                entry.path().filename() != kSchemaBindingsFile)
                files.push_back(entry.path());
        }
    } catch (const std::filesystem::filesystem_error& e) {
        throw SchemaError("cannot read schema folder " + folder.string() + ": " + e.code().message());
    }
    std::sort(files.begin(), files.end());
    const std::map<std::string, EventBinding> bindings = read_schema_bindings(folder);
    // In rounds, so a schema another refers to is added first: each round adds
    // what it can; a round that adds nothing reports the first failure.
    while (!files.empty()) {
        std::vector<std::filesystem::path> failed;
        std::optional<SchemaError> first_error;
        for (const auto& file : files) {
            std::optional<EventBinding> binding;
            if (auto bound = bindings.find(file.filename().string()); bound != bindings.end()) binding = bound->second;
            try {
                add_text(registry, file.stem().string(), json::read_file(file.string()), std::move(binding));
            } catch (const std::exception& e) {
                if (!first_error) first_error.emplace(file.string() + ": " + e.what());
                failed.push_back(file);
            }
        }
        if (failed.size() == files.size()) throw *first_error;
        files = std::move(failed);
    }
}

SchemaCheck SchemaRegistry::check(const json::Value& event) const {
    SchemaCheck result;
    std::shared_ptr<const Compiled> compiled;
    {
        std::shared_lock lock(mutex_);
        auto found = by_binding_.find({string_field(event, "source"), string_field(event, "detail-type")});
        if (found == by_binding_.end()) return result;
        compiled = found->second;
    }
    result.has_schema = true;
    result.schema_name = place(compiled->info.registry_name, compiled->info.schema_name);
    result.registry = compiled->info.registry_name;
    result.name = compiled->info.schema_name;
    result.version = compiled->info.version;

    if (compiled->uses_pattern_properties) {
        if (auto place = overlong_property_name(event, "")) {
            result.violations.push_back({*place, "patternProperties",
                                         (place->empty() ? std::string("event") : *place) +
                                             ": has a property name longer than " +
                                             std::to_string(kMaxPatternPropertyName) +
                                             " bytes, which the schema's patternProperties cannot check (patternProperties)"});
            return result;
        }
    }

    // A Validator keeps a regex cache (`pattern` itself is ours, pattern.h)
    // and is not thread-safe: one per thread.
    thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    bool valid = false;
    try {
        valid = validator.validate(compiled->schema,
                                   SchemaJsonAdapter(event, integer_reading(compiled->document.draft)), &results);
    } catch (const std::exception& e) {
        // Not expected (schemas compiled, formats are ours), but a check must not throw.
        result.violations.push_back({"", "schema", std::string("event: could not be checked: ") + e.what() + " (schema)"});
        return result;
    }
    result.violations = describe_violations(results, compiled->document.validation_root, event);
    if (!valid && result.violations.empty())
        result.violations.push_back({"", "schema", "event: does not match the schema (schema)"});
    return result;
}

std::vector<SchemaInfo> SchemaRegistry::list() const {
    std::shared_lock lock(mutex_);
    std::vector<SchemaInfo> infos;
    infos.reserve(by_name_.size());
    for (const auto& [key, compiled] : by_name_) infos.push_back(compiled->info);
    return infos;
}

std::optional<SchemaInfo> SchemaRegistry::describe(const std::string& registry, const std::string& name) const {
    std::shared_lock lock(mutex_);
    auto found = by_name_.find({registry, name});
    if (found == by_name_.end()) return std::nullopt;
    return found->second->info;
}

std::vector<std::string> SchemaRegistry::dependants(const std::string& registry, const std::string& name) const {
    std::vector<std::string> names;
    for (const auto& [other, compiled] : registry_snapshot(registry))
        if (other != name && compiled->references.count(name) > 0) names.push_back(other);
    return names;
}

json::Value SchemaRegistry::with_registry_refs(const std::string& registry, const std::string& name,
                                               const json::Value& schema_document) const {
    const auto siblings = registry_snapshot(registry);
    const SchemaDocument described = describe_schema_document(schema_document);
    const RegistryDocuments documents = [&](const std::string& other) -> std::optional<RegistryDocument> {
        auto found = siblings.find(other);
        if (found == siblings.end()) return std::nullopt;
        return RegistryDocument{found->second->own_root, found->second->document.draft};
    };
    return bundle_registry_refs(described.validation_root, described.draft, name, documents).root;
}

bool SchemaRegistry::remove(const std::string& registry, const std::string& name) {
    std::lock_guard writing(write_mutex_);
    std::unique_lock lock(mutex_);
    auto found = by_name_.find({registry, name});
    if (found == by_name_.end()) return false;
    const auto& info = found->second->info;
    auto binding = by_binding_.find({info.source, info.detail_type});
    if (binding != by_binding_.end() && binding->second == found->second) by_binding_.erase(binding);
    by_name_.erase(found);
    return true;
}

}  // namespace stepwise::events
