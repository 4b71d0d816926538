// ARNs, names, the request-shape checker and page tokens of the Step Functions API.
#include <gtest/gtest.h>

#include "api/sfn/arn.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/names.h"
#include "api/sfn/page_token.h"
#include "json/parse.h"

namespace stepwise::api {
namespace {

TEST(SfnArn, StateMachineArnsAndTheirQualifiers) {
    std::optional<StateMachineArn> arn;
    EXPECT_EQ(state_machine_arn_problem("arn:aws:states:us-east-1:123456789012:stateMachine:Orders", &arn), "");
    EXPECT_EQ(arn->name, "Orders");
    EXPECT_EQ(arn->qualifier, "");
    EXPECT_EQ(state_machine_arn_problem("arn:aws:states:us-east-1:123456789012:stateMachine:Orders:12", &arn), "");
    EXPECT_TRUE(arn->is_version());
    EXPECT_EQ(arn->machine_arn, "arn:aws:states:us-east-1:123456789012:stateMachine:Orders");
    EXPECT_EQ(state_machine_arn_problem("arn:aws:states:us-east-1:123456789012:stateMachine:Orders:PROD", &arn), "");
    EXPECT_TRUE(arn->is_alias());
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html
// (label: the Map state's Label, or the name Step Functions gave it)
TEST(SfnArn, AMapRunsLabelIsItsMapStates) {
    EXPECT_EQ(map_run_label("arn:aws:states:us-east-1:123456789012:mapRun:Orders/Fan:1a2b"), "Fan");
    EXPECT_EQ(map_run_label("arn:aws:states:us-east-1:123456789012:mapRun:Orders/Out/In:1a2b"), "In");
    EXPECT_EQ(map_run_label("arn:aws:states:us-east-1:123456789012:mapRun:Orders:1a2b"), "");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#API_StartExecution_Errors
// (InvalidArn; AWS words it "Invalid Arn: 'Resource type not valid in this context: execution'")
TEST(SfnArn, InvalidArnMessagesNameTheProblem) {
    EXPECT_EQ(state_machine_arn_problem("arn:aws:states:us-east-1:123456789012:execution:Orders:x", nullptr),
              "Invalid Arn: 'Resource type not valid in this context: execution'");
    EXPECT_EQ(state_machine_arn_problem("stateMachine:Ghost", nullptr), "Invalid Arn: 'Invalid ARN prefix: stateMachine:Ghost'");
    EXPECT_NE(state_machine_arn_problem("arn:aws:nope", nullptr), "");
    EXPECT_EQ(resource_arn_problem("arn:aws:states:us-east-1:123456789012:express:M:e:1", "execution"), "");
    EXPECT_EQ(resource_arn_problem("arn:aws:states:us-east-1:123456789012:activity:A", "activity"), "");
    EXPECT_NE(resource_arn_problem("arn:aws:states:us-east-1:123456789012:activity:A", "execution"), "");
}

TEST(SfnNames, ResourceNamesFollowAwsRules) {
    EXPECT_TRUE(valid_resource_name("Orders-2024_v1.final"));
    EXPECT_TRUE(valid_resource_name("r\xC3\xA9sum\xC3\xA9"));
    EXPECT_FALSE(valid_resource_name(""));
    EXPECT_FALSE(valid_resource_name("has space"));
    EXPECT_FALSE(valid_resource_name("no/slash"));
    EXPECT_FALSE(valid_resource_name("no#hash"));
    EXPECT_FALSE(valid_resource_name(std::string(81, 'a')));
    EXPECT_TRUE(valid_resource_name(std::string(80, 'a')));
    EXPECT_FALSE(valid_resource_name("a\xED\xA0\x80"));  // U+D800 as WTF-8 (a lone "\ud800")
    EXPECT_FALSE(valid_resource_name("a\xFF"));            // not UTF-8
    EXPECT_FALSE(valid_resource_name("a\xEF\xBF\xBF"));  // U+FFFF
    EXPECT_TRUE(valid_resource_name("a\xF0\x9F\x98\x80"));  // U+1F600
    EXPECT_TRUE(valid_alias_name("PROD"));
    EXPECT_FALSE(valid_alias_name("123"));
    EXPECT_FALSE(valid_alias_name("a:b"));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html (ValidationException)
TEST(SfnFields, ViolationsAreWordedAsAws) {
    json::Value body = json::parse(R"({"maxResults": 2000, "name": ""})");
    Fields fields(body);
    fields.text("stateMachineArn", rule::required(1, 256));
    fields.integer("maxResults", 0, 1000);
    try {
        fields.check();
        FAIL() << "no ValidationException";
    } catch (const SfnError& error) {
        EXPECT_EQ(error.type(), "ValidationException");
        EXPECT_EQ(std::string(error.what()),
                  "2 validation errors detected: Value null at 'stateMachineArn' failed to satisfy constraint: "
                  "Member must not be null; Value '2000' at 'maxResults' failed to satisfy constraint: Member must "
                  "have value less than or equal to 1000");
    }
}

TEST(SfnFields, EnumsAndWrongTypes) {
    json::Value body = json::parse(R"({"type": "FAST", "name": 3})");
    Fields fields(body);
    fields.text("type", rule::one_of({"STANDARD", "EXPRESS"}));
    try {
        fields.check();
        FAIL();
    } catch (const SfnError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "1 validation error detected: Value 'FAST' at 'type' failed to satisfy constraint: Member must "
                  "satisfy enum value set: [STANDARD, EXPRESS]");
    }
    EXPECT_THROW(fields.text("name"), SfnError);
}

TEST(SfnPageToken, RoundTripsAndRefusesStrangers) {
    std::string token = make_page_token("executions", "cursor 1");
    EXPECT_EQ(read_page_token("executions", token), "cursor 1");
    EXPECT_THROW(read_page_token("history", token), SfnError);
    EXPECT_THROW(read_page_token("executions", "not-a-page-token"), SfnError);
}

}  // namespace
}  // namespace stepwise::api
