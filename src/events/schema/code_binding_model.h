// What a code binding declares, read from an event schema (JSON Schema or the
// registry's OpenAPI 3 form): one class per object schema reached from the
// event's `detail`, each property typed, and the package the classes live in
// (AWS's layout: schema/<source, split at dots>/<detail-type>/).
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema-code-bindings.html
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/schema/document.h"
#include "json/value.h"

namespace stepwise::events {

struct BindingType {
    enum class Kind { String, Integer, Number, Boolean, DateTime, Class, Array, Any };
    Kind kind = Kind::Any;
    std::string class_name;             // Class
    std::shared_ptr<BindingType> item;  // Array
};

struct BindingProperty {
    std::string json_name;    // as events carry it ("detail-type")
    std::string identifier;   // a name both Python and TypeScript take ("detail_type")
    BindingType type;
    bool required = false;  // present in every event (its value may still be null, when nullable)
    bool nullable = true;   // the schema's type lets it be null
};

struct BindingClass {
    std::string name;  // unique in the package whatever the case, a valid identifier
    std::vector<BindingProperty> properties;
};

struct BindingModel {
    std::vector<std::string> package;  // path segments: {"schema", "aws", "ec2", "ec2instancestatechange"}
    std::string detail_class;           // the class of `detail` (empty: detail is untyped)
    std::vector<BindingClass> classes;  // detail's and those it reaches, in a stable order
};

// Reads `document` (an event schema; `$ref`s resolve inside it). `binding`
// names the package; without one, the schema's name does. Unknown keywords
// and shapes with no single type (anyOf, oneOf, ...) read as Any.
BindingModel read_binding_model(const json::Value& document, const std::string& schema_name,
                                const std::optional<EventBinding>& binding);

// The event envelope's class, AWSEvent: detail (of detail_class), detail-type,
// resources, id, source, time (a date-time), region, version, account.
BindingClass envelope_binding_class(const BindingModel& model);

}  // namespace stepwise::events
