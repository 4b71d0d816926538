// Code bindings: the model read from a schema (classes, typed properties,
// required ones, the package named after source and detail-type as AWS lays
// bindings out) and the Python36 and TypeScript3 files written from it.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema-code-bindings.html
// (e2e_schemas_bindings imports the Python files and compiles the TypeScript ones.)
#include <gtest/gtest.h>

#include <algorithm>

#include "events/schema/code_binding.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

const BindingClass& class_named(const BindingModel& model, const std::string& name) {
    auto found = std::find_if(model.classes.begin(), model.classes.end(),
                              [&](const BindingClass& c) { return c.name == name; });
    if (found == model.classes.end()) throw std::runtime_error("no class " + name);
    return *found;
}

const BindingProperty& property_named(const BindingClass& model, const std::string& json_name) {
    for (const auto& property : model.properties)
        if (property.json_name == json_name) return property;
    throw std::runtime_error("no property " + json_name);
}

TEST(SchemaCodeBinding, JsonSchemaClassesAndTypes) {
    const auto document = json::parse(R"({
      "properties": {"detail": {"$ref": "#/definitions/Detail"}},
      "definitions": {
        "Detail": {"type": "object", "required": ["id", "when"], "properties": {
          "id": {"type": "string"}, "when": {"type": "string", "format": "date-time"},
          "count": {"type": "integer"}, "ratio": {"type": "number"}, "ok": {"type": "boolean"},
          "tags": {"type": "array", "items": {"type": "string"}},
          "lines": {"type": "array", "items": {"$ref": "#/definitions/Line"}},
          "extra": {"type": "object"}, "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
          "class": {"type": "string"}, "detail-type": {"type": "string"}, "constructor": {"type": "string"},
          "address": {"type": "object", "properties": {"city": {"type": "string"}}}}},
        "Line": {"type": "object", "properties": {"sku": {"type": "string"}, "next": {"$ref": "#/definitions/Line"}}}
      }})");
    const BindingModel model =
        read_binding_model(document, "Orders", EventBinding{"shop.orders-api", "Order Placed"});
    EXPECT_EQ(model.package, (std::vector<std::string>{"schema", "shop", "ordersapi", "orderplaced"}));
    EXPECT_EQ(model.detail_class, "Detail");
    const BindingClass& detail = class_named(model, "Detail");
    EXPECT_TRUE(property_named(detail, "id").required);
    EXPECT_FALSE(property_named(detail, "count").required);
    EXPECT_EQ(property_named(detail, "when").type.kind, BindingType::Kind::DateTime);
    EXPECT_EQ(property_named(detail, "count").type.kind, BindingType::Kind::Integer);
    EXPECT_EQ(property_named(detail, "ratio").type.kind, BindingType::Kind::Number);
    EXPECT_EQ(property_named(detail, "ok").type.kind, BindingType::Kind::Boolean);
    EXPECT_EQ(property_named(detail, "tags").type.item->kind, BindingType::Kind::String);
    EXPECT_EQ(property_named(detail, "lines").type.item->class_name, "Line");
    EXPECT_EQ(property_named(detail, "extra").type.kind, BindingType::Kind::Any);
    EXPECT_EQ(property_named(detail, "either").type.kind, BindingType::Kind::Any);
    EXPECT_EQ(property_named(detail, "class").identifier, "class_");
    EXPECT_EQ(property_named(detail, "constructor").identifier, "constructor_");  // TypeScript's own
    EXPECT_EQ(property_named(detail, "detail-type").identifier, "detail_type");
    EXPECT_EQ(property_named(detail, "address").type.class_name, "DetailAddress");  // an inline object
    // A class that refers to itself is one class.
    EXPECT_EQ(property_named(class_named(model, "Line"), "next").type.class_name, "Line");
    EXPECT_EQ(model.classes.size(), 3u);
}

TEST(SchemaCodeBinding, OpenApiEnvelopeAndNamesThatWouldShadow) {
    const auto document = json::parse(R"({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
      "components": {"schemas": {
        "AWSEvent": {"properties": {"detail": {"$ref": "#/components/schemas/Date"}}},
        "Date": {"type": "object", "properties": {"day": {"type": "string"}}}}}})");
    const BindingModel model = read_binding_model(document, "My Schema!", std::nullopt);
    EXPECT_EQ(model.package, (std::vector<std::string>{"schema", "myschema"}));
    EXPECT_EQ(model.detail_class, "Date2");  // not the global Date
}

TEST(SchemaCodeBinding, UntypedDetail) {
    const BindingModel model = read_binding_model(json::parse(R"({"type": "object"})"), "Loose", std::nullopt);
    EXPECT_EQ(model.detail_class, "");
    EXPECT_TRUE(model.classes.empty());
    EXPECT_EQ(envelope_binding_class(model).properties[0].type.kind, BindingType::Kind::Any);
}

// Names an event may carry that no generated class may take as they are: Python
// mangles `__x` inside a class, `__class__` is the object's own, `None` is a
// keyword (a `$ref` names the class), and `item` and `ITEM` would be two files
// one case-insensitive file system (and tsc, TS1149) takes for one. The JSON
// names are kept for (de)serialisation.
TEST(SchemaCodeBinding, NamesNoClassCanTakeAsTheyAre) {
    const auto document = json::parse(R"({"properties": {"detail": {"type": "object",
        "required": ["__typename", "n", "s"], "properties": {
        "__typename": {"type": "string"}, "__class__": {"type": "string"}, "__proto__": {"type": "string"},
        "toString": {"type": "string"}, "match": {"type": "string"}, "n": {"type": ["string", "null"]},
        "s": {"type": "string"}, "none": {"$ref": "#/definitions/None"},
        "item": {"type": "object", "properties": {"x": {"type": "integer"}}},
        "ITEM": {"type": "object", "properties": {"y": {"type": "integer"}}}}}},
      "definitions": {"None": {"type": "object", "properties": {"x": {"type": "integer"}}}}})");
    const BindingModel model = read_binding_model(document, "S", EventBinding{"a.b", "Odd"});
    const BindingClass& detail = class_named(model, "Odd");
    EXPECT_EQ(property_named(detail, "__typename").identifier, "typename");
    EXPECT_EQ(property_named(detail, "__class__").identifier, "class__");
    EXPECT_EQ(property_named(detail, "__proto__").identifier, "proto__");
    EXPECT_EQ(property_named(detail, "toString").identifier, "toString_");
    EXPECT_EQ(property_named(detail, "match").identifier, "match_");
    EXPECT_EQ(property_named(detail, "none").type.class_name, "None2");
    EXPECT_EQ(property_named(detail, "item").type.class_name, "OddItem");
    EXPECT_EQ(property_named(detail, "ITEM").type.class_name, "OddITEM2");
    // Required means present: null too, where the type allows it.
    EXPECT_TRUE(property_named(detail, "n").nullable);
    EXPECT_FALSE(property_named(detail, "s").nullable);

    const std::string odd = python_binding_files(model, "t")[3].data;
    EXPECT_NE(odd.find("_required = (\"typename\", \"n\", \"s\", )"), std::string::npos) << odd;
    EXPECT_NE(odd.find("_nullable = (\"n\", )"), std::string::npos) << odd;
}

std::string file(const std::vector<ZipEntry>& files, const std::string& path) {
    for (const auto& entry : files)
        if (entry.path == path) return entry.data;
    throw std::runtime_error("no file " + path);
}

TEST(SchemaCodeBinding, PythonAndTypeScriptFiles) {
    const auto document = json::parse(R"({"properties": {"detail": {"type": "object", "required": ["id"],
        "properties": {"id": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}}}})");
    const BindingModel model = read_binding_model(document, "S", EventBinding{"a.b", "Thing Done"});
    EXPECT_EQ(model.detail_class, "ThingDone");

    const auto python = python_binding_files(model, "schema r/S version 1");
    const std::string folder = "schema/a/b/thingdone/";
    EXPECT_NE(file(python, folder + "__init__.py").find("from .ThingDone import ThingDone"), std::string::npos);
    const std::string thing = file(python, folder + "ThingDone.py");
    EXPECT_NE(thing.find("\"at\": \"datetime\""), std::string::npos) << thing;
    EXPECT_NE(thing.find("_required = (\"id\", )"), std::string::npos) << thing;
    EXPECT_NE(thing.find("def __init__(self, id: str = None, at: datetime.datetime = None):"), std::string::npos)
        << thing;
    EXPECT_NE(file(python, folder + "AWSEvent.py").find("\"detail_type\": \"detail-type\""), std::string::npos);
    EXPECT_NE(file(python, folder + "marshaller.py").find("_PACKAGE = \"schema.a.b.thingdone\""), std::string::npos);
    EXPECT_NE(thing.find("# Generated by stepwise from schema r/S version 1."), std::string::npos);

    const auto typescript = typescript_binding_files(model, "schema r/S version 1");
    const std::string ts = file(typescript, folder + "ThingDone.ts");
    EXPECT_NE(ts.find("    id!: string;"), std::string::npos) << ts;
    EXPECT_NE(ts.find("    at?: Date;"), std::string::npos) << ts;
    EXPECT_NE(file(typescript, folder + "AWSEvent.ts").find("import { ThingDone } from './ThingDone';"),
              std::string::npos);
    EXPECT_NE(file(typescript, folder + "Marshaller.ts").find("    ThingDone: ThingDone,"), std::string::npos);
    EXPECT_NE(file(typescript, folder + "index.ts").find("export * from './Marshaller';"), std::string::npos);
}

TEST(SchemaCodeBinding, Languages) {
    EXPECT_EQ(binding_language("Python36"), BindingLanguage::Python36);
    EXPECT_EQ(binding_language("TypeScript3"), BindingLanguage::TypeScript3);
    EXPECT_EQ(binding_language("Java8"), std::nullopt);
    EXPECT_EQ(binding_language("python36"), std::nullopt);
}

}  // namespace
}  // namespace stepwise::events
