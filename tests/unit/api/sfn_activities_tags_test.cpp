// Activities, tags and ValidateStateMachineDefinition.
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using ActivitiesAndTags = SfnTest;

const std::string kActivityPrefix = "arn:aws:states:us-east-1:123456789012:activity:";

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateActivity.html
TEST_F(ActivitiesAndTags, ActivitiesAreCreatedOnceAndDescribed) {
    Answer created = call("CreateActivity", json::Object{{"name", "approve"}});
    ASSERT_EQ(created.status, 200) << json::dump(created.body);
    EXPECT_EQ(created.text("activityArn"), kActivityPrefix + "approve");
    Answer again = call("CreateActivity", json::Object{{"name", "approve"}});
    EXPECT_EQ(*again.body.find("creationDate"), *created.body.find("creationDate"));

    Answer described = call("DescribeActivity", json::Object{{"activityArn", kActivityPrefix + "approve"}});
    EXPECT_EQ(described.text("name"), "approve");
    Answer listed = call("ListActivities", json::Object{});
    ASSERT_EQ(listed.body.find("activities")->size(), 1u);

    Answer ghost = call("DescribeActivity", json::Object{{"activityArn", kActivityPrefix + "ghost"}});
    EXPECT_AWS_ERROR(ghost, "ActivityDoesNotExist");
    EXPECT_EQ(ghost.message(), "Activity Does Not Exist: '" + kActivityPrefix + "ghost'");
    EXPECT_AWS_ERROR(call("GetActivityTask", json::Object{{"activityArn", kActivityPrefix + "ghost"}}),
                     "ActivityDoesNotExist");
    EXPECT_AWS_ERROR(call("CreateActivity", json::Object{{"name", "a b"}}), "InvalidName");

    EXPECT_EQ(call("DeleteActivity", json::Object{{"activityArn", kActivityPrefix + "approve"}}).status, 200);
    EXPECT_AWS_ERROR(call("DescribeActivity", json::Object{{"activityArn", kActivityPrefix + "approve"}}),
                     "ActivityDoesNotExist");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TagResource.html
TEST_F(ActivitiesAndTags, TagsAreMergedRemovedAndListed) {
    std::string arn = create_machine("Tagged", kPassDefinition,
                                     {{"tags", json::parse(R"([{"key":"team","value":"orders"}])")}})
                          .text("stateMachineArn");
    Answer tags = call("ListTagsForResource", json::Object{{"resourceArn", arn}});
    EXPECT_EQ(json::dump(*tags.body.find("tags")), R"([{"key":"team","value":"orders"}])");
    call("TagResource", json::Object{{"resourceArn", arn},
                                     {"tags", json::parse(R"([{"key":"env","value":"ci"},{"key":"team","value":"fleet"}])")}});
    tags = call("ListTagsForResource", json::Object{{"resourceArn", arn}});
    EXPECT_EQ(json::dump(*tags.body.find("tags")), R"([{"key":"team","value":"fleet"},{"key":"env","value":"ci"}])");
    call("UntagResource", json::Object{{"resourceArn", arn}, {"tagKeys", json::parse(R"(["team"])")}});
    tags = call("ListTagsForResource", json::Object{{"resourceArn", arn}});
    EXPECT_EQ(json::dump(*tags.body.find("tags")), R"([{"key":"env","value":"ci"}])");

    Answer missing = call("ListTagsForResource", json::Object{{"resourceArn", std::string(kMachinePrefix) + "Ghost"}});
    EXPECT_AWS_ERROR(missing, "ResourceNotFound");
    EXPECT_EQ(missing.message(), "Resource not found: '" + std::string(kMachinePrefix) + "Ghost'");

    call("CreateActivity", json::Object{{"name", "work"}});
    EXPECT_EQ(call("TagResource", json::Object{{"resourceArn", kActivityPrefix + "work"},
                                               {"tags", json::parse(R"([{"key":"k","value":"v"}])")}}).status,
              200);
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
TEST_F(ActivitiesAndTags, ValidateReportsDiagnostics) {
    Answer ok = call("ValidateStateMachineDefinition", json::Object{{"definition", kPassDefinition}});
    EXPECT_EQ(json::dump(ok.body), R"({"result":"OK","diagnostics":[],"truncated":false})");
    Answer bad = call("ValidateStateMachineDefinition",
                      json::Object{{"definition", R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}})"}});
    EXPECT_EQ(bad.text("result"), "FAIL");
    ASSERT_GT(bad.body.find("diagnostics")->size(), 0u);
    const auto& first = bad.body.find("diagnostics")->as_array()[0];
    EXPECT_EQ(first.find("severity")->as_string(), "ERROR");
    EXPECT_FALSE(first.find("code")->as_string().empty());
    EXPECT_EQ(first.find("location")->as_string(), "/States/A/Next");
    EXPECT_EQ(call("ValidateStateMachineDefinition", json::Object{{"definition", "{not json"}}).text("result"), "FAIL");
}

}  // namespace
}  // namespace stepwise::api::testing
