// The errors rules: Retry and Catch entries that cannot do what they say, and
// Lambda Tasks without AWS's recommended handling of Lambda's service errors.
#include <gtest/gtest.h>

#include "lint_test_util.h"

namespace stepwise::lint {
namespace {

using test::pointers;

// A Task state "T" with the given extra fields, going to "Handled".
std::string task_with(const std::string& fields,
                      const std::string& resource = "arn:aws:states:::dynamodb:getItem") {
    return R"({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": ")" + resource + R"(", "Parameters": {"TableName": "t", "Key": {}},
              "Next": "Handled")" + (fields.empty() ? "" : ", " + fields) + R"(},
        "Handled": {"Type": "Succeed"}}})";
}

// States.Runtime is never retried, and States.ALL does not catch it:
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// Recorded on AWS (conformance case error_handling/catch_states_runtime): a
// Catcher naming States.Runtime does not catch it; the execution fails.
TEST(ErrorsRules, StatesRuntimeInRetryOrCatchIsReported) {
    FileReport report = test::lint_text(task_with(R"("Retry": [{"ErrorEquals": ["MyError", "States.Runtime"]}],
        "Catch": [{"ErrorEquals": ["States.Runtime"], "Next": "Handled"}])"));
    EXPECT_EQ(pointers(report, "error-never-handled"),
              (std::vector<std::string>{"/States/T/Retry/0/ErrorEquals/1", "/States/T/Catch/0/ErrorEquals/0"}));
}

// The guide calls States.DataLimitExceeded "a terminal error that can't be
// caught by the States.ALL error type", yet AWS was recorded catching it, named
// and through States.ALL, when a Lambda returned too large a result (conformance
// cases error_handling/task_lambda_data_limit_exceeded_on_large_utf8_response,
// task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response).
TEST(ErrorsRules, DataLimitExceededIsNotReported) {
    FileReport report = test::lint_text(task_with(R"("Retry": [{"ErrorEquals": ["States.DataLimitExceeded"]}],
        "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "Handled"}])"));
    EXPECT_TRUE(report.compiled);
    EXPECT_TRUE(test::findings_of(report, "error-never-handled").empty());
}

// Catchers are tried in order, the first match wins; States.TaskFailed matches
// a Task's own errors (recorded on AWS: error_handling/task_lambda__no_such_function_catch).
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
TEST(ErrorsRules, CatcherWhoseErrorsEarlierCatchersAllMatchIsShadowed) {
    FileReport report = test::lint_text(task_with(R"("Catch": [
        {"ErrorEquals": ["A"], "Next": "Handled"},
        {"ErrorEquals": ["B"], "Next": "Handled"},
        {"ErrorEquals": ["B", "A"], "Next": "Handled"}])"));
    auto found = test::findings_of(report, "catcher-shadowed");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/T/Catch/2/ErrorEquals");
    EXPECT_NE(found[0].message.find("Catch/1, Catch/0"), std::string::npos) << found[0].message;

    report = test::lint_text(task_with(R"("Catch": [
        {"ErrorEquals": ["States.TaskFailed"], "Next": "Handled"},
        {"ErrorEquals": ["DynamoDB.ResourceNotFoundException"], "Next": "Handled"}])"));
    EXPECT_EQ(pointers(report, "catcher-shadowed"), std::vector<std::string>{"/States/T/Catch/1/ErrorEquals"});
}

TEST(ErrorsRules, CatcherWithAnErrorNoEarlierOneSurelyMatchesIsNotShadowed) {
    // States.TaskFailed does not match States.Timeout.
    FileReport report = test::lint_text(task_with(R"("Catch": [
        {"ErrorEquals": ["A", "States.TaskFailed"], "Next": "Handled"},
        {"ErrorEquals": ["A", "States.Timeout"], "Next": "Handled"},
        {"ErrorEquals": ["States.ALL"], "Next": "Handled"}])"));
    EXPECT_TRUE(report.compiled);
    EXPECT_TRUE(test::findings_of(report, "catcher-shadowed").empty()) << testing::PrintToString(test::summary(report));

    // What States.TaskFailed matches when a Parallel fails is not written down.
    report = test::lint_text(R"({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "F", "States": {
                  "F": {"Type": "Fail", "Error": "MyError"}}}],
              "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handled"},
                        {"ErrorEquals": ["MyError"], "Next": "Handled"}]},
        "Handled": {"Type": "Succeed"}}})");
    EXPECT_TRUE(report.compiled);
    EXPECT_TRUE(test::findings_of(report, "catcher-shadowed").empty());
}

// The first Retrier that matches decides, and with MaxAttempts 0 it never retries.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
TEST(ErrorsRules, RetrierShadowedByEarlierOnesNeverFires) {
    FileReport report = test::lint_text(task_with(R"("Retry": [
        {"ErrorEquals": ["A", "B"]}, {"ErrorEquals": ["B"], "MaxAttempts": 5}])"));
    EXPECT_EQ(pointers(report, "retrier-never-fires"), std::vector<std::string>{"/States/T/Retry/1/ErrorEquals"});
}

TEST(ErrorsRules, RetrierWithMaxAttemptsZeroGuardingNothingNeverFires) {
    FileReport report = test::lint_text(task_with(R"("Retry": [{"ErrorEquals": ["A"], "MaxAttempts": 0}])"));
    EXPECT_EQ(pointers(report, "retrier-never-fires"), std::vector<std::string>{"/States/T/Retry/0/MaxAttempts"});
}

TEST(ErrorsRules, RetrierWithMaxAttemptsZeroKeepingAnErrorFromALaterOneIsNotReported) {
    FileReport report = test::lint_text(task_with(R"("Retry": [
        {"ErrorEquals": ["A"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}])"));
    EXPECT_TRUE(report.compiled);
    EXPECT_TRUE(test::findings_of(report, "retrier-never-fires").empty()) << testing::PrintToString(test::summary(report));
}

// AWS's best practice: retry (or catch) Lambda.ClientExecutionTimeoutException,
// Lambda.ServiceException, Lambda.AWSLambdaException and Lambda.SdkClientException.
// https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
constexpr const char* kLambdaInvoke = "arn:aws:states:::lambda:invoke";
constexpr const char* kRecommendedRetry = R"("Retry": [{"ErrorEquals": ["Lambda.ClientExecutionTimeoutException",
    "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"],
    "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}])";

TEST(ErrorsRules, LambdaTaskWithoutRetryIsReported) {
    FileReport report = test::lint_text(task_with("", kLambdaInvoke));
    auto found = test::findings_of(report, "lambda-retry-missing");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/T");
    EXPECT_NE(found[0].message.find("Lambda.ServiceException"), std::string::npos) << found[0].message;

    // The function's ARN as the Resource is a Lambda Task too.
    report = test::lint_text(task_with("", "arn:aws:lambda:us-east-1:123456789012:function:Charge"));
    EXPECT_EQ(pointers(report, "lambda-retry-missing"), std::vector<std::string>{"/States/T"});
}

TEST(ErrorsRules, LambdaTaskRetryingOnlySomeNamesWhatItMisses) {
    FileReport report = test::lint_text(task_with(R"("Retry": [{"ErrorEquals": ["Lambda.ServiceException",
        "Lambda.AWSLambdaException", "Lambda.SdkClientException"]}])", kLambdaInvoke));
    auto found = test::findings_of(report, "lambda-retry-missing");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].pointer, "/States/T/Retry");
    EXPECT_NE(found[0].message.find("catches Lambda.ClientExecutionTimeoutException:"), std::string::npos)
        << found[0].message;

    // A Retrier with MaxAttempts 0 retries nothing.
    report = test::lint_text(task_with(R"("Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}])", kLambdaInvoke));
    EXPECT_EQ(pointers(report, "lambda-retry-missing"), std::vector<std::string>{"/States/T/Retry"});
}

TEST(ErrorsRules, LambdaTaskRetryingOrCatchingTheServiceErrorsIsNotReported) {
    for (std::string fields : {std::string(kRecommendedRetry),
                               std::string(R"("Retry": [{"ErrorEquals": ["States.TaskFailed"]}])"),
                               std::string(R"("Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}])")}) {
        FileReport report = test::lint_text(task_with(fields, kLambdaInvoke));
        EXPECT_TRUE(report.compiled) << fields;
        EXPECT_TRUE(test::findings_of(report, "lambda-retry-missing").empty()) << fields;
    }
    // Other services are not Lambda.
    EXPECT_TRUE(test::findings_of(test::lint_text(task_with("")), "lambda-retry-missing").empty());
}

TEST(ErrorsRules, ParallelAroundALambdaTaskMayHandleItsErrors) {
    auto parallel = [](const std::string& fields) {
        return R"({"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "f"}, "End": true}}}])" +
               (fields.empty() ? "" : ", " + fields) + "}}}";
    };
    EXPECT_TRUE(test::findings_of(test::lint_text(parallel(R"("Retry": [{"ErrorEquals": ["States.ALL"]}])")),
                                  "lambda-retry-missing")
                    .empty());
    EXPECT_EQ(pointers(test::lint_text(parallel("")), "lambda-retry-missing"),
              std::vector<std::string>{"/States/P/Branches/0/States/T"});
}

}  // namespace
}  // namespace stepwise::lint
