// Schema discovery: what events of one source and detail-type look like,
// inferred from the events themselves, in the OpenAPI 3 form EventBridge's
// schema discovery writes (the example in
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schemas-infer-from-json.html):
//
//   components.schemas.AWSEvent   the envelope, x-amazon-events-source / -detail-type,
//                                 "detail": {"$ref": "#/components/schemas/<Title>"}
//   components.schemas.<Title>    the detail object (Title: the detail-type in PascalCase)
//   components.schemas.<Name>     each nested object, named after its property
//
// Every member seen in every event is required; a string is `date-time` when
// every value seen was an RFC 3339 date-time; an integer beyond 32 bits is
// `format: int64`, a number with a fraction `number`; a member seen only as
// null, or with values of different types, is `{}` (anything); one also seen
// as null is `nullable` (an object's component is, each describing one place).
//
//   auto shape = events::infer_event(event);                 // throws SchemaError
//   shape.merge(events::infer_event(other_event));           // the union of both
//   json::Value openapi = events::discovered_openapi(shape);
//   auto again = events::read_discovered_openapi(openapi);   // the same shape back
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "json/value.h"

namespace stepwise::events {

// AWS ignores events nested deeper than this (the GetDiscoveredSchema reference,
// https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-discover.html).
inline constexpr int kMaxDiscoveryDepth = 255;

// What the values seen at one place had in common.
struct Shape {
    enum Kind : unsigned { Null = 1, Boolean = 2, Integer = 4, Number = 8, String = 16, Array = 32, Object = 64 };
    unsigned kinds = 0;       // the kinds seen
    bool anything = false;    // read back from `{}`: unconstrained, whatever comes later
    bool all_date_times = true;  // every String seen was an RFC 3339 date-time
    bool wide_integer = false;   // an Integer beyond 32 bits was seen
    std::map<std::string, Shape> properties;  // Object: every member seen
    std::set<std::string> required;           // Object: members present every time
    std::unique_ptr<Shape> items;             // Array: every element seen (none: only empty arrays)

    Shape() = default;
    Shape(const Shape& other);
    Shape& operator=(const Shape& other);
    Shape(Shape&&) noexcept = default;
    Shape& operator=(Shape&&) noexcept = default;

    // The shape of `value`; SchemaError when nested deeper than kMaxDiscoveryDepth.
    static Shape of(const json::Value& value);
    // Widens this shape to also describe every value `other` describes.
    void merge(const Shape& other);
};

// The shape of one source and detail-type's events: the detail's.
struct DiscoveredShape {
    std::string source;
    std::string detail_type;
    Shape detail;

    void merge(const DiscoveredShape& other) { detail.merge(other.detail); }
};

// Whether the two shapes give the same document (discovered_openapi, plain_openapi).
bool same_document(const Shape& a, const Shape& b);

// Reads an event envelope: SchemaError unless it is an object with string
// `source` and `detail-type` and a `detail`, nested at most kMaxDiscoveryDepth.
DiscoveredShape infer_event(const json::Value& event);

// "Step Functions Execution Status Change" -> "StepFunctionsExecutionStatusChange".
std::string pascal_case(std::string_view text);

// The name discovery gives the schema: "<source>@<PascalCase detail-type>".
std::string discovered_schema_name(const DiscoveredShape& shape);

// The OpenAPI 3 document; the same shape always gives the same document.
json::Value discovered_openapi(const DiscoveredShape& shape);

// The OpenAPI 3 document of JSON that is not an event envelope, as
// GetDiscoveredSchema answers for one: the value is component "Event"
// (https://docs.aws.amazon.com/cli/latest/reference/schemas/get-discovered-schema.html).
json::Value plain_openapi(const Shape& shape);

// The shape a discovered_openapi document describes; nullopt for a document
// it did not write (no AWSEvent pinning a source and detail-type, or one whose
// `$ref`s expand past 100,000 shapes). Each component is read once; a
// component referring to itself reads as anything there.
std::optional<DiscoveredShape> read_discovered_openapi(const json::Value& document);

}  // namespace stepwise::events
