// An OpenAPI 3 event schema as JSON Schema draft-04 (events/schema/draft4_export.h).
#include <gtest/gtest.h>

#include "events/schema/draft4_export.h"
#include "events/schema/error.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

TEST(SchemaDraft4Export, EnvelopeIsRootAndComponentsAreDefinitions) {
    json::Value openapi = json::parse(R"({"openapi":"3.0.0","info":{"title":"OrderPlaced","version":"1.0.0"},
      "components":{"schemas":{
        "AWSEvent":{"type":"object","x-amazon-events-source":"shop","required":["detail"],
                    "properties":{"detail":{"$ref":"#/components/schemas/OrderPlaced"}}},
        "OrderPlaced":{"type":"object","properties":{"note":{"type":"string","nullable":true,"example":"x"},
                       "items":{"type":"array","items":{"$ref":"#/components/schemas/Item"}}}},
        "Item":{"type":"object","properties":{"sku":{"type":"string"}}}}}})");
    json::Value expected = json::parse(R"({"$schema":"http://json-schema.org/draft-04/schema#","title":"AWSEvent",
      "type":"object","x-amazon-events-source":"shop","required":["detail"],
      "properties":{"detail":{"$ref":"#/definitions/OrderPlaced"}},
      "definitions":{
        "OrderPlaced":{"type":"object","properties":{"note":{"type":["string","null"]},
                       "items":{"type":"array","items":{"$ref":"#/definitions/Item"}}}},
        "Item":{"type":"object","properties":{"sku":{"type":"string"}}}}})");
    EXPECT_EQ(json::dump(openapi_to_draft4(openapi)), json::dump(expected));
}

TEST(SchemaDraft4Export, NeedsARootSchema) {
    EXPECT_THROW(openapi_to_draft4(json::parse(R"({"openapi":"3.0.0"})")), SchemaError);
    EXPECT_THROW(openapi_to_draft4(json::parse(R"({"components":{"schemas":{"X":{}}}})")), SchemaError);
}

}  // namespace
}  // namespace stepwise::events
