// An event bus's resource policy: PutPermission's statements as AWS renders
// them, RemovePermission, whole documents, and who may put events.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
#include <gtest/gtest.h>

#include "events/bus/bus_policy.h"
#include "events/bus/model.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

const std::string kBus = "arn:aws:events:us-east-1:123456789012:event-bus/orders";

std::string code_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const BusError& e) {
        return e.code();
    }
    return "";
}

TEST(BusPolicy, AnAccountStatementAsAwsRendersIt) {
    std::string policy = add_permission("", kBus, {.statement_id = "partner", .principal = "111122223333"});
    EXPECT_EQ(json::parse(policy),
              json::parse(R"({"Version":"2012-10-17","Statement":[{"Sid":"partner","Effect":"Allow",
                  "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"events:PutEvents",
                  "Resource":"arn:aws:events:us-east-1:123456789012:event-bus/orders"}]})"));
    EXPECT_TRUE(allows_put_events(policy, "111122223333", kBus));
    EXPECT_FALSE(allows_put_events(policy, "444455556666", kBus));
    EXPECT_FALSE(allows_put_events(policy, "111122223333", "arn:aws:events:us-east-1:123456789012:event-bus/other"));
}

TEST(BusPolicy, EveryoneAndTheOrganizationCondition) {
    std::string anyone = add_permission("", kBus, {.statement_id = "all", .principal = "*"});
    EXPECT_EQ(*json::parse(anyone).find("Statement")->as_array()[0].find("Principal"), json::Value("*"));
    EXPECT_TRUE(allows_put_events(anyone, "444455556666", kBus));
    std::string org = add_permission("", kBus, {.statement_id = "org", .principal = "*",
                                                .condition_type = "StringEquals",
                                                .condition_key = "aws:PrincipalOrgID",
                                                .condition_value = "o-1234567890"});
    EXPECT_EQ(*json::parse(org).find("Statement")->as_array()[0].find("Condition"),
              json::parse(R"({"StringEquals":{"aws:PrincipalOrgID":"o-1234567890"}})"));
    EXPECT_FALSE(allows_put_events(org, "444455556666", kBus)) << "no organizations here: a condition fails closed";
}

TEST(BusPolicy, SameSidReplacesAndRemoveTakesOne) {
    std::string policy = add_permission("", kBus, {.statement_id = "a", .principal = "111122223333"});
    policy = add_permission(policy, kBus, {.statement_id = "b", .principal = "444455556666"});
    policy = add_permission(policy, kBus, {.statement_id = "a", .principal = "777788889999"});
    EXPECT_EQ(json::parse(policy).find("Statement")->size(), 2u);
    EXPECT_FALSE(allows_put_events(policy, "111122223333", kBus));
    EXPECT_TRUE(allows_put_events(policy, "777788889999", kBus));
    policy = remove_permission(policy, "b");
    EXPECT_FALSE(allows_put_events(policy, "444455556666", kBus));
    EXPECT_EQ(code_of([&] { remove_permission(policy, "b"); }), "ResourceNotFoundException");
    EXPECT_EQ(remove_permission(policy, "a"), "") << "no statement left: no policy";
    EXPECT_EQ(code_of([] { remove_permission("", "a"); }), "ResourceNotFoundException");
}

TEST(BusPolicy, GrantsAreChecked) {
    EXPECT_EQ(code_of([] { add_permission("", kBus, {.statement_id = "x", .principal = "12345"}); }),
              "ValidationException");
    EXPECT_EQ(code_of([] { add_permission("", kBus, {.statement_id = "bad id", .principal = "*"}); }),
              "ValidationException");
    EXPECT_EQ(code_of([] { add_permission("", kBus, {.statement_id = "x", .principal = "*", .action = "events:PutRule"}); }),
              "ValidationException");
    EXPECT_EQ(code_of([] {
                  add_permission("", kBus, {.statement_id = "x", .principal = "*", .condition_type = "StringLike",
                                            .condition_key = "aws:PrincipalOrgID", .condition_value = "o-1"});
              }),
              "ValidationException");
}

TEST(BusPolicy, WholeDocuments) {
    std::string document = checked_policy(R"({"Version":"2012-10-17","Statement":[
        {"Sid":"in","Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:role/x"]},
         "Action":["events:Put*"],"Resource":"arn:aws:events:us-east-1:123456789012:event-bus/ord?rs"},
        {"Sid":"out","Effect":"Deny","Principal":"*","Action":"events:*","Resource":"*"}]})");
    EXPECT_FALSE(allows_put_events(document, "111122223333", kBus)) << "an explicit Deny wins";
    std::string allow_only = checked_policy(R"({"Statement":{"Effect":"Allow","Principal":{"AWS":["111122223333",
        "arn:aws:iam::444455556666:role/x"]},"Action":["events:Put*"],
        "Resource":"arn:aws:events:us-east-1:123456789012:event-bus/ord?rs"}})");
    EXPECT_TRUE(allows_put_events(allow_only, "111122223333", kBus));
    EXPECT_TRUE(allows_put_events(allow_only, "444455556666", kBus));
    EXPECT_FALSE(allows_put_events(allow_only, "777788889999", kBus));
    EXPECT_EQ(code_of([] { checked_policy("[1]"); }), "ValidationException");
    EXPECT_EQ(code_of([] { checked_policy(R"({"Version":"2012-10-17"})"); }), "ValidationException");
    EXPECT_EQ(code_of([] { checked_policy(R"({"Statement":[{"Effect":"Maybe"}]})"); }), "ValidationException");
    EXPECT_EQ(code_of([] {
                  checked_policy(R"({"Statement":[{"Effect":"Allow","Sid":")" + std::string(kMaxPolicySize, 'x') + "\"}]}");
              }),
              "PolicyLengthExceededException");
    EXPECT_FALSE(allows_put_events("", "111122223333", kBus));
    EXPECT_FALSE(allows_put_events("{not json", "111122223333", kBus));
}

}  // namespace
}  // namespace stepwise::events
