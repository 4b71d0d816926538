// Schema discovery's inference (events/schema/inference.h): the OpenAPI 3
// document AWS writes for an event, types, nesting, arrays, nulls, mixed
// types, the union of shapes, and its bounds.
#include <gtest/gtest.h>

#include <string>

#include "events/schema/error.h"
#include "events/schema/inference.h"
#include "json/parse.h"
#include "json/write.h"

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

}  // namespace
}  // namespace stepwise::events
