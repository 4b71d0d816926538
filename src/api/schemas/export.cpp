// ExportSchema and GetDiscoveredSchema: a schema, or the schema inferred from
// sample events, in the form asked for (OpenApi3 or JSONSchemaDraft4, see
// events/schema/draft4_export.h).
#include <string>
#include <vector>

#include "api/schemas/names.h"
#include "api/schemas/records.h"
#include "api/schemas/register.h"
#include "aws/arn.h"
#include "events/schema/draft4_export.h"
#include "events/schema/error.h"
#include "events/schema/inference.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api::schemas {

namespace {

// The registry of AWS's own event schemas (the only other one ExportSchema serves).
constexpr const char* kAwsEventsRegistry = "aws.events";
constexpr size_t kMaxSampleEvents = 10;  // GetDiscoveredSchemaVersionItemInput list bounds

[[noreturn]] void forbidden(const std::string& message) { throw SchemasError(403, "ForbiddenException", message); }

// `content` (of `type`) in `wanted`.
std::string converted(const std::string& content, const std::string& type, const std::string& wanted,
                      const std::string& what) {
    if (type == wanted) return content;
    if (wanted == "OpenApi3") bad_request(what + " is a JSON Schema; it cannot be exported as OpenApi3");
    auto document = json::try_parse(content);
    if (!document) bad_request(what + " is not JSON");
    try {
        return json::dump(events::openapi_to_draft4(*document));
    } catch (const events::SchemaError& e) {
        bad_request(what + ": " + e.what());
    }
}

json::Value parsed_event(const json::Value& text, size_t index) {
    const std::string where = "Events[" + std::to_string(index) + "]";
    if (!text.is_string()) bad_request(where + " must be a string");
    check_schema_content(text.as_string());  // the same 1 to 100,000 characters
    std::string error;
    auto event = json::try_parse(text.as_string(), &error);
    if (!event) bad_request(where + " is not JSON: " + error);
    return std::move(*event);
}

bool is_envelope(const json::Value& event) {
    const json::Value* source = event.find("source");
    const json::Value* detail_type = event.find("detail-type");
    return source && source->is_string() && detail_type && detail_type->is_string() && event.find("detail");
}

// Events (envelopes of one source and detail-type) as discovery writes them;
// any other JSON as the component "Event".
json::Value inferred(const std::vector<json::Value>& samples) {
    bool envelopes = true;
    for (const json::Value& sample : samples) envelopes = envelopes && is_envelope(sample);
    if (envelopes) {
        events::DiscoveredShape shape = events::infer_event(samples.front());
        for (size_t i = 1; i < samples.size(); ++i) {
            events::DiscoveredShape next = events::infer_event(samples[i]);
            if (next.source != shape.source || next.detail_type != shape.detail_type)
                bad_request("Events must be of a single type: Events[" + std::to_string(i) + "] is " + next.source +
                            " / " + next.detail_type + ", Events[0] " + shape.source + " / " + shape.detail_type);
            shape.merge(next);
        }
        return events::discovered_openapi(shape);
    }
    events::Shape shape = events::Shape::of(samples.front());
    for (size_t i = 1; i < samples.size(); ++i) shape.merge(events::Shape::of(samples[i]));
    return events::plain_openapi(shape);
}

}  // namespace

// Exporting custom schemas is not supported (a note in
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema-registry.html):
// only discovered and AWS event schemas are exported.
SchemasResult export_schema(SchemasCall& call) {
    const std::string& registry = call.label("registryName");
    const std::string& name = call.label("schemaName");
    auto type = call.query_string("type");
    if (!type) bad_request("type is required");
    check_schema_type(*type);
    auto schema = find_schema(call.shared, registry, name);
    if (!schema) not_found(schema_missing_message(registry, name));
    if (registry != kDiscoveredRegistry && registry != kAwsEventsRegistry)
        forbidden("You cannot export non discovered or non aws managed schemas.");
    const SchemaVersionRecord* version = &schema->latest();
    if (auto wanted = call.query_string("schemaVersion")) {
        version = schema->find_version(*wanted);
        if (version == nullptr)
            not_found("Version " + *wanted + " of schema " + name + " does not exist in registry " + registry + ".");
    }
    std::string content = converted(version->content, version->type, *type, "schema " + registry + "/" + name);
    return {200, json::Value(json::Object{
                     {"Content", json::Value(std::move(content))},
                     {"SchemaArn", json::Value(aws::schema_arn(call.shared.options.scope, registry, name))},
                     {"SchemaName", json::Value(name)},
                     {"SchemaVersion", json::Value(version->version)},
                     {"Type", json::Value(*type)}})};
}

SchemasResult get_discovered_schema(SchemasCall& call) {
    for (const json::Member& member : call.body.as_object())
        if (member.name() != "Events" && member.name() != "Type")
            bad_request("Unknown member " + std::string(member.name()) + " in the request body");
    auto type = call.body_string("Type");
    if (!type) bad_request("Type is required");
    check_schema_type(*type);
    const json::Value* list = call.body.find("Events");
    if (list == nullptr || list->is_null()) bad_request("Events is required");
    if (!list->is_array() || list->size() == 0 || list->size() > kMaxSampleEvents)
        bad_request("Events must be a list of 1 to " + std::to_string(kMaxSampleEvents) + " JSON texts");
    std::vector<json::Value> samples;
    for (size_t i = 0; i < list->size(); ++i) samples.push_back(parsed_event(list->as_array()[i], i));

    json::Value openapi;
    try {
        openapi = inferred(samples);
    } catch (const events::SchemaError& e) {
        bad_request(e.what());
    }
    std::string content = converted(json::dump(openapi), "OpenApi3", *type, "the discovered schema");
    return {200, json::Value(json::Object{{"Content", json::Value(std::move(content))}})};
}

}  // namespace stepwise::api::schemas
