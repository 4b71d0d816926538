// Versions (publish, list, delete) and aliases (routing between versions).
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using VersionsAndAliases = SfnTest;

std::string result_definition(int n) {
    return R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"version":)" + std::to_string(n) +
           R"(},"End":true}}})";
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_PublishStateMachineVersion.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineVersions.html
TEST_F(VersionsAndAliases, PublishOnCreateUpdateAndExplicitly) {
    Answer created = create_machine("V", result_definition(1), {{"publish", true}, {"versionDescription", "first"}});
    ASSERT_EQ(created.status, 200) << json::dump(created.body);
    std::string arn = created.text("stateMachineArn");
    EXPECT_EQ(created.text("stateMachineVersionArn"), arn + ":1");

    // Publishing an unchanged revision answers the version already published.
    Answer same = call("PublishStateMachineVersion", json::Object{{"stateMachineArn", arn}});
    EXPECT_EQ(same.text("stateMachineVersionArn"), arn + ":1");

    Answer updated = call("UpdateStateMachine", json::Object{{"stateMachineArn", arn},
                                                             {"definition", result_definition(2)},
                                                             {"publish", true}});
    EXPECT_EQ(updated.text("stateMachineVersionArn"), arn + ":2");
    EXPECT_AWS_ERROR(call("PublishStateMachineVersion", json::Object{{"stateMachineArn", arn}, {"revisionId", "old"}}),
                     "ConflictException");

    Answer versions = call("ListStateMachineVersions", json::Object{{"stateMachineArn", arn}});
    ASSERT_EQ(versions.status, 200);
    const auto& list = versions.body.find("stateMachineVersions")->as_array();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].find("stateMachineVersionArn")->as_string(), arn + ":2");  // newest first
    EXPECT_EQ(list[1].find("stateMachineVersionArn")->as_string(), arn + ":1");

    Answer v1 = call("DescribeStateMachine", json::Object{{"stateMachineArn", arn + ":1"}});
    EXPECT_EQ(v1.text("definition"), result_definition(1));
    EXPECT_EQ(v1.text("description"), "first");
    EXPECT_EQ(v1.text("stateMachineArn"), arn + ":1");
    EXPECT_AWS_ERROR(call("DescribeStateMachine", json::Object{{"stateMachineArn", arn + ":9"}}),
                     "StateMachineDoesNotExist");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineVersion.html
TEST_F(VersionsAndAliases, AliasesRouteToVersions) {
    std::string arn = create_machine("A", result_definition(1), {{"publish", true}}).text("stateMachineArn");
    call("UpdateStateMachine", json::Object{{"stateMachineArn", arn}, {"definition", result_definition(2)}, {"publish", true}});
    json::Value one = json::parse(R"([{"stateMachineVersionArn":")" + arn + R"(:1","weight":100}])");
    Answer alias = call("CreateStateMachineAlias", json::Object{{"name", "live"}, {"description", "prod"},
                                                                {"routingConfiguration", one}});
    ASSERT_EQ(alias.status, 200) << json::dump(alias.body);
    std::string alias_arn = alias.text("stateMachineAliasArn");
    EXPECT_EQ(alias_arn, arn + ":live");
    // Idempotent with the same configuration, a conflict with another.
    EXPECT_EQ(call("CreateStateMachineAlias", json::Object{{"name", "live"}, {"description", "prod"},
                                                           {"routingConfiguration", one}}).status, 200);
    EXPECT_AWS_ERROR(call("CreateStateMachineAlias", json::Object{{"name", "live"}, {"routingConfiguration", one}}),
                     "ConflictException");

    Answer described = call("DescribeStateMachineAlias", json::Object{{"stateMachineAliasArn", alias_arn}});
    EXPECT_EQ(described.text("name"), "live");
    EXPECT_EQ(described.text("description"), "prod");
    EXPECT_EQ(*described.body.find("routingConfiguration"), one);

    Answer listed = call("ListStateMachineAliases", json::Object{{"stateMachineArn", arn}});
    ASSERT_EQ(listed.body.find("stateMachineAliases")->size(), 1u);

    json::Value bad_weights = json::parse(R"([{"stateMachineVersionArn":")" + arn + R"(:1","weight":60},)" +
                                          R"({"stateMachineVersionArn":")" + arn + R"(:2","weight":30}])");
    EXPECT_AWS_ERROR(call("UpdateStateMachineAlias", json::Object{{"stateMachineAliasArn", alias_arn},
                                                                  {"routingConfiguration", bad_weights}}),
                     "ValidationException");
    json::Value missing = json::parse(R"([{"stateMachineVersionArn":")" + arn + R"(:7","weight":100}])");
    EXPECT_AWS_ERROR(call("CreateStateMachineAlias", json::Object{{"name", "other"}, {"routingConfiguration", missing}}),
                     "ResourceNotFound");

    // A version an alias routes to cannot be deleted.
    EXPECT_AWS_ERROR(call("DeleteStateMachineVersion", json::Object{{"stateMachineVersionArn", arn + ":1"}}),
                     "ConflictException");
    EXPECT_EQ(call("DeleteStateMachineAlias", json::Object{{"stateMachineAliasArn", alias_arn}}).status, 200);
    EXPECT_AWS_ERROR(call("DescribeStateMachineAlias", json::Object{{"stateMachineAliasArn", alias_arn}}),
                     "ResourceNotFound");
    EXPECT_EQ(call("DeleteStateMachineVersion", json::Object{{"stateMachineVersionArn", arn + ":1"}}).status, 200);
    Answer versions = call("ListStateMachineVersions", json::Object{{"stateMachineArn", arn}});
    EXPECT_EQ(versions.body.find("stateMachineVersions")->size(), 1u);
}

TEST_F(VersionsAndAliases, DeletingTheMachineDeletesItsVersionsAndAliases) {
    std::string arn = create_machine("D", result_definition(1), {{"publish", true}}).text("stateMachineArn");
    call("CreateStateMachineAlias",
         json::Object{{"name", "x"}, {"routingConfiguration",
                                      json::parse(R"([{"stateMachineVersionArn":")" + arn + R"(:1","weight":100}])")}});
    ASSERT_EQ(call("DeleteStateMachine", json::Object{{"stateMachineArn", arn}}).status, 200);
    EXPECT_EQ(store_->list_documents("version", arn + ":").size(), 0u);
    EXPECT_EQ(store_->list_documents("alias", arn + ":").size(), 0u);
}

}  // namespace
}  // namespace stepwise::api::testing
