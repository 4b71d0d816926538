#include "events/schema/bindings.h"

#include <algorithm>
#include <exception>
#include <set>
#include <utility>

#include "events/schema/error.h"
#include "json/parse.h"
#include "json/pointer.h"

namespace stepwise::events {

namespace {

constexpr std::string_view kKeys[] = {"source", "detailType", "schema"};

class BindingsReader {
public:
    explicit BindingsReader(std::filesystem::path folder)
        : folder_(std::move(folder)), file_(folder_ / kSchemaBindingsFile) {}

    std::map<std::string, EventBinding> read() {
        json::Value document;
        try {
            document = json::parse_file(file_.string());
        } catch (const std::exception& e) {
            fail("", e.what());
        }
        if (!document.is_array())
            fail("", "must be an array of {\"source\", \"detailType\", \"schema\"}, not " +
                         std::string(json::kind_name(document.kind())));
        for (size_t i = 0; i < document.size(); ++i) read_entry(document.as_array()[i], json::pointer_child("", i));
        return std::move(bindings_);
    }

private:
    [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
        throw SchemaError(file_.string() + (pointer.empty() ? "" : " at " + pointer) + ": " + message);
    }

    std::string text(const json::Value& entry, const std::string& pointer, std::string_view key) const {
        const json::Value* value = entry.find(key);
        if (!value) fail(pointer, "missing \"" + std::string(key) + "\"");
        if (!value->is_string() || value->as_string().empty())
            fail(json::pointer_child(pointer, key), "must be a non-empty string");
        return std::string(value->as_string());
    }

    void read_entry(const json::Value& entry, const std::string& pointer) {
        if (!entry.is_object()) fail(pointer, "must be an object, not " + std::string(json::kind_name(entry.kind())));
        for (const json::Member& member : entry.as_object()) {
            if (std::find(std::begin(kKeys), std::end(kKeys), member.name()) == std::end(kKeys))
                fail(json::pointer_child(pointer, member.name()),
                     "unknown key \"" + std::string(member.name()) + "\" (known: source, detailType, schema)");
        }
        EventBinding binding{text(entry, pointer, "source"), text(entry, pointer, "detailType")};
        std::string schema = text(entry, pointer, "schema");
        const std::string schema_pointer = json::pointer_child(pointer, "schema");

        std::filesystem::path schema_path(schema);
        if (schema_path.filename() != schema_path || schema_path.extension() != ".json" ||
            schema == kSchemaBindingsFile)
            fail(schema_pointer, "\"" + schema + "\" is not the name of a *.json schema file of this folder");
        if (!std::filesystem::is_regular_file(folder_ / schema_path))
            fail(schema_pointer, "no schema file \"" + schema + "\" in " + folder_.string());
        if (bindings_.count(schema)) fail(schema_pointer, "schema \"" + schema + "\" is bound twice");
        if (!events_.insert({binding.source, binding.detail_type}).second)
            fail(pointer, "source \"" + binding.source + "\" and detailType \"" + binding.detail_type +
                              "\" are bound twice");
        bindings_.emplace(std::move(schema), std::move(binding));
    }

    std::filesystem::path folder_, file_;
    std::map<std::string, EventBinding> bindings_;
    std::set<std::pair<std::string, std::string>> events_;
};

}  // namespace

std::map<std::string, EventBinding> read_schema_bindings(const std::filesystem::path& folder) {
    if (!std::filesystem::exists(folder / kSchemaBindingsFile)) return {};
    return BindingsReader(folder).read();
}

}  // namespace stepwise::events
