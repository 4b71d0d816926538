// The ARN builders against AWS's documented formats.
// https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridgeschemas.html
#include "aws/arn.h"

#include <gtest/gtest.h>

using namespace stepwise::aws;

TEST(Arn, StepFunctions) {
    Scope scope{"123456789012", "eu-west-1"};
    EXPECT_EQ(state_machine_arn(scope, "orders"), "arn:aws:states:eu-west-1:123456789012:stateMachine:orders");
    EXPECT_EQ(activity_arn(scope, "approve"), "arn:aws:states:eu-west-1:123456789012:activity:approve");
    EXPECT_EQ(execution_arn(scope, "orders", "e1"), "arn:aws:states:eu-west-1:123456789012:execution:orders:e1");
    EXPECT_EQ(express_execution_arn(scope, "orders", "e1", "id"),
              "arn:aws:states:eu-west-1:123456789012:express:orders:e1:id");
    EXPECT_EQ(map_run_arn_prefix(scope, "orders"), "arn:aws:states:eu-west-1:123456789012:mapRun:orders/");
    EXPECT_EQ(default_state_machine_role_arn("123456789012", "orders"),
              "arn:aws:iam::123456789012:role/StepFunctions-orders-role");
}

TEST(Arn, EventBridgeAndSchemas) {
    Scope scope;  // the defaults: 123456789012, us-east-1
    EXPECT_EQ(event_bus_arn(scope, "default"), "arn:aws:events:us-east-1:123456789012:event-bus/default");
    EXPECT_EQ(event_rule_arn(scope, "default", "r"), "arn:aws:events:us-east-1:123456789012:rule/r");
    EXPECT_EQ(event_rule_arn(scope, "orders", "r"), "arn:aws:events:us-east-1:123456789012:rule/orders/r");
    EXPECT_EQ(schema_registry_arn(scope, "reg"), "arn:aws:schemas:us-east-1:123456789012:registry/reg");
    EXPECT_EQ(schema_arn(scope, "reg", "s"), "arn:aws:schemas:us-east-1:123456789012:schema/reg/s");
}

TEST(Arn, LambdaAndS3) {
    Scope scope;
    EXPECT_EQ(lambda_function_arn(scope, "f"), "arn:aws:lambda:us-east-1:123456789012:function:f");
    EXPECT_EQ(lambda_function_arn(scope, "f", "live"), "arn:aws:lambda:us-east-1:123456789012:function:f:live");
    EXPECT_EQ(s3_bucket_arn("b"), "arn:aws:s3:::b");
}

// One default for every command, AWS Step Functions Local's account and region:
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-config-options.html
TEST(Arn, OneDefaultScope) {
    Scope scope;
    EXPECT_EQ(scope.account, "123456789012");
    EXPECT_EQ(scope.region, "us-east-1");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html (stateMachineArn,
// executionArn), https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html
TEST(Arn, ReadsStateMachineArns) {
    auto plain = parse_state_machine_arn("arn:aws:states:eu-west-1:123456789012:stateMachine:orders");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->scope.region, "eu-west-1");
    EXPECT_EQ(plain->scope.account, "123456789012");
    EXPECT_EQ(plain->machine, "orders");
    EXPECT_EQ(plain->qualifier, "");
    auto version = parse_state_machine_arn("arn:aws:states:us-east-1:123456789012:stateMachine:orders:3");
    ASSERT_TRUE(version);
    EXPECT_EQ(version->machine, "orders");
    EXPECT_EQ(version->qualifier, "3");
    EXPECT_FALSE(parse_state_machine_arn("arn:aws:states:us-east-1:123456789012:activity:orders"));
    EXPECT_FALSE(parse_state_machine_arn("arn:aws:lambda:us-east-1:123456789012:stateMachine:orders"));
    EXPECT_FALSE(parse_state_machine_arn("arn:aws:states:us-east-1:123456789012:stateMachine:"));
    EXPECT_FALSE(parse_state_machine_arn("orders"));
}

TEST(Arn, ReadsExecutionArns) {
    auto standard = parse_execution_arn("arn:aws:states:us-east-1:123456789012:execution:orders:run-1");
    ASSERT_TRUE(standard);
    EXPECT_EQ(standard->machine, "orders");
    EXPECT_EQ(standard->name, "run-1");
    EXPECT_FALSE(standard->express);
    auto express = parse_execution_arn("arn:aws:states:us-east-1:123456789012:express:orders:run-1:abc");
    ASSERT_TRUE(express);
    EXPECT_EQ(express->name, "run-1");
    EXPECT_TRUE(express->express);
    EXPECT_EQ(execution_arn(standard->scope, standard->machine, standard->name),
              "arn:aws:states:us-east-1:123456789012:execution:orders:run-1");
    EXPECT_FALSE(parse_execution_arn("arn:aws:states:us-east-1:123456789012:stateMachine:orders"));
    EXPECT_FALSE(parse_execution_arn("arn:aws:states:us-east-1:123456789012:express:orders:run-1"));
}

TEST(Arn, AccountOfAnArn) {
    EXPECT_EQ(arn_account("arn:aws:events:us-east-1:111122223333:event-bus/orders"), "111122223333");
    EXPECT_EQ(arn_account("arn:aws:iam::111122223333:root"), "111122223333");
    EXPECT_EQ(arn_account("arn:aws:events:us-east-1::event-source/aws.partner/acme.com/x"), "");
    EXPECT_EQ(arn_account("arn:aws:s3:::bucket"), "");
    EXPECT_EQ(arn_account("orders"), "");
    EXPECT_EQ(arn_account("arn:aws:events:us-east-1"), "");
}

TEST(Arn, FieldsOfAnArn) {
    std::string_view queue = "arn:aws:sqs:us-east-1:111122223333:orders.fifo";
    EXPECT_EQ(arn_field(queue, 2), "sqs");
    EXPECT_EQ(arn_field(queue, 3), "us-east-1");
    EXPECT_EQ(arn_field(queue, 5), "orders.fifo");
    EXPECT_EQ(arn_field("arn:aws:logs:us-east-1:1:log-group:a:b", 5), "log-group:a:b");  // the resource keeps its ':'
    EXPECT_EQ(arn_field("arn:aws:sqs", 4), "");
    EXPECT_EQ(arn_field("http://x", 2), "");
}
