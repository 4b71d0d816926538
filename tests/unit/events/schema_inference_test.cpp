// Schema discovery's inference (events/schema/inference.h): the OpenAPI 3
// document AWS writes for an event, types, nesting, arrays, nulls, mixed
// types, the union of shapes, and its bounds.
#include <gtest/gtest.h>

#include <string>

#include "events/schema/draft4_export.h"
#include "events/schema/error.h"
#include "events/schema/inference.h"
#include "json/parse.h"
#include "json/write.h"
#include "events/schema/registry.h"

namespace stepwise::events {
namespace {

json::Value event_with(const std::string& detail, const std::string& detail_type = "Order Placed") {
    return json::parse(R"({"version":"0","id":"1","detail-type":")" + detail_type +
                       R"(","source":"shop","account":"123456789012","time":"2026-01-01T00:00:00Z",
                          "region":"us-east-1","resources":[],"detail":)" + detail + "}");
}

json::Value openapi_of(const std::string& detail) { return discovered_openapi(infer_event(event_with(detail))); }

const json::Value& component(const json::Value& document, const std::string& name) {
    const json::Value* found = document.find("components")->find("schemas")->find(name);
    EXPECT_NE(found, nullptr) << name << " in " << json::dump(document);
    static const json::Value none;
    return found ? *found : none;
}

std::string property(const json::Value& document, const std::string& object, const std::string& name) {
    const json::Value* schema = component(document, object).find("properties")->find(name);
    return schema ? json::dump(*schema) : "(missing)";
}

// The example of
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schemas-infer-from-json.html
// (a failed execution's status change), member for member; the required
// lists are sorted (AWS's order follows no documented rule).
TEST(SchemaInference, MatchesAwsDocumentedExample) {
    json::Value event = json::parse(R"({"version":"0","id":"315c1398-40ff-a850-213b-158f73e60175",
        "detail-type":"Step Functions Execution Status Change","source":"aws.states","account":"012345678912",
        "time":"2019-02-26T19:42:21Z","region":"us-east-1",
        "resources":["arn:aws:states:us-east-1:012345678912:execution:state-machine-name:execution-name"],
        "detail":{"executionArn":"arn:aws:states:us-east-1:012345678912:execution:state-machine-name:execution-name",
                  "stateMachineArn":"arn:aws:states:us-east-1:012345678912:stateMachine:state-machine",
                  "name":"execution-name","status":"FAILED","startDate":1551225146847,"stopDate":1551225151881,
                  "input":"{}","output":null}})");
    DiscoveredShape shape = infer_event(event);
    EXPECT_EQ(discovered_schema_name(shape), "aws.states@StepFunctionsExecutionStatusChange");
    json::Value expected = json::parse(R"({"openapi":"3.0.0",
      "info":{"version":"1.0.0","title":"StepFunctionsExecutionStatusChange"},"paths":{},
      "components":{"schemas":{
        "AWSEvent":{"type":"object",
          "required":["detail-type","resources","detail","id","source","time","region","version","account"],
          "x-amazon-events-detail-type":"Step Functions Execution Status Change","x-amazon-events-source":"aws.states",
          "properties":{"detail":{"$ref":"#/components/schemas/StepFunctionsExecutionStatusChange"},
            "account":{"type":"string"},"detail-type":{"type":"string"},"id":{"type":"string"},
            "region":{"type":"string"},"resources":{"type":"array","items":{"type":"string"}},
            "source":{"type":"string"},"time":{"type":"string","format":"date-time"},"version":{"type":"string"}}},
        "StepFunctionsExecutionStatusChange":{"type":"object",
          "required":["executionArn","input","name","output","startDate","stateMachineArn","status","stopDate"],
          "properties":{"executionArn":{"type":"string"},"input":{"type":"string"},"name":{"type":"string"},
            "output":{},"startDate":{"type":"integer","format":"int64"},"stateMachineArn":{"type":"string"},
            "status":{"type":"string"},"stopDate":{"type":"integer","format":"int64"}}}}}})");
    EXPECT_EQ(json::dump(discovered_openapi(shape)), json::dump(expected));
}

TEST(SchemaInference, ScalarTypes) {
    json::Value doc = openapi_of(R"({"flag":true,"small":42,"price":9.5,"whole":3.0,"when":"2026-01-01T10:00:00+01:00",
                                     "word":"x","big":12345678901})");
    EXPECT_EQ(property(doc, "OrderPlaced", "flag"), R"({"type":"boolean"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "small"), R"({"type":"integer"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "price"), R"({"type":"number"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "whole"), R"({"type":"number"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "when"), R"({"type":"string","format":"date-time"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "word"), R"({"type":"string"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "big"), R"({"type":"integer","format":"int64"})");
}

TEST(SchemaInference, NestedObjectsAreComponentsNamedAfterTheirProperty) {
    json::Value doc = openapi_of(R"({"customer":{"id":"c1","address":{"city":"Oslo"}}})");
    EXPECT_EQ(property(doc, "OrderPlaced", "customer"), R"({"$ref":"#/components/schemas/Customer"})");
    EXPECT_EQ(property(doc, "Customer", "address"), R"({"$ref":"#/components/schemas/Address"})");
    EXPECT_EQ(property(doc, "Address", "city"), R"({"type":"string"})");
    EXPECT_EQ(json::dump(*component(doc, "Customer").find("required")), R"(["address","id"])");
}

TEST(SchemaInference, ArraysOfObjectsMergeTheirElements) {
    json::Value doc = openapi_of(R"({"line-items":[{"sku":"a","qty":1},{"sku":"b","gift":true}],"tags":[],"ids":[1,2]})");
    EXPECT_EQ(property(doc, "OrderPlaced", "line-items"),
              R"({"type":"array","items":{"$ref":"#/components/schemas/LineItemsItem"}})");
    EXPECT_EQ(json::dump(*component(doc, "LineItemsItem").find("required")), R"(["sku"])");
    EXPECT_EQ(property(doc, "LineItemsItem", "gift"), R"({"type":"boolean"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "tags"), R"({"type":"array"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "ids"), R"({"type":"array","items":{"type":"integer"}})");
}

TEST(SchemaInference, SameNameTwiceGetsANumber) {
    json::Value doc = openapi_of(R"({"a":{"item":{"x":1}},"b":{"item":{"y":"z"}}})");
    EXPECT_EQ(property(doc, "A", "item"), R"({"$ref":"#/components/schemas/Item"})");
    EXPECT_EQ(property(doc, "B", "item"), R"({"$ref":"#/components/schemas/Item1"})");
}

TEST(SchemaInference, NullsAndMixedTypes) {
    DiscoveredShape shape = infer_event(event_with(R"({"note":null,"code":1,"maybe":null})"));
    shape.merge(infer_event(event_with(R"({"note":null,"code":"A1","maybe":"x"})")));
    json::Value doc = discovered_openapi(shape);
    EXPECT_EQ(property(doc, "OrderPlaced", "note"), "{}");
    EXPECT_EQ(property(doc, "OrderPlaced", "code"), "{}");  // integer and string: anything
    EXPECT_EQ(property(doc, "OrderPlaced", "maybe"), R"({"type":"string","nullable":true})");
}

TEST(SchemaInference, UnionKeepsEveryMemberAndRequiresOnlyThoseAlwaysThere) {
    DiscoveredShape shape = infer_event(event_with(R"({"id":"1","total":10,"when":"2026-01-01T00:00:00Z"})"));
    shape.merge(infer_event(event_with(R"({"id":"2","total":10.5,"coupon":"X","when":"soon"})")));
    json::Value doc = discovered_openapi(shape);
    EXPECT_EQ(json::dump(*component(doc, "OrderPlaced").find("required")), R"(["id","total","when"])");
    EXPECT_EQ(property(doc, "OrderPlaced", "coupon"), R"({"type":"string"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "total"), R"({"type":"number"})");
    EXPECT_EQ(property(doc, "OrderPlaced", "when"), R"({"type":"string"})");  // not every value a date-time
}

TEST(SchemaInference, ReadingBackGivesTheSameDocument) {
    for (const char* detail : {R"({"a":{"b":[{"c":null,"d":[1,2.5]}]},"e":"2026-01-01T00:00:00Z","f":true})",
                               R"({"x":[[]],"y":{},"z":12345678901})"}) {
        DiscoveredShape shape = infer_event(event_with(detail));
        shape.merge(infer_event(event_with(R"({"a":{"b":[]},"g":"s"})")));
        json::Value doc = discovered_openapi(shape);
        auto back = read_discovered_openapi(doc);
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(json::dump(discovered_openapi(*back)), json::dump(doc)) << detail;
        // and merging a shape already included changes nothing
        back->merge(infer_event(event_with(detail)));
        EXPECT_EQ(json::dump(discovered_openapi(*back)), json::dump(doc)) << detail;
    }
}

TEST(SchemaInference, ReadBackRefusesDocumentsItDidNotWrite) {
    EXPECT_FALSE(read_discovered_openapi(json::parse(R"({"openapi":"3.0.0"})")).has_value());
    EXPECT_FALSE(read_discovered_openapi(json::parse(R"({"components":{"schemas":{"AWSEvent":{}}}})")).has_value());
}

TEST(SchemaInference, NamesFollowAws) {
    EXPECT_EQ(pascal_case("Scheduled Event"), "ScheduledEvent");
    EXPECT_EQ(pascal_case("EC2 Instance State-change Notification"), "EC2InstanceStateChangeNotification");
    EXPECT_EQ(pascal_case("order_cancellation.updated"), "OrderCancellationUpdated");
    EXPECT_EQ(discovered_schema_name(infer_event(event_with("{}", "Scheduled Event"))), "shop@ScheduledEvent");
}

TEST(SchemaInference, RefusesWhatIsNotAnEvent) {
    EXPECT_THROW(infer_event(json::parse("[]")), SchemaError);
    EXPECT_THROW(infer_event(json::parse(R"({"source":"a","detail":{}})")), SchemaError);
    EXPECT_THROW(infer_event(json::parse(R"({"source":1,"detail-type":"b","detail":{}})")), SchemaError);
}

// AWS ignores events nested deeper than 255 levels
// (https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-discover.html).
TEST(SchemaInference, DepthIsBounded) {
    auto nested = [](int levels) {
        std::string text;
        for (int i = 0; i < levels; ++i) text += "[";
        for (int i = 0; i < levels; ++i) text += "]";
        return text;
    };
    EXPECT_NO_THROW(infer_event(event_with(nested(kMaxDiscoveryDepth - 1))));
    EXPECT_THROW(infer_event(event_with(nested(kMaxDiscoveryDepth + 1))), SchemaError);
}

TEST(SchemaInference, PlainJsonIsComponentEvent) {
    json::Value doc = plain_openapi(Shape::of(json::parse(R"({"Source":"a","Resources":["r"]})")));
    EXPECT_EQ(json::dump(*doc.find("info")->find("title")), R"("Event")");
    EXPECT_EQ(property(doc, "Event", "Resources"), R"({"type":"array","items":{"type":"string"}})");
}

// A component is read once, whatever refers to it: a document (say an
// UpdateSchema of a discovered schema) whose component refers to itself three
// times reads back, and one whose references would expand past any bound is
// refused, instead of reading for ever.
TEST(SchemaInference, ReadBackIsBoundedWhateverTheReferences) {
    json::Value cyclic = json::parse(R"({"components":{"schemas":{
        "AWSEvent":{"x-amazon-events-source":"shop","x-amazon-events-detail-type":"Order Placed",
                    "properties":{"detail":{"$ref":"#/components/schemas/A"}}},
        "A":{"type":"object","properties":{"a":{"$ref":"#/components/schemas/A"},
             "b":{"$ref":"#/components/schemas/A"},"c":{"$ref":"#/components/schemas/A"}}}}}})");
    auto back = read_discovered_openapi(cyclic);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->detail.properties.size(), 3u);
    EXPECT_TRUE(back->detail.properties.at("a").anything);  // A inside A: anything

    // C0 refers to C1 three times, C1 to C2 three times, ...: 3^40 places once expanded.
    json::Object schemas{{"AWSEvent", json::parse(R"({"x-amazon-events-source":"shop",
        "x-amazon-events-detail-type":"Order Placed","properties":{"detail":{"$ref":"#/components/schemas/C0"}}})")}};
    for (int i = 0; i < 40; ++i) {
        json::Value ref(json::Object{{"$ref", json::Value("#/components/schemas/C" + std::to_string(i + 1))}});
        schemas.set("C" + std::to_string(i),
                    json::Value(json::Object{{"type", json::Value("object")},
                                             {"properties", json::Value(json::Object{{"a", ref}, {"b", ref}, {"c", ref}})}}));
    }
    schemas.set("C40", json::parse(R"({"type":"string"})"));
    json::Value exploding(json::Object{{"components", json::Value(json::Object{{"schemas", json::Value(std::move(schemas))}})}});
    EXPECT_FALSE(read_discovered_openapi(exploding).has_value());
}

// Naming is linear: 20,000 nested objects all named "v" (V, V1, ... V19999)
// used to try every taken name first, quadratic; this returns at all.
TEST(SchemaInference, ManyObjectsOfOneNameAreNamedInOnePass) {
    std::string detail = "{";
    for (int i = 0; i < 20000; ++i) detail += (i ? ",\"p" : "\"p") + std::to_string(i) + "\":{\"v\":{}}";
    detail += "}";
    json::Value doc = openapi_of(detail);
    const json::Value& schemas = *doc.find("components")->find("schemas");
    EXPECT_NE(schemas.find("V19999"), nullptr);
    EXPECT_EQ(schemas.size(), 1u + 1u + 20000u + 20000u);  // AWSEvent, OrderPlaced, P0..., V...
}

TEST(SchemaInference, SameDocumentTellsAKnownShape) {
    DiscoveredShape shape = infer_event(event_with(R"({"a":{"b":[1]},"c":"x","d":null})"));
    auto back = read_discovered_openapi(discovered_openapi(shape));
    ASSERT_TRUE(back.has_value());
    DiscoveredShape merged = *back;
    merged.merge(infer_event(event_with(R"({"a":{"b":[]},"c":"y","d":null})")));
    EXPECT_TRUE(same_document(merged.detail, back->detail));
    merged.merge(infer_event(event_with(R"({"a":{"b":[2]},"c":"y","d":null,"e":1})")));
    EXPECT_FALSE(same_document(merged.detail, back->detail));
    DiscoveredShape wider = *back;
    wider.merge(infer_event(event_with(R"({"a":null,"c":"x","d":null})")));
    EXPECT_FALSE(same_document(wider.detail, back->detail));  // a: nullable now
}

// A schema accepts every event it was inferred from: for each set of varied
// samples, the draft-04 export (as GetDiscoveredSchema answers with Type
// JSONSchemaDraft4) checks each sample of the set without a violation.
TEST(SchemaInference, TheDraft4ExportAcceptsEverySampleItWasInferredFrom) {
    const std::vector<std::vector<std::string>> sets = {
        {R"({"a":null,"l":[null]})", R"({"a":{"b":1},"l":[{"b":1}]})"},
        {R"({"a":{"b":1},"l":[{"b":1},null]})", R"({"a":null,"l":[]})"},
        {R"({"n":1})", R"({"n":2.5})", R"({"n":12345678901})", R"({"n":null})"},
        {R"({"s":"2026-01-01T00:00:00Z"})", R"({"s":"later"})", R"({"s":null})"},
        {R"({"m":1})", R"({"m":"x"})", R"({"m":[1]})", R"({"m":{"k":true}})", R"({"m":null})"},
        {R"({"x":[[1],[null],[]]})", R"({"x":[[{"y":1}]]})", R"({"x":null})"},
        {R"({"o":{"p":{"q":{"r":[{"s":null}]}}}})", R"({"o":{"p":null}})", R"({"o":{"p":{"q":{"r":[{"s":{"t":1}}]}}}})"},
        {R"({"item":{"item":{"item":1}}})", R"({"item":{"item":null},"Item":{"x":"y"}})"},
        {R"({"ok":true,"list":[1,"a",null,{"z":1}]})", R"({"list":[]})"},
        {R"({})", R"({"a":{}})"},
    };
    for (const auto& samples : sets) {
        std::vector<json::Value> events;
        for (const std::string& detail : samples) events.push_back(event_with(detail));
        DiscoveredShape shape = infer_event(events.front());
        for (size_t i = 1; i < events.size(); ++i) shape.merge(infer_event(events[i]));
        const json::Value draft4 = openapi_to_draft4(discovered_openapi(shape));
        SchemaRegistry registry;
        registry.add("discovered-schemas", "shop@OrderPlaced", draft4, EventBinding{"shop", "Order Placed"});
        for (size_t i = 0; i < events.size(); ++i) {
            SchemaCheck check = registry.check(events[i]);
            ASSERT_TRUE(check.has_schema);
            EXPECT_TRUE(check.ok()) << samples[i] << " against " << json::dump(draft4) << ": "
                                    << check.violations.front().message;
        }
    }
}

}  // namespace
}  // namespace stepwise::events
