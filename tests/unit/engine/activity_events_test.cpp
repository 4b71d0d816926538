// A Task whose Resource is an activity ARN records Activity* history events
// (not Task*): ActivityScheduled when the task is queued, ActivityStarted when a
// worker takes it with GetActivityTask (InputEvent::Kind::ActivityStarted), then
// ActivitySucceeded / ActivityFailed / ActivityTimedOut.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ActivityScheduledEventDetails.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ActivityStartedEventDetails.html
#include <gtest/gtest.h>

#include "driver.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::InputEvent;
using engine::Status;

namespace {

const std::string kActivityArn = "arn:aws:states:us-east-1:111111111111:activity:paint";

// The activity Task "Work"; a Catch in `task_extras` may go to "Caught".
std::string machine_with(const std::string& task_extras) {
    std::string caught = task_extras.find("\"Caught\"") != std::string::npos
                             ? R"(, "Caught": {"Type": "Pass", "End": true})"
                             : "";
    return R"({"StartAt": "Work", "States": {
      "Work": {"Type": "Task", "Resource": ")" + kActivityArn + R"(", "TimeoutSeconds": 200, "HeartbeatSeconds": 100,
               )" + task_extras + R"( "End": true})" + caught + "}}";
}

// Feeds one execution by hand: the test plays the worker.
struct ActivityRun {
    std::unique_ptr<engine::Execution> exec;
    std::vector<engine::Command> commands;
    int64_t now = kStart;

    explicit ActivityRun(const std::string& definition, engine::ExecutionConfig config = {}) {
        config.execution_name = "activity";
        exec = std::make_unique<engine::Execution>(compile(definition), config);
        feed(InputEvent::Kind::Start, 0, json::parse(R"({"job": "paint"})"));
    }

    void feed(InputEvent::Kind kind, uint64_t ref, json::Value value = {}, std::optional<std::string> error = {},
              std::optional<std::string> cause = {}) {
        InputEvent e;
        e.kind = kind;
        e.time_ms = now;
        e.ref = ref;
        e.value = std::move(value);
        e.error = std::move(error);
        e.cause = std::move(cause);
        commands.clear();
        exec->handle(e, commands);
        now += 1000;
    }

    // The task id of the last InvokeTask command.
    uint64_t task() const {
        for (auto it = commands.rbegin(); it != commands.rend(); ++it)
            if (it->kind == engine::Command::Kind::InvokeTask) return it->id;
        ADD_FAILURE() << "no InvokeTask command";
        return 0;
    }
    uint64_t timer() const {
        for (const auto& c : commands)
            if (c.kind == engine::Command::Kind::StartTimer) return c.id;
        ADD_FAILURE() << "no StartTimer command";
        return 0;
    }

    void take(uint64_t id, const std::string& worker) { feed(InputEvent::Kind::ActivityStarted, id, json::Value(worker)); }

    std::vector<std::string> types() const {
        std::vector<std::string> t;
        for (const auto& e : exec->history()) t.push_back(e.type_name());
        return t;
    }
    json::Value event_json(size_t i) const { return exec->history().at(i).to_json(exec->history_context()); }
    std::vector<std::string> history_json() const {
        std::vector<std::string> out;
        for (size_t i = 0; i < exec->history().size(); ++i) out.push_back(json::dump(event_json(i)));
        return out;
    }
};

json::Value details(const json::Value& event, const char* key) {
    const json::Value* d = event.find(key);
    return d ? *d : json::Value();
}

int64_t previous_id(const json::Value& event) { return event.find("previousEventId")->as_int(); }
int64_t id_of(const json::Value& event) { return event.find("id")->as_int(); }

}  // namespace

TEST(ActivityEvents, SuccessRecordsScheduledStartedSucceeded) {
    ActivityRun r(machine_with(""));
    uint64_t task = r.task();
    // Nothing but ActivityScheduled until a worker takes the task.
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled"}));

    r.take(task, "w1");
    r.feed(InputEvent::Kind::TaskSucceeded, task, json::parse(R"({"painted": true})"));
    ASSERT_EQ(r.exec->status(), Status::Succeeded);
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                                   "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                                                   "ExecutionSucceeded"}));

    json::Value entered = r.event_json(1), scheduled = r.event_json(2), started = r.event_json(3),
                succeeded = r.event_json(4);
    EXPECT_EQ(details(scheduled, "activityScheduledEventDetails"),
              json::parse(R"({"resource": ")" + kActivityArn + R"(", "input": "{\"job\":\"paint\"}",
                              "inputDetails": {"truncated": false}, "timeoutInSeconds": 200,
                              "heartbeatInSeconds": 100})"));
    EXPECT_EQ(details(started, "activityStartedEventDetails"), json::parse(R"({"workerName": "w1"})"));
    EXPECT_EQ(details(succeeded, "activitySucceededEventDetails"),
              json::parse(R"({"output": "{\"painted\":true}", "outputDetails": {"truncated": false}})"));
    EXPECT_EQ(scheduled.find("taskScheduledEventDetails"), nullptr);

    // Each event follows the one before it.
    EXPECT_EQ(previous_id(scheduled), id_of(entered));
    EXPECT_EQ(previous_id(started), id_of(scheduled));
    EXPECT_EQ(previous_id(succeeded), id_of(started));
    EXPECT_EQ(previous_id(r.event_json(5)), id_of(succeeded));
    // The worker took the task one second after it was scheduled.
    EXPECT_EQ(r.exec->history()[3].timestamp_ms - r.exec->history()[2].timestamp_ms, 1000);
}

TEST(ActivityEvents, ScheduledOmitsTimeoutsTheStateDoesNotSet) {
    ActivityRun r(R"({"StartAt": "Work", "States": {
      "Work": {"Type": "Task", "Resource": ")" + kActivityArn + R"(", "End": true}}})");
    EXPECT_EQ(details(r.event_json(2), "activityScheduledEventDetails"),
              json::parse(R"({"resource": ")" + kActivityArn + R"(", "input": "{\"job\":\"paint\"}",
                              "inputDetails": {"truncated": false}})"));
}

TEST(ActivityEvents, FailureRecordsActivityFailed) {
    ActivityRun r(machine_with(""));
    uint64_t task = r.task();
    r.take(task, "w1");
    r.feed(InputEvent::Kind::TaskFailed, task, {}, "PaintSpilled", "out of blue");
    ASSERT_EQ(r.exec->status(), Status::Failed);
    EXPECT_EQ(r.exec->error().value_or(""), "PaintSpilled");
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                                   "ActivityStarted", "ActivityFailed", "ExecutionFailed"}));
    json::Value failed = r.event_json(4);
    EXPECT_EQ(details(failed, "activityFailedEventDetails"),
              json::parse(R"({"error": "PaintSpilled", "cause": "out of blue"})"));
    EXPECT_EQ(previous_id(failed), id_of(r.event_json(3)));
}

// Only a worker that took the task holds its token, so a failure reported
// before then is the task failing to be scheduled.
TEST(ActivityEvents, FailureBeforeAWorkerTookItIsScheduleFailed) {
    ActivityRun r(machine_with(""));
    r.feed(InputEvent::Kind::TaskFailed, r.task(), {}, "States.Runtime", "no such activity");
    ASSERT_EQ(r.exec->status(), Status::Failed);
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                                   "ActivityScheduleFailed", "ExecutionFailed"}));
    EXPECT_EQ(details(r.event_json(3), "activityScheduleFailedEventDetails"),
              json::parse(R"({"error": "States.Runtime", "cause": "no such activity"})"));
}

TEST(ActivityEvents, TimeoutBeforeAnyWorkerTookIt) {
    ActivityRun r(machine_with(""));
    uint64_t task = r.task();
    r.feed(InputEvent::Kind::TaskTimedOut, task, {}, "States.Timeout");
    ASSERT_EQ(r.exec->status(), Status::Failed);
    EXPECT_EQ(r.exec->error().value_or(""), "States.Timeout");
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                                   "ActivityTimedOut", "ExecutionFailed"}));
    json::Value timed_out = r.event_json(3);
    EXPECT_EQ(details(timed_out, "activityTimedOutEventDetails"),
              json::parse(R"({"error": "States.Timeout", "cause": ""})"));
    EXPECT_EQ(previous_id(timed_out), id_of(r.event_json(2)));
}

TEST(ActivityEvents, HeartbeatTimeoutAfterStartIsCaught) {
    ActivityRun r(machine_with(
        R"("Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "ResultPath": "$.err", "Next": "Caught"}],)"));
    uint64_t task = r.task();
    r.take(task, "w1");
    r.feed(InputEvent::Kind::TaskTimedOut, task, {}, "States.HeartbeatTimeout");
    ASSERT_EQ(r.exec->status(), Status::Succeeded);
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                                   "ActivityStarted", "ActivityTimedOut", "TaskStateExited",
                                                   "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}));
    EXPECT_EQ(details(r.event_json(4), "activityTimedOutEventDetails"),
              json::parse(R"({"error": "States.HeartbeatTimeout", "cause": ""})"));
    EXPECT_EQ(r.exec->output(),
              json::parse(R"({"job": "paint", "err": {"Error": "States.HeartbeatTimeout", "Cause": ""}})"));
}

TEST(ActivityEvents, RetriedAttemptIsScheduledAgainAndWaitsForItsOwnWorker) {
    ActivityRun r(machine_with(R"("Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}],)"));
    uint64_t first = r.task();
    r.take(first, "w1");
    r.feed(InputEvent::Kind::TaskFailed, first, {}, "Flaky");
    r.feed(InputEvent::Kind::TimerFired, r.timer());
    uint64_t second = r.task();
    ASSERT_NE(first, second);
    size_t before = r.exec->history().size();
    r.take(first, "late");  // the first attempt is over: ignored
    EXPECT_EQ(r.exec->history().size(), before);
    r.take(second, "w2");
    r.take(second, "w3");  // already taken: ignored
    r.feed(InputEvent::Kind::TaskSucceeded, second, json::parse("{}"));
    ASSERT_EQ(r.exec->status(), Status::Succeeded);
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                                   "ActivityStarted", "ActivityFailed", "ActivityScheduled",
                                                   "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                                                   "ExecutionSucceeded"}));
    EXPECT_EQ(details(r.event_json(6), "activityStartedEventDetails"), json::parse(R"({"workerName": "w2"})"));
}

TEST(ActivityEvents, ActivityStartedIsIgnoredForOtherResources) {
    ActivityRun r(R"({"StartAt": "Work", "States": {
      "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})");
    uint64_t task = r.task();
    r.take(task, "w1");
    r.feed(InputEvent::Kind::TaskSucceeded, task, json::parse("{}"));
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                                   "TaskStarted", "TaskSucceeded", "TaskStateExited",
                                                   "ExecutionSucceeded"}));
}

TEST(ActivityEvents, JournalReplaysByteIdentical) {
    ActivityRun r(machine_with(R"("Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2}],)"));
    r.feed(InputEvent::Kind::TaskTimedOut, r.task(), {}, "States.Timeout");
    r.feed(InputEvent::Kind::TimerFired, r.timer());
    uint64_t task = r.task();
    r.take(task, "worker \"one\"");
    r.feed(InputEvent::Kind::TaskSucceeded, task, json::parse(R"({"painted": true})"));
    ASSERT_EQ(r.exec->status(), Status::Succeeded);

    // The journal goes through its stored JSON form, as a persisted execution does.
    std::vector<InputEvent> journal;
    bool has_activity_started = false;
    for (const InputEvent& e : r.exec->journal()) {
        json::Value stored = json::parse(json::dump(e.to_json()));
        if (stored.find("kind")->as_string() == "ActivityStarted") {
            has_activity_started = true;
            EXPECT_EQ(*stored.find("value"), json::Value("worker \"one\""));
        }
        journal.push_back(InputEvent::from_json(stored));
    }
    EXPECT_TRUE(has_activity_started);
    engine::ExecutionConfig config;
    config.execution_name = "activity";
    auto replayed = engine::Execution::replay(compile(machine_with(
                                                  R"("Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2}],)")),
                                              config, journal);
    std::vector<std::string> again;
    for (const auto& e : replayed->history()) again.push_back(json::dump(e.to_json(replayed->history_context())));
    EXPECT_EQ(again, r.history_json());
    EXPECT_EQ(replayed->status(), Status::Succeeded);
}

TEST(ActivityEvents, RedriveSchedulesTheActivityAgain) {
    ActivityRun r(machine_with(""));
    r.feed(InputEvent::Kind::TaskTimedOut, r.task(), {}, "States.Timeout");
    ASSERT_EQ(r.exec->status(), Status::Failed);
    size_t before = r.exec->history().size();
    r.feed(InputEvent::Kind::Redrive, 0);
    uint64_t task = r.task();
    r.take(task, "w1");
    r.feed(InputEvent::Kind::TaskSucceeded, task, json::parse("{}"));
    ASSERT_EQ(r.exec->status(), Status::Succeeded);
    std::vector<std::string> types = r.types();
    std::vector<std::string> after(types.begin() + static_cast<std::ptrdiff_t>(before), types.end());
    EXPECT_EQ(after, (std::vector<std::string>{"ExecutionRedriven", "TaskStateEntered", "ActivityScheduled",
                                               "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                                               "ExecutionSucceeded"}));
}
