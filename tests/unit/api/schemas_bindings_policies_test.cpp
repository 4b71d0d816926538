// The Schemas API's code bindings and resource policies over a store, as
// `stepwise serve` routes them: the model's paths, statuses and error codes.
// https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname-language-language.html
// https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname-language-language-source.html
// https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-policy.html
#include <gtest/gtest.h>

#include "api/schemas/service.h"
#include "json/parse.h"
#include "json/write.h"
#include "events/schema/registry.h"
#include "store/store.h"

namespace stepwise::api {
namespace {

constexpr const char* kSchema = R"({"x-amazon-events-source": "shop.orders", "x-amazon-events-detail-type": "Placed",
  "properties": {"detail": {"type": "object", "properties": {"orderId": {"type": "string"}}}}})";

struct Answer {
    int status = 0;
    std::string raw;
    std::string content_type;
    json::Value body;
    std::string text(std::string_view key) const {
        const json::Value* value = body.find(key);
        return value && value->is_string() ? std::string(value->as_string()) : "";
    }
};

class SchemasBindingsPolicies : public ::testing::Test {
protected:
    std::unique_ptr<store::Store> store_ = store::open_sqlite(":memory:");
    std::unique_ptr<events::SchemaRegistry> registry_ = std::make_unique<events::SchemaRegistry>();
    std::unique_ptr<SchemasService> service_ = std::make_unique<SchemasService>(*store_, *registry_, SchemasOptions{});

    void SetUp() override {
        ASSERT_EQ(call("POST", "/v1/registries/name/shop").status, 201);
        ASSERT_EQ(put_schema("POST", "Placed", kSchema).status, 201);
    }

    Answer call(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& query = "") {
        Request request;
        request.method = method;
        request.path = path;
        request.query = query;
        request.body = body;
        Answer answer;
        service_->handle(request, [&](Response response) {
            answer.status = response.status;
            answer.raw = response.body;
            answer.content_type = response.content_type;
        });
        if (answer.content_type == "application/json" && !answer.raw.empty()) answer.body = json::parse(answer.raw);
        return answer;
    }

    Answer put_schema(const std::string& method, const std::string& name, const std::string& content) {
        json::Object body{{"Type", json::Value("JSONSchemaDraft4")}, {"Content", json::Value(content)}};
        return call(method, "/v1/registries/name/shop/schemas/name/" + name, json::dump(json::Value(std::move(body))));
    }

    Answer binding(const std::string& method, const std::string& language, const std::string& query = "",
                   const std::string& suffix = "") {
        return call(method, "/v1/registries/name/shop/schemas/name/Placed/language/" + language + suffix, "", query);
    }

    void restart() {
        service_.reset();
        registry_ = std::make_unique<events::SchemaRegistry>();
        service_ = std::make_unique<SchemasService>(*store_, *registry_, SchemasOptions{});
        EXPECT_TRUE(service_->load().empty());
    }
};

TEST_F(SchemasBindingsPolicies, PutDescribeAndGetACodeBinding) {
    EXPECT_EQ(binding("GET", "Python36").status, 404);
    Answer put = binding("POST", "Python36");
    ASSERT_EQ(put.status, 202) << put.raw;
    EXPECT_EQ(put.text("Status"), "CREATE_COMPLETE");
    EXPECT_EQ(put.text("SchemaVersion"), "1");
    EXPECT_FALSE(put.text("CreationDate").empty());
    Answer source = binding("GET", "Python36", "", "/source");
    ASSERT_EQ(source.status, 200);
    EXPECT_EQ(source.content_type, "application/zip");
    EXPECT_EQ(source.raw.substr(0, 4), std::string("PK\x03\x04", 4));
    EXPECT_NE(source.raw.find("schema/shop/orders/placed/Placed.py"), std::string::npos);
    EXPECT_EQ(binding("GET", "TypeScript3", "", "/source").status, 404);  // not put in that language

    restart();
    Answer described = binding("GET", "Python36");
    EXPECT_EQ(described.status, 200);
    EXPECT_EQ(described.text("CreationDate"), put.text("CreationDate"));
    EXPECT_EQ(binding("GET", "Python36", "", "/source").raw, source.raw);
}

TEST_F(SchemasBindingsPolicies, LanguagesVersionsAndDeletion) {
    Answer java = binding("POST", "Java8");
    EXPECT_EQ(java.status, 400);
    EXPECT_NE(java.text("Message").find("Java8"), std::string::npos);
    EXPECT_EQ(binding("POST", "Rust").status, 400);
    EXPECT_EQ(binding("POST", "Python36", "schemaVersion=9").status, 404);
    EXPECT_EQ(call("POST", "/v1/registries/name/shop/schemas/name/Nope/language/Python36").status, 404);
    EXPECT_EQ(call("POST", "/v1/registries/name/shop/schemas/name/Placed/language/Python36", R"({"x":1})").status,
              400);

    ASSERT_EQ(binding("POST", "TypeScript3").status, 202);
    ASSERT_EQ(put_schema("PUT", "Placed", std::string(kSchema) + " ").status, 200);  // version 2
    EXPECT_EQ(binding("GET", "TypeScript3").status, 404);
    Answer first = binding("GET", "TypeScript3", "schemaVersion=1");
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(first.text("SchemaVersion"), "1");

    // A deleted version takes its bindings with it.
    ASSERT_EQ(binding("POST", "Python36").status, 202);  // of version 2
    ASSERT_EQ(put_schema("PUT", "Placed", std::string(kSchema) + "  ").status, 200);  // version 3
    EXPECT_EQ(call("DELETE", "/v1/registries/name/shop/schemas/name/Placed/version/2").status, 204);
    EXPECT_EQ(store_->list_documents("schema_code_binding", "shop/Placed/2/").size(), 0u);
    EXPECT_EQ(store_->list_documents("schema_code_binding", "shop/Placed/1/").size(), 1u);

    // A schema deleted and made again starts without bindings.
    EXPECT_EQ(call("DELETE", "/v1/registries/name/shop/schemas/name/Placed").status, 204);
    ASSERT_EQ(put_schema("POST", "Placed", kSchema).status, 201);
    EXPECT_EQ(binding("GET", "TypeScript3", "schemaVersion=1").status, 404);
}

TEST_F(SchemasBindingsPolicies, ABindingThatCannotBeMadeIsCreateFailed) {
    ASSERT_EQ(put_schema("POST", "Common", R"({"definitions": {"Id": {"type": "string"}}})").status, 201);
    ASSERT_EQ(put_schema("POST", "Paid", R"({"properties": {"id": {"$ref": "Common#/definitions/Id"}}})").status, 201);
    ASSERT_EQ(put_schema("PUT", "Paid", R"({"properties": {"id": {"type": "string"}}})").status, 200);
    ASSERT_EQ(call("DELETE", "/v1/registries/name/shop/schemas/name/Common").status, 204);
    // Version 1 refers to a schema the registry no longer has.
    const std::string path = "/v1/registries/name/shop/schemas/name/Paid/language/Python36";
    Answer put = call("POST", path, "", "schemaVersion=1");
    ASSERT_EQ(put.status, 202) << put.raw;
    EXPECT_EQ(put.text("Status"), "CREATE_FAILED");
    Answer source = call("GET", path + "/source", "", "schemaVersion=1");
    EXPECT_EQ(source.status, 400);
    EXPECT_NE(source.text("Message").find("Common"), std::string::npos) << source.raw;
    ASSERT_EQ(put_schema("POST", "Common", R"({"definitions": {"Id": {"type": "string"}}})").status, 201);
    EXPECT_EQ(call("POST", path, "", "schemaVersion=1").text("Status"), "CREATE_COMPLETE");  // tried again
}

TEST_F(SchemasBindingsPolicies, ResourcePolicies) {
    const std::string policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"schemas:*"}]})";
    const std::string body = json::dump(json::Value(json::Object{{"Policy", json::Value(policy)}}));
    EXPECT_EQ(call("GET", "/v1/policy", "", "registryName=shop").status, 404);
    EXPECT_EQ(call("PUT", "/v1/policy", body).status, 400);  // no registry
    EXPECT_EQ(call("PUT", "/v1/policy", body, "registryName=nope").status, 404);
    EXPECT_EQ(call("PUT", "/v1/policy", R"({"Policy":"[1]"})", "registryName=shop").status, 400);
    EXPECT_EQ(call("PUT", "/v1/policy", R"({"Policy":"{}","Extra":1})", "registryName=shop").status, 400);

    Answer first = call("PUT", "/v1/policy", body, "registryName=shop");
    ASSERT_EQ(first.status, 200) << first.raw;
    EXPECT_EQ(json::parse(first.text("Policy")), json::parse(policy));
    const std::string stale = json::dump(json::Value(
        json::Object{{"Policy", json::Value(policy)}, {"RevisionId", json::Value("old")}}));
    Answer refused = call("PUT", "/v1/policy", stale, "registryName=shop");
    EXPECT_EQ(refused.status, 412);
    EXPECT_EQ(refused.text("Code"), "PreconditionFailedException");
    const std::string current = json::dump(json::Value(
        json::Object{{"Policy", json::parse(policy)}, {"RevisionId", json::Value(first.text("RevisionId"))}}));
    Answer second = call("PUT", "/v1/policy", current, "registryName=shop");  // the object form too
    ASSERT_EQ(second.status, 200) << second.raw;
    EXPECT_NE(second.text("RevisionId"), first.text("RevisionId"));

    restart();
    EXPECT_EQ(call("GET", "/v1/policy", "", "registryName=shop").text("RevisionId"), second.text("RevisionId"));
    EXPECT_EQ(call("DELETE", "/v1/registries/name/shop").status, 204);  // takes its policy with it
    EXPECT_EQ(call("POST", "/v1/registries/name/shop").status, 201);
    EXPECT_EQ(call("GET", "/v1/policy", "", "registryName=shop").status, 404);
    EXPECT_EQ(call("DELETE", "/v1/policy", "", "registryName=shop").status, 404);
}

TEST_F(SchemasBindingsPolicies, ReferencedSchemasAndRestarts) {
    ASSERT_EQ(put_schema("POST", "Common", R"({"definitions": {"Id": {"type": "string", "minLength": 3}}})").status, 201);
    ASSERT_EQ(put_schema("POST", "Paid", R"({"x-amazon-events-source": "shop", "x-amazon-events-detail-type": "Paid",
        "properties": {"detail": {"properties": {"id": {"$ref": "Common#/definitions/Id"}}}}})").status, 201);
    Answer missing = put_schema("POST", "Broken", R"({"properties": {"a": {"$ref": "Gone#/x"}}})");
    EXPECT_EQ(missing.status, 400);
    EXPECT_NE(missing.text("Message").find("Gone"), std::string::npos);
    Answer conflict = call("DELETE", "/v1/registries/name/shop/schemas/name/Common");
    EXPECT_EQ(conflict.status, 409);
    EXPECT_NE(conflict.text("Message").find("Paid"), std::string::npos);
    // Common's new version is newer than Paid: the restart registers Common first anyway.
    ASSERT_EQ(put_schema("PUT", "Common", R"({"definitions": {"Id": {"type": "string", "minLength": 5}}})").status, 200);
    restart();
    const auto event = json::parse(R"({"version":"0","id":"1","detail-type":"Paid","source":"shop","account":"1",
        "time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"id":"abcd"}})");
    EXPECT_FALSE(registry_->check(event).ok());
}

}  // namespace
}  // namespace stepwise::api
