// Error names, Retry and Catch, each as the AWS documentation defines it.
#include <gtest/gtest.h>

#include "driver.h"
#include "engine/errors.h"
#include "engine/retry.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

const char* kTaskWithCatch = R"({
  "StartAt": "T",
  "States": {
    "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Done",
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
    "Caught": {"Type": "Pass", "End": true},
    "Done": {"Type": "Pass", "End": true}
  }})";

engine::StateError err(std::string name) { return engine::StateError{name, std::string("c"), false, false}; }

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "States.ALL: A wildcard that matches any known error name."
TEST(ErrorNames, StatesAllCatchesTaskErrors) {
    auto r = run(kTaskWithCatch, json::Object{}, [](auto&, int, auto&) { return Reply::fail("Custom.Error", "boom"); });
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.output(), json::parse(R"({"Error":"Custom.Error","Cause":"boom"})"));
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                                   "TaskStarted", "TaskFailed", "TaskStateExited",
                                                   "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "A retry or catch on States.ALL won't catch States.Runtime errors"; named explicitly it is not caught either
// (as AWS recorded in the conformance case error_handling/catch_states_runtime).
TEST(ErrorNames, StatesRuntimeIsNeverCaught) {
    auto r = run(R"({
      "StartAt": "T",
      "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "OutputPath": "$.no.such",
              "Catch": [{"ErrorEquals": ["States.Runtime"], "Next": "Caught"}, {"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
              "Retry": [{"ErrorEquals": ["States.ALL"]}],
              "End": true},
        "Caught": {"Type": "Pass", "End": true}
      }})",
                 json::Object{}, [](auto&, int, auto&) { return Reply::ok(json::Object{}); });
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.Runtime");
    EXPECT_EQ(r.cause(),
              "An error occurred while executing the state 'T' (entered at the event id #2). Invalid path '$.no.such' : "
              "Missing property in path $['no']");
    EXPECT_EQ(r.calls.size(), 1u);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "States.DataLimitExceeded ... a terminal error that can't be caught by the States.ALL error type."
// (When a task itself reports the error name, AWS treats it as the task's error: see
// error_handling/task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response.)
TEST(ErrorNames, DataLimitExceededFromTheEngineIsTerminal) {
    std::string big(300 * 1024, 'x');
    auto r = run(kTaskWithCatch, json::Object{}, [&](auto&, int, auto&) { return Reply::ok(json::Value(big)); });
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.DataLimitExceeded");
    EXPECT_EQ(r.cause(), "The state/task 'T' returned a result with a size exceeding the maximum number of bytes service limit.");

    auto reported = run(kTaskWithCatch, json::Object{},
                        [&](auto&, int, auto&) { return Reply::fail("States.DataLimitExceeded", "too big"); });
    EXPECT_EQ(reported.status(), Status::Succeeded);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "States.TaskFailed: ... acts as a wildcard that matches any known error name except for States.Timeout."
TEST(ErrorNames, TaskFailedMatchesAllButTimeout) {
    std::vector<std::string> list{"States.TaskFailed"};
    EXPECT_TRUE(engine::error_matches(list, err("Lambda.ServiceException")));
    EXPECT_TRUE(engine::error_matches(list, err("States.ResultPathMatchFailure")));
    EXPECT_FALSE(engine::error_matches(list, err("States.Timeout")));
    EXPECT_FALSE(engine::error_matches(list, err("States.HeartbeatTimeout")));
    std::vector<std::string> all{"States.ALL"};
    EXPECT_TRUE(engine::error_matches(all, err("States.Timeout")));
    EXPECT_FALSE(engine::error_matches(all, err("States.Runtime")));
    auto terminal = err("States.DataLimitExceeded");
    terminal.terminal = true;
    EXPECT_FALSE(engine::error_matches(all, terminal));
    std::vector<std::string> exact{"A", "B"};
    EXPECT_TRUE(engine::error_matches(exact, err("B")));
    EXPECT_FALSE(engine::error_matches(exact, err("b")));  // error names are case sensitive
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "States.Timeout: A Task state either ran longer than the TimeoutSeconds value ..."
TEST(ErrorNames, TaskTimeoutIsStatesTimeout) {
    auto r = run(R"({
      "StartAt": "T",
      "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5,
              "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.err", "Next": "Caught"}], "End": true},
        "Caught": {"Type": "Pass", "End": true}
      }})",
                 json::parse(R"({"a":1})"), [](auto&, int, auto&) { return Reply::timeout(); });
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.output(), json::parse(R"({"a":1,"err":{"Error":"States.Timeout","Cause":""}})"));
    auto types = r.types();
    EXPECT_NE(std::find(types.begin(), types.end(), "TaskTimedOut"), types.end());
    // The timeout elapsed on the virtual timeline.
    EXPECT_EQ(r.exec->end_ms() - r.exec->start_ms(), 5000);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
// "Retriers are evaluated in order; the first retrier whose ErrorEquals matches applies." When its
// attempts are used up, later retriers are not consulted: Catch is.
TEST(Retry, FirstMatchingRetrierDecides) {
    auto r = run(R"({
      "StartAt": "T",
      "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 1, "IntervalSeconds": 1},
                        {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5, "IntervalSeconds": 1}],
              "Catch": [{"ErrorEquals": ["E"], "Next": "Caught"}], "End": true},
        "Caught": {"Type": "Pass", "End": true}
      }})",
                 json::Object{}, [](auto&, int, auto&) { return Reply::fail("E"); });
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.calls.size(), 2u);  // the first try and one retry
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
// IntervalSeconds (default 1), BackoffRate (default 2.0), MaxAttempts (default 3), MaxDelaySeconds caps the interval.
TEST(Retry, BackoffRateAndMaxDelay) {
    auto r = run(R"({
      "StartAt": "T",
      "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 4,
                         "MaxDelaySeconds": 10}], "End": true}
      }})",
                 json::Object{}, [](auto&, int, auto&) { return Reply::fail("E"); });
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "E");
    ASSERT_EQ(r.calls.size(), 5u);
    std::vector<int64_t> gaps;
    for (size_t i = 1; i < r.calls.size(); ++i) gaps.push_back(r.calls[i].time_ms - r.calls[i - 1].time_ms);
    EXPECT_EQ(gaps, (std::vector<int64_t>{2000, 6000, 10000, 10000}));

    asl::Retrier defaults;
    EXPECT_EQ(engine::retry_delay_ms(defaults, 0, 1.0), 1000);
    EXPECT_EQ(engine::retry_delay_ms(defaults, 2, 1.0), 4000);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
// JitterStrategy FULL: a random delay between 0 and the computed interval. Seeded: reproducible.
TEST(Retry, FullJitterIsBoundedAndSeedable) {
    const char* def = R"({
      "StartAt": "T",
      "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 3, "JitterStrategy": "FULL"}],
              "End": true}
      }})";
    auto script = [](auto&, int, auto&) { return Reply::fail("E"); };
    engine::ExecutionConfig c;
    c.seed = 42;
    auto a = run(def, json::Object{}, script, c);
    auto b = run(def, json::Object{}, script, c);
    ASSERT_EQ(a.calls.size(), 4u);
    for (size_t i = 1; i < a.calls.size(); ++i) {
        int64_t gap = a.calls[i].time_ms - a.calls[i - 1].time_ms;
        EXPECT_GE(gap, 0);
        EXPECT_LE(gap, 10000 * (1 << (i - 1)));
        EXPECT_EQ(gap, b.calls[i].time_ms - b.calls[i - 1].time_ms);
    }
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
// "MaxAttempts ... A value of 0 causes the error to never be retried."
TEST(Retry, MaxAttemptsZeroNeverRetries) {
    auto r = run(R"({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}], "End": true}}})",
                 json::Object{}, [](auto&, int, auto&) { return Reply::fail("E"); });
    EXPECT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.calls.size(), 1u);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
// $$.State.RetryCount: the number of retries of the current state.
TEST(Retry, ContextRetryCount) {
    auto r = run(R"({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"n.$": "$$.State.RetryCount"},
                   "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}], "End": true}}})",
                 json::Object{}, [](auto&, int n, auto&) { return n < 2 ? Reply::fail("E") : Reply::ok("ok"); });
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.calls.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(*r.calls[i].parameters.find("n"), json::Value(i));
        EXPECT_EQ(r.calls[i].retry_count, i);
    }
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states
// A Catcher's ResultPath places {"Error", "Cause"} into the state's input; without it the error output replaces it.
TEST(Catch, ResultPathPlacesTheErrorOutput) {
    auto r = run(R"({"StartAt": "T", "States": {
                   "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                         "Catch": [{"ErrorEquals": ["E"], "ResultPath": "$.error", "Next": "Caught"}], "End": true},
                   "Caught": {"Type": "Pass", "End": true}}})",
                 json::parse(R"({"keep":true})"), [](auto&, int, auto&) { return Reply::fail("E", "why"); });
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.output(), json::parse(R"({"keep":true,"error":{"Error":"E","Cause":"why"}})"));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "States.NoChoiceMatched: A Choice state failed to match an input to the conditions ... and no Default is specified."
TEST(ErrorNames, NoChoiceMatched) {
    auto r = run(R"({"StartAt": "C", "States": {"C": {"Type": "Choice",
                   "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "D"}]}, "D": {"Type": "Succeed"}}})",
                 json::parse(R"({"x":2})"));
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.NoChoiceMatched");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
// "If any branch fails ... the entire Parallel state fails": with the branch's error and cause
// (parallel/parallel_state_catch), and the other branches stop.
TEST(ErrorNames, ParallelFailsWithTheBranchError) {
    auto r = run(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                   {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100, "Next": "T"},
                                               "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
                   {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Branch.Error", "Cause": "b"}}}]}}})",
                 json::Object{});
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "Branch.Error");
    EXPECT_EQ(r.cause(), "b");
    EXPECT_TRUE(r.calls.empty());  // the waiting branch was stopped
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "States.ExceedToleratedFailureThreshold: A Map state failed because the number of failed items exceeded the
// threshold specified in the state machine definition."
// The engine's own fanout (an INLINE Map, which AWS lets tolerate failures too:
// conformance evaluate_jsonata/base_map__TOLERATED_FAILURE_PERCENTAGE); a
// DISTRIBUTED Map's Map Run is the shell's (tests/unit/tasks/map_run_runner_test.cpp).
TEST(ErrorNames, ExceedToleratedFailureThreshold) {
    const char* def = R"({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ToleratedFailureCount": 1,
                   "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"},
                     "StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "F"}],
                                                  "Default": "S"},
                                      "F": {"Type": "Fail", "Error": "Big"}, "S": {"Type": "Succeed"}}}}}})";
    auto ok = run(def, json::parse("[1, 2]"));
    EXPECT_EQ(ok.status(), Status::Succeeded);
    auto r = run(def, json::parse("[1, 2, 3]"));
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.ExceedToleratedFailureThreshold");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "States.ResultPathMatchFailure: Step Functions failed to replace a field in the state's input with its result."
// It is a regular error: Catch handles it.
TEST(ErrorNames, ResultPathMatchFailureIsCatchable) {
    auto r = run(R"({"StartAt": "T", "States": {
                   "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$.a.b",
                         "Catch": [{"ErrorEquals": ["States.ResultPathMatchFailure"], "ResultPath": null, "Next": "Caught"}], "End": true},
                   "Caught": {"Type": "Pass", "End": true}}})",
                 json::parse(R"({"a":"not an object"})"), [](auto&, int, auto&) { return Reply::ok(1); });
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.output(), json::parse(R"({"a":"not an object"})"));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// "States.IntrinsicFailure: ... an intrinsic function ... failed." A regular, catchable error.
TEST(ErrorNames, IntrinsicFailureIsCatchable) {
    auto r = run(R"J({"StartAt": "T", "States": {
                   "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                         "Parameters": {"x.$": "States.StringToJson($.s)"},
                         "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                   "Caught": {"Type": "Pass", "End": true}}})J",
                 json::parse(R"({"s":"{not json"})"));
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(*r.output().find("Error"), json::Value("States.IntrinsicFailure"));
    EXPECT_TRUE(r.calls.empty());
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// A Fail state's Error and Cause become the execution's (no retry, no catch at the top level).
TEST(ErrorNames, FailStateErrorPathAndCausePath) {
    auto r = run(R"J({"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('n={}', $.n)"}}})J",
                 json::parse(R"({"e":"MyError","n":3})"));
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "MyError");
    EXPECT_EQ(r.cause(), "n=3");
}
