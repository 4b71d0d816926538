// ExecutionHost: many durable executions, callbacks, stop, redrive and
// resuming from the store after the host is gone.
#include <mutex>

#include "engine/task_token.h"
#include "host_fixture.h"

using namespace stepwise;
using namespace stepwise::host_test;

TEST(ExecutionHost, RunsToTheEndOnTheVirtualClockAndStoresHistory) {
    Fixture f;
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto started = f.start(host, f.request("d1", kPassWait, "one"));
    ASSERT_FALSE(started.error) << started.error.message;
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "SUCCEEDED");
    EXPECT_EQ(json::parse(*record.output), json::parse(R"({"a": 1})"));
    auto history = *host.history(started.execution_arn, 0, INT64_MAX, 100, false);
    ASSERT_FALSE(history.empty());
    for (size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].id, static_cast<int64_t>(i + 1));
    EXPECT_NE(history.back().event.find("ExecutionSucceeded"), std::string::npos);
}

TEST(ExecutionHost, StartIsIdempotentOnNameAndInput) {
    Fixture f;
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    auto first = f.start(host, f.request("d1", kPassWait, "same", R"({"x": 1})"));
    auto again = f.start(host, f.request("d1", kPassWait, "same", R"({ "x" : 1 })"));
    EXPECT_FALSE(again.error);
    EXPECT_EQ(again.execution_arn, first.execution_arn);
    auto other = f.start(host, f.request("d1", kPassWait, "same", R"({"x": 2})"));
    EXPECT_EQ(other.error.type, "ExecutionAlreadyExists");
}

TEST(ExecutionHost, StopAbortsARunningExecution) {
    Fixture f;
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    auto started = f.start(host, f.request("d1", kPassWait, "stopped"));
    std::promise<runtime::HostError> p;
    host.stop(started.execution_arn, "Why", "Because", [&](runtime::HostError e, int64_t) { p.set_value(e); });
    EXPECT_FALSE(p.get_future().get());
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "ABORTED");
    EXPECT_EQ(record.error.value_or(""), "Why");
}

TEST(ExecutionHost, LiveConfigIsTheRunningExecutionsStoredConfig) {
    Fixture f;
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    auto started = f.start(host, f.request("d1", kCallback, "configured"));
    std::optional<std::string> config = host.live_config(started.execution_arn);
    ASSERT_TRUE(config);
    EXPECT_EQ(*config, f.store->get_execution(started.execution_arn)->config);
    EXPECT_EQ(json::parse(*config).find("definitionId")->as_string(), "d1");
    EXPECT_FALSE(host.live_config(started.execution_arn + "x"));
}

TEST(ExecutionHost, CallbackTokenRoundTrip) {
    Fixture f;
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    auto started = f.start(host, f.request("d1", kCallback, "cb"));
    std::string token = f.wait_token(host, started.execution_arn);
    ASSERT_TRUE(engine::parse_task_token(token));
    std::promise<runtime::HostError> p;
    host.send_task_success(token, R"({"done": true})", [&](runtime::HostError e) { p.set_value(e); });
    EXPECT_FALSE(p.get_future().get());
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "SUCCEEDED");
    EXPECT_EQ(json::parse(*record.output), json::parse(R"({"done": true})"));

    std::promise<runtime::HostError> late;
    host.send_task_success(token, "{}", [&](runtime::HostError e) { late.set_value(e); });
    EXPECT_EQ(late.get_future().get().type, "TaskTimedOut");
    std::promise<runtime::HostError> bad;
    host.send_task_success("nonsense", "{}", [&](runtime::HostError e) { bad.set_value(e); });
    EXPECT_EQ(bad.get_future().get().type, "InvalidToken");
}

TEST(ExecutionHost, ResumesRunningExecutionsFromTheStore) {
    Fixture f;
    std::string arn;
    {
        runtime::HostOptions o;
        o.time_scale = 1000.0;  // the hour-long Wait will not end before the host goes
        runtime::ExecutionHost host(*f.store, f.resolver(), o);
        arn = f.start(host, f.request("d1", kPassWait, "resumed")).execution_arn;
    }
    EXPECT_EQ(f.store->get_execution(arn)->status, "RUNNING");
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    EXPECT_EQ(host.recover(), 1u);
    auto record = f.wait_end(arn);
    EXPECT_EQ(record.status, "SUCCEEDED");
    auto history = *host.history(arn, 0, INT64_MAX, 100, false);
    ASSERT_FALSE(history.empty());
    for (size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].id, static_cast<int64_t>(i + 1));
}

// The input is stored once, in the record, as the client's text (which
// DescribeExecution returns as given); the journal's start entry leaves it
// out, and replay after a restart takes it from the record.
TEST(ExecutionHost, TheInputIsStoredOnceInTheRecord) {
    Fixture f;
    const std::string input = R"({ "order" : [1, 2] })";
    std::string arn;
    {
        runtime::HostOptions o;
        o.time_scale = 1000.0;  // the hour-long Wait will not end before the host goes
        runtime::ExecutionHost host(*f.store, f.resolver(), o);
        arn = f.start(host, f.request("d1", kPassWait, "input-once", input)).execution_arn;
    }
    EXPECT_EQ(f.store->get_execution(arn)->input, input);
    auto journal = f.store->journal(arn);
    ASSERT_FALSE(journal.empty());
    json::Value start = json::parse(journal.front());
    EXPECT_EQ(start.find("kind")->as_string(), "Start");
    EXPECT_EQ(start.find("value"), nullptr) << journal.front();

    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    EXPECT_EQ(host.recover(), 1u);
    EXPECT_EQ(f.wait_end(arn).status, "SUCCEEDED");
    auto history = *host.history(arn, 0, INT64_MAX, 1, false);
    ASSERT_EQ(history.size(), 1u);
    json::Value started = json::parse(history.front().event);
    const json::Value* details = started.find("executionStartedEventDetails");
    ASSERT_NE(details, nullptr) << history.front().event;
    EXPECT_EQ(json::parse(details->find("input")->as_string()), json::parse(input));
}

// An execution's ARN is in its state machine's scope, and stays so after a restart.
TEST(ExecutionHost, ResumedExecutionsKeepTheirScope) {
    Fixture f;
    std::string arn;
    {
        runtime::HostOptions o;
        o.time_scale = 1000.0;  // the hour-long Wait will not end before the host goes
        runtime::ExecutionHost host(*f.store, f.resolver(), o);
        auto request = f.request("d1", kPassWait, "regional");
        request.scope = {"210987654321", "eu-west-1"};
        arn = f.start(host, std::move(request)).execution_arn;
    }
    EXPECT_EQ(arn, "arn:aws:states:eu-west-1:210987654321:execution:M:regional");
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    EXPECT_EQ(host.recover(), 1u);
    EXPECT_EQ(f.wait_end(arn).status, "SUCCEEDED");
}

TEST(ExecutionHost, CallbackTokensSurviveARestart) {
    Fixture f;
    std::string arn, token;
    {
        runtime::ExecutionHost host(*f.store, f.resolver(), {});
        arn = f.start(host, f.request("d1", kCallback, "cb")).execution_arn;
        token = f.wait_token(host, arn);
    }
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    host.recover();
    std::promise<runtime::HostError> p;
    host.send_task_failure(token, "My.Error", "it broke", [&](runtime::HostError e) { p.set_value(e); });
    EXPECT_FALSE(p.get_future().get());
    auto record = f.wait_end(arn);
    EXPECT_EQ(record.status, "FAILED");
    EXPECT_EQ(record.error.value_or(""), "My.Error");
}

// Tokens are keyed by a per-execution secret from the CSPRNG, stored with the
// execution's config (so a restart replays the same tokens) and never in its
// history or anything else an execution can observe.
TEST(ExecutionHost, TaskTokensAreKeyedByAStoredSecret) {
    Fixture f;
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    std::string arn = f.start(host, f.request("d1", kCallback, "keyed")).execution_arn;
    std::string token = f.wait_token(host, arn);
    auto parts = engine::parse_task_token(token);
    ASSERT_TRUE(parts);
    auto record = f.store->get_execution(arn);
    ASSERT_TRUE(record);
    json::Value config = json::parse(record->config);
    const json::Value* secret = config.find("tokenSecret");
    ASSERT_TRUE(secret && secret->is_string());
    std::string key(secret->as_string());
    EXPECT_EQ(key.size(), 64u);
    EXPECT_EQ(token, engine::make_task_token(arn, parts->task_id, engine::secret_token_nonce(key, arn, parts->task_id)));
    auto history = host.history(arn, 0, INT64_MAX, 1000, false);  // a named optional: it outlives the loop
    ASSERT_TRUE(history);
    for (const auto& row : *history) EXPECT_EQ(row.event.find(key), std::string::npos);
    std::string other = f.wait_token(host, f.start(host, f.request("d1", kCallback, "other")).execution_arn);
    auto other_record = f.store->get_execution(engine::parse_task_token(other)->execution_arn);
    json::Value other_config = json::parse(other_record->config);
    EXPECT_NE(std::string(other_config.find("tokenSecret")->as_string()), key);
}

TEST(ExecutionHost, ManyExecutionsAtOnce) {
    Fixture f;
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    std::vector<std::string> arns;
    for (int i = 0; i < 300; ++i)
        arns.push_back(f.start(host, f.request("d1", kPassWait, "n" + std::to_string(i))).execution_arn);
    for (const auto& arn : arns) EXPECT_EQ(f.wait_end(arn).status, "SUCCEEDED");
}

TEST(ExecutionHost, HistoryOfAnEndedExecutionIsReplayedFromTheJournal) {
    Fixture f;
    runtime::HostOptions o;
    o.virtual_time = true;
    std::string arn;
    std::vector<runtime::HistoryRow> live_rows;
    {
        runtime::ExecutionHost host(*f.store, f.resolver(), o);
        arn = f.start(host, f.request("d1", kPassWait, "replayed")).execution_arn;
        f.wait_end(arn);
        live_rows = *host.history(arn, 0, INT64_MAX, 1000, false);
    }
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto rows = *host.history(arn, 0, INT64_MAX, 1000, false);
    ASSERT_EQ(rows.size(), live_rows.size());
    for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].event, live_rows[i].event);
    auto newest = *host.history(arn, 0, INT64_MAX, 2, true);
    ASSERT_EQ(newest.size(), 2u);
    EXPECT_EQ(newest[0].id, static_cast<int64_t>(rows.size()));
    auto page = *host.history(arn, 2, INT64_MAX, 2, false);
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0].id, 3);
    EXPECT_FALSE(host.history("arn:aws:states:us-east-1:123456789012:execution:M:nope", 0, INT64_MAX, 10, false));
}

TEST(ExecutionHost, RedriveContinuesTheMockCounters) {
    Fixture f;
    runtime::HostOptions o;
    o.virtual_time = true;
    o.mocks = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::from_json(json::parse(R"({
        "StateMachines": {"M": {"TestCases": {"FailOnce": {"Flaky": "FlakyOnce"}}}},
        "MockedResponses": {"FlakyOnce": {"0": {"Throw": {"Error": "Boom", "Cause": "first"}},
                                          "1": {"Return": {"attempt": 2}}}}})")));
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    std::mutex seen_mutex;
    std::vector<std::string> seen;  // status changes, in order
    host.on_status_change([&](const runtime::StatusChange& c) {
        std::lock_guard lock(seen_mutex);
        seen.push_back(c.record.status + "/" + std::to_string(c.record.redrive_count));
    });
    auto request = f.request("d1", R"({"StartAt": "Flaky", "States": {
        "Flaky": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})", "redriven");
    request.test_case = "FailOnce";
    auto arn = f.start(host, request).execution_arn;
    EXPECT_EQ(f.wait_end(arn).status, "FAILED");
    for (int i = 0; i < 4000 && host.running_count(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::promise<runtime::HostError> p;
    host.redrive(arn, [&](runtime::HostError e, int64_t) { p.set_value(e); });
    EXPECT_FALSE(p.get_future().get());
    auto record = f.wait_end(arn);
    EXPECT_EQ(record.status, "SUCCEEDED") << record.error.value_or("") << " " << record.cause.value_or("");
    EXPECT_EQ(record.redrive_count, 1);
    for (int i = 0; i < 4000; ++i) {
        {
            std::lock_guard lock(seen_mutex);
            if (seen.size() >= 4) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard lock(seen_mutex);
    EXPECT_EQ(seen, (std::vector<std::string>{"RUNNING/0", "FAILED/0", "RUNNING/1", "SUCCEEDED/1"}));
}

// A test case the mock config lacks is the caller's mistake (400 ValidationException naming
// it), not an exception out of the host (500 InternalFailure, which SDKs retry): the API checks
// StartExecution's first, but a re-run or a Map Run's child (whose test case is its parent
// machine's) reaches the host with one unchecked.
TEST(ExecutionHost, AnUnknownMockTestCaseIsRefusedAsTheCallersMistake) {
    Fixture f;
    runtime::HostOptions o;
    o.virtual_time = true;
    o.mocks = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::from_json(json::parse(R"({
        "StateMachines": {"M": {"TestCases": {"Happy": {"T": "Ok"}}}},
        "MockedResponses": {"Ok": {"0": {"Return": {"ok": true}}}}})")));
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    const char* task = R"({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})";
    auto unknown = f.request("d1", task, "unknown-case");
    unknown.test_case = "Nope";
    runtime::StartResult refused = f.start(host, unknown);
    EXPECT_EQ(refused.error.type, "ValidationException");
    EXPECT_NE(refused.error.message.find("\"Nope\""), std::string::npos) << refused.error.message;
    EXPECT_NE(refused.error.message.find("Happy"), std::string::npos) << refused.error.message;
    EXPECT_FALSE(f.store->get_execution("arn:aws:states:us-east-1:123456789012:execution:M:unknown-case"));

    auto child = f.request("d1", task, "child-of-other");
    child.test_case = "Happy";
    child.mock_state_machine = "Other";  // its parent's, which the config does not have
    refused = f.start(host, child);
    EXPECT_EQ(refused.error.type, "ValidationException");
    EXPECT_NE(refused.error.message.find("\"Other\""), std::string::npos) << refused.error.message;

    std::promise<runtime::SyncResult> sync;
    host.start_sync(unknown, [&](runtime::SyncResult r) { sync.set_value(std::move(r)); });
    EXPECT_EQ(sync.get_future().get().error.type, "ValidationException");

    auto known = f.request("d1", task, "known-case");
    known.test_case = "Happy";
    auto arn = f.start(host, known).execution_arn;
    EXPECT_EQ(f.wait_end(arn).status, "SUCCEEDED");
}

TEST(ExecutionHost, StartAnswersOnceTheStartIsStoredNotAfterTheFirstSteps) {
    // The first steps run after the answer: a slow one (here an integration
    // held until the test lets go) must not hold StartExecution.
    Fixture f;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    // An integration that blocks the strand until released.
    struct Held : tasks::Integration {
        std::shared_future<void> released;
        bool serves(const asl::Resource&) const override { return true; }
        tasks::TaskCancel start(const tasks::TaskRequest&, tasks::TaskDone done) override {
            released.wait();
            done(tasks::TaskOutcome::success(json::parse(R"({"ok": true})")));
            return {};
        }
    };
    auto held = std::make_shared<Held>();
    held->released = released;
    runtime::HostOptions o;
    o.router.integrations.push_back(held);
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    const char* slow = R"({"StartAt": "Slow", "States": {
        "Slow": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents", "Parameters": {"Entries": []},
                 "End": true}}})";
    std::promise<runtime::StartResult> answer;
    host.start(f.request("slow", slow, "slow"), [&](runtime::StartResult r) { answer.set_value(std::move(r)); });
    auto answered = answer.get_future();
    const bool in_time = answered.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    release.set_value();
    ASSERT_TRUE(in_time) << "StartExecution waited for the first step";
    auto started = answered.get();
    EXPECT_FALSE(started.error);
    EXPECT_EQ(f.store->get_execution(started.execution_arn)->start_ms, started.start_ms);
    EXPECT_EQ(f.wait_end(started.execution_arn).status, "SUCCEEDED");
}

namespace stepwise::host_test {
namespace {

TEST(ExecutionHost, HistoryAddedBringsEachStepsEventsOfFollowedExecutionsOnlyInOrder) {
    Fixture f;
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    const std::string followed = "arn:aws:states:us-east-1:123456789012:execution:M:followed";
    std::mutex added_mutex;
    std::vector<runtime::HistoryAdded> added;
    host.on_history_added([&](const std::string& arn) { return arn == followed; },
                          [&](const runtime::HistoryAdded& a) {
                              std::lock_guard lock(added_mutex);
                              added.push_back(a);
                          });
    auto other = f.start(host, f.request("d1", R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})",
                                         "other")).execution_arn;
    EXPECT_EQ(f.wait_end(other).status, "SUCCEEDED");
    auto arn = f.start(host, f.request("d2", kCallback, "followed")).execution_arn;
    ASSERT_EQ(arn, followed);
    std::string token = f.wait_token(host, arn);
    std::promise<runtime::HostError> answered;
    host.send_task_success(token, R"({"done": true})", [&](runtime::HostError e) { answered.set_value(e); });
    EXPECT_FALSE(answered.get_future().get());
    EXPECT_EQ(f.wait_end(arn).status, "SUCCEEDED");

    auto history = host.history(arn, 0, INT64_MAX, 1000, false).value();
    std::vector<runtime::HistoryRow> streamed;
    for (int i = 0; i < 2000 && streamed.size() < history.size(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::lock_guard lock(added_mutex);
        streamed.clear();
        for (const auto& a : added) {
            EXPECT_EQ(a.execution_arn, followed);
            EXPECT_FALSE(a.events.empty());
            for (size_t k = 1; k < a.events.size(); ++k) EXPECT_EQ(a.events[k].id, a.events[k - 1].id + 1);
            streamed.insert(streamed.end(), a.events.begin(), a.events.end());
        }
    }
    ASSERT_EQ(streamed.size(), history.size());  // in order: one notice after another, as the steps ran
    for (size_t i = 0; i < history.size(); ++i) {
        EXPECT_EQ(streamed[i].id, history[i].id);
        EXPECT_EQ(streamed[i].event, history[i].event);
    }
    std::lock_guard lock(added_mutex);
    EXPECT_GE(added.size(), 2u);  // the start, then the callback's answer: one notice a step
}

}  // namespace
}  // namespace stepwise::host_test
