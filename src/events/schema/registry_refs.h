// `$ref`s from one schema to another schema of the same registry.
//
// AWS's schema registry documents no such references, so the forms are the
// ones JSON Schema gives a relative URI naming another local document: the
// other schema's name, optionally with ".json", then a fragment:
//   {"$ref": "Common#/definitions/Money"}            (JSON Schema)
//   {"$ref": "Common.json#/definitions/Money"}
//   {"$ref": "Common#/components/schemas/Money"}      (OpenAPI 3)
//   {"$ref": "Common"}                                (its root; an OpenAPI one's AWSEvent)
// They resolve against each schema's latest version when the referring schema
// compiles: the referenced documents are embedded in a copy of it (under
// kRegistryRefsKey) and the `$ref`s rewritten to point there, so valijson, the
// loop check (ref_cycles.h) and error messages see one document, and a loop
// across schemas is found like one inside a schema.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "events/schema/document.h"
#include "json/value.h"

namespace stepwise::events {

inline constexpr std::string_view kRegistryRefsKey = "x-stepwise-registry-schemas";

// Another schema's document as referring schemas see it (its validation root).
struct RegistryDocument {
    json::Value root;
    JsonSchemaDraft draft = JsonSchemaDraft::Draft4;
};
using RegistryDocuments = std::function<std::optional<RegistryDocument>(const std::string& name)>;

struct BundledDocument {
    json::Value root;                   // the document with the referenced schemas embedded
    std::set<std::string> references;  // every other schema embedded, directly or through another
    std::vector<std::string> embedded;  // their names by index under kRegistryRefsKey
};

// `root` (the validation root of schema `self_name`, of `draft`) with its
// `$ref`s to other schemas of the registry resolved through `documents`.
// Throws SchemaError naming the `$ref` and its place when it names a schema the
// registry does not have, a place that schema does not have, a schema of
// another draft, or a remote document (http:, urn:, ...), which is not fetched;
// and when more than 64 schemas, or more than 400,000 characters of them in
// all (as JSON), would be embedded.
BundledDocument bundle_registry_refs(const json::Value& root, JsonSchemaDraft draft, const std::string& self_name,
                                     const RegistryDocuments& documents);

// A loop's places as ref_cycles.h reports them, with embedded schemas named:
// "#/x-stepwise-registry-schemas/1/definitions/a" -> "Other#/definitions/a".
std::string name_bundled_places(const std::string& text, const BundledDocument& bundled);

}  // namespace stepwise::events
