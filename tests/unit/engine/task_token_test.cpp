// One task token per Task attempt: $$.Task.Token and Command::task_token are
// the same decodable value, and replay reproduces it.
#include <gtest/gtest.h>

#include "driver.h"
#include "engine/task_token.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

const char* kCallback = R"({
  "StartAt": "Wait",
  "States": {
    "Wait": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
             "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
             "Retry": [{"ErrorEquals": ["Again"], "IntervalSeconds": 1, "MaxAttempts": 1}], "End": true}
  }})";

}  // namespace

TEST(TaskToken, RoundTrips) {
    const std::string arn = "arn:aws:states:us-east-1:111111111111:execution:Machine:run-1";
    std::string token = engine::make_task_token(arn, 42, "5f0c1a2b-0000-4000-8000-000000000000");
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_EQ(token.find(arn), std::string::npos);  // opaque-looking
    auto parts = engine::parse_task_token(token);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->execution_arn, arn);
    EXPECT_EQ(parts->task_id, 42u);
}

TEST(TaskToken, ParseRejectsAnythingElse) {
    EXPECT_FALSE(engine::parse_task_token(""));
    EXPECT_FALSE(engine::parse_task_token("not a token!"));
    EXPECT_FALSE(engine::parse_task_token("AQB8AAAAKgAAAAMAAAAAAAAAAd"));
    EXPECT_FALSE(engine::parse_task_token("a"));
    EXPECT_FALSE(engine::parse_task_token(std::string(2000, 'A')));
    std::string good = engine::make_task_token("arn:aws:states:us-east-1:1:execution:M:e", 7, "nonce");
    ASSERT_TRUE(engine::parse_task_token(good));
    EXPECT_FALSE(engine::parse_task_token(good.substr(0, good.size() - 1)));
    EXPECT_FALSE(engine::parse_task_token(good + "="));
    // Well-formed base64 of the wrong texts.
    EXPECT_FALSE(engine::parse_task_token(engine::make_task_token("not-an-arn", 1, "n")));
    EXPECT_FALSE(engine::parse_task_token(engine::make_task_token("arn:x", 1, "")));        // no nonce
    EXPECT_FALSE(engine::parse_task_token(engine::make_task_token("arn:x", 1, "a|b")));     // extra field
    EXPECT_FALSE(engine::parse_task_token("djJ8YXJuOnh8MXxu"));  // v2|arn:x|1|n: another version
    EXPECT_FALSE(engine::parse_task_token("djF8YXJuOnh8MXh8bg"));  // v1|arn:x|1x|n: id not a number
    EXPECT_FALSE(engine::parse_task_token("djF8YXJuOnh8MDF8bg"));  // v1|arn:x|01|n: id with a leading zero
    EXPECT_FALSE(engine::parse_task_token("djF8YXJuOnh8fG4"));  // v1|arn:x||n: no id
    EXPECT_EQ(engine::parse_task_token("djF8YXJuOnh8MXxu")->task_id, 1u);  // v1|arn:x|1|n
}

TEST(TaskToken, ContextTokenIsTheCommandToken) {
    auto r = run(kCallback, json::Object{});
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.calls.size(), 1u);
    const json::Value* token = r.calls[0].parameters.find("MessageBody")->find("token");
    ASSERT_TRUE(token);
    EXPECT_EQ(std::string(token->as_string()), r.tokens[0]);
    auto parts = engine::parse_task_token(r.tokens[0]);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->execution_arn, r.exec->execution_arn());
    EXPECT_EQ(parts->task_id, r.task_ids[0]);
}

TEST(TaskToken, EachAttemptHasItsOwnToken) {
    auto r = run(kCallback, json::Object{}, [](auto&, int n, auto&) {
        return n == 0 ? Reply::fail("Again") : Reply::ok(json::Object{});
    });
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.tokens.size(), 2u);
    EXPECT_NE(r.tokens[0], r.tokens[1]);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(std::string(r.calls[i].parameters.find("MessageBody")->find("token")->as_string()), r.tokens[i]);
        EXPECT_EQ(engine::parse_task_token(r.tokens[i])->task_id, r.task_ids[i]);
    }
}

// Activity workers answer with SendTaskSuccess(taskToken), so activity tasks get a token too;
// a plain Lambda invocation does not.
TEST(TaskToken, ActivitiesGetATokenOtherTasksDoNot) {
    auto activity = run(R"({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:111111111111:activity:worker", "End": true}}})",
                        json::Object{});
    ASSERT_EQ(activity.tokens.size(), 1u);
    auto parts = engine::parse_task_token(activity.tokens[0]);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->task_id, activity.task_ids[0]);

    auto lambda = run(R"({"StartAt": "L", "States": {
        "L": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})",
                      json::Object{});
    ASSERT_EQ(lambda.tokens.size(), 1u);
    EXPECT_EQ(lambda.tokens[0], "");
}

TEST(TaskToken, ReplayReproducesTheToken) {
    engine::ExecutionConfig config;
    config.seed = 1234;
    auto r = run(kCallback, json::Object{}, [](auto&, int, auto& params) { return Reply::ok(params); }, config);
    ASSERT_EQ(r.status(), Status::Succeeded);
    auto copy = engine::Execution::replay(r.exec->machine(), r.exec->config(), r.exec->journal());
    EXPECT_EQ(json::dump(copy->output()), json::dump(r.output()));
    // A different seed gives a different token for the same task.
    config.seed = 99;
    auto other = run(kCallback, json::Object{}, nullptr, config);
    EXPECT_NE(other.tokens[0], r.tokens[0]);
}

// Before: the nonce came from the seed, which also drives States.UUID,
// States.MathRandom and generated names, so whoever saw an execution (or
// guessed its seed) could forge its tokens. With a token secret (serve draws
// one per execution from a CSPRNG) the same seed and names give other tokens.
TEST(TaskToken, SecretMakesTokensIndependentOfTheSeed) {
    engine::ExecutionConfig config;
    config.seed = 1234;
    config.execution_name = "run-1";
    auto seeded = run(kCallback, json::Object{}, nullptr, config);
    config.token_secret = "secret-one";
    auto first = run(kCallback, json::Object{}, nullptr, config);
    config.token_secret = "secret-two";
    auto second = run(kCallback, json::Object{}, nullptr, config);
    ASSERT_EQ(first.tokens.size(), 1u);
    EXPECT_NE(first.tokens[0], seeded.tokens[0]);
    EXPECT_NE(first.tokens[0], second.tokens[0]);
    // Still decodable: the host finds the execution and the task.
    auto parts = engine::parse_task_token(first.tokens[0]);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->execution_arn, first.exec->execution_arn());
    EXPECT_EQ(parts->task_id, first.task_ids[0]);
    EXPECT_EQ(first.tokens[0], engine::make_task_token(first.exec->execution_arn(), first.task_ids[0],
                                                       engine::secret_token_nonce("secret-one",
                                                                                  first.exec->execution_arn(),
                                                                                  first.task_ids[0])));
}

// Recovery replays the journal with the stored config: the same secret gives
// the same token, so callbacks handed out before a restart still answer.
TEST(TaskToken, ReplayWithTheStoredSecretReproducesTheToken) {
    engine::ExecutionConfig config;
    config.token_secret = "stored-secret";
    auto r = run(kCallback, json::Object{}, [](auto&, int n, auto&) {
        return n == 0 ? Reply::fail("Again") : Reply::ok(json::Object{});
    }, config);
    ASSERT_EQ(r.tokens.size(), 2u);
    std::vector<engine::Command> issued;
    auto copy = engine::Execution::replay(r.exec->machine(), r.exec->config(), r.exec->journal(), &issued);
    std::vector<std::string> replayed;
    for (const auto& c : issued)
        if (c.kind == engine::Command::Kind::InvokeTask) replayed.push_back(c.task_token);
    EXPECT_EQ(replayed, r.tokens);
}

TEST(TaskToken, SecretNonceIsKeyedHex) {
    std::string a = engine::secret_token_nonce("k", "arn:x", 1);
    EXPECT_EQ(a.size(), 32u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(a, engine::secret_token_nonce("k", "arn:x", 2));
    EXPECT_NE(a, engine::secret_token_nonce("K", "arn:x", 1));
    EXPECT_EQ(a, engine::secret_token_nonce("k", "arn:x", 1));
}
