#include "tasks/function_ref.h"

#include <gtest/gtest.h>

using namespace stepwise::tasks;

TEST(FunctionRef, PlainName) {
    auto ref = parse_function_name("ValidateOrder");
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->name, "ValidateOrder");
    EXPECT_EQ(ref->qualifier, "");
    EXPECT_EQ(ref->account, "");
}

TEST(FunctionRef, NameWithVersionOrAlias) {
    auto v = parse_function_name("ValidateOrder:3");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->name, "ValidateOrder");
    EXPECT_EQ(v->qualifier, "3");
    auto a = parse_function_name("ValidateOrder:live");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->qualifier, "live");
    auto l = parse_function_name("ValidateOrder:$LATEST");
    ASSERT_TRUE(l);
    EXPECT_EQ(l->qualifier, "$LATEST");
}

TEST(FunctionRef, PartialArn) {
    auto ref = parse_function_name("123456789012:function:vehicle-orders-ValidateOrder");
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->name, "vehicle-orders-ValidateOrder");
    EXPECT_EQ(ref->account, "123456789012");
    auto q = parse_function_name("123456789012:function:fn_1:prod");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->name, "fn_1");
    EXPECT_EQ(q->qualifier, "prod");
}

TEST(FunctionRef, FullArn) {
    auto ref = parse_function_name("arn:aws:lambda:eu-west-1:111111111111:function:lambda_func_5f0a0001");
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->name, "lambda_func_5f0a0001");
    EXPECT_EQ(ref->region, "eu-west-1");
    EXPECT_EQ(ref->account, "111111111111");
    EXPECT_EQ(ref->partition, "aws");
    auto q = parse_function_name("arn:aws-us-gov:lambda:us-gov-west-1:111111111111:function:f:7");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->qualifier, "7");
}

TEST(FunctionRef, RejectsWhatLambdaRejects) {
    std::string error;
    EXPECT_FALSE(parse_function_name("", &error));
    EXPECT_NE(error.find("failed to satisfy constraint"), std::string::npos);
    EXPECT_FALSE(parse_function_name("bad name"));
    EXPECT_FALSE(parse_function_name("a:b:c"));
    EXPECT_FALSE(parse_function_name("arn:aws:s3:us-east-1:111111111111:function:f"));
    EXPECT_FALSE(parse_function_name("arn:aws:lambda:us-east-1:1111:function:f"));
    EXPECT_FALSE(parse_function_name("${ValidateOrderFunctionArn}"));
    EXPECT_FALSE(parse_function_name(std::string(65, 'a')));
}
