// Many durable executions at once, for `stepwise serve`.
//
// The host runs every execution on a fixed pool of worker threads: each step
// (the engine handling one input event) runs on the execution's strand, its
// journal entries and record go to the store in group-committed batches, and the
// commands it returns become timers and task dispatches. A Wait or a task
// waiting for a callback holds no thread. On start, `recover()` resumes every
// execution the store says is RUNNING from its journal.
//
// Completion callbacks run on a worker thread once what they acknowledge is
// durable (committed to the store).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "engine/entry_inspection.h"
#include "aws/scope.h"
#include "engine/debugger.h"
#include "engine/execution.h"
#include "json/value.h"
#include "runtime/execution_log.h"
#include "store/store.h"
#include "tasks/mock_config.h"
#include "tasks/task_router.h"

namespace stepwise::engine {
class Execution;
}

namespace stepwise::runtime {

struct StatusChange;
struct StartRequest;
// What a status change adds to the step that made it (see HostOptions).
struct StatusChangeWrites {
    std::vector<store::Write> writes;
    std::function<void()> durable;
};

struct HostOptions {
    size_t threads = 0;          // 0 = the number of cores
    // Waits, retry back-off, and Task TimeoutSeconds/HeartbeatSeconds while the
    // task waits for a callback, last time_scale times their length.
    double time_scale = 1.0;
    // Those take no real time (as `stepwise run`): Waits fire when nothing else
    // is left to happen, task deadlines when the clock reaches them (see
    // clock_advanced).
    bool virtual_time = false;
    // The host's clock, ms since the epoch (null: the wall clock). Under
    // --virtual-time, the virtual clock, which clock_advanced() moves ahead.
    std::function<int64_t()> now_ms;
    std::shared_ptr<const tasks::MockConfig> mocks;      // --mock-config
    // What serves unmocked Task calls (tasks/task_router.h); the host serves
    // activities and callbacks itself. Integrations run on the execution's
    // strand, so they must not block.
    tasks::RouterOptions router;
    // Called on the execution's strand for each status change of a stored
    // execution: the writes it returns commit in the transaction of the step
    // that made the change (so its EventBridge event survives what the step
    // survives), and `durable` runs after that commit.
    std::function<StatusChangeWrites(const StatusChange&)> stage_status_change;
    // The breakpoints a new stored execution starts with when its start asks
    // for none (serve --break, the page's per-machine breakpoints); null: none.
    std::function<std::shared_ptr<const engine::DebugConfig>(const StartRequest&)> debug_for;
    // Writes the log records (runtime/execution_log.h) of an execution's
    // events, one JSON object a line, to its log group; called after the step
    // that made them is durable, in the order of the execution's steps.
    std::function<void(const std::string& log_group, const std::string& lines)> write_log;
};

// An error to answer a client with: AWS's exception name and message.
struct HostError {
    std::string type;  // "" = no error
    std::string message;
    explicit operator bool() const { return !type.empty(); }
};

// The compiled definition an execution runs, by the id it was started with.
// Executions keep the definition they started with (an update of the state
// machine does not change them), so ids name a definition revision.
using MachineResolver = std::function<std::shared_ptr<const asl::Machine>(const std::string& definition_id)>;

// An execution's input, parsed once by whoever received it. The record keeps
// `text`, the client's own text, which DescribeExecution answers as given;
// the engine runs on `value`.
struct ExecutionInput {
    json::Value value = json::Value(json::Object{});
    std::string text = "{}";
};

// A re-run's origin: the execution and the StateEntered event it re-runs from.
struct RerunOf {
    std::string execution_arn;
    int64_t event_id = 0;
};

struct StartRequest {
    std::shared_ptr<const asl::Machine> machine;
    std::string definition_id;       // for MachineResolver when the execution resumes
    std::string state_machine_arn;   // unqualified
    aws::Scope scope;                // the state machine's account and region (its executions')
    std::string state_machine_name;
    std::string version_arn;         // "" unless started through a version or an alias
    std::string alias_arn;
    std::string name;                // the execution name (the caller generates one when absent)
    ExecutionInput input;
    std::string role_arn;
    std::string trace_header;        // StartExecution's traceHeader ("" = none), kept in the record's config
    bool express = false;
    std::string test_case;           // mock test case ("" = none)
    std::string map_run_arn;         // a Distributed Map's child: its Map Run ("" = none)
    int64_t item_count = 0;          // a Map Run child's items
    std::string express_id;          // EXPRESS: the ARN's last part ("" = drawn); a Map Run's child's is known
    std::string mock_state_machine;  // whose test case `test_case` is ("" = state_machine_name; a Map
                                     // Run's children use their parent's)
    // Called once with the execution's record when it ends (a parent's
    // states:startExecution.sync waiting for its child); also when the start
    // finds the same running execution (idempotent).
    std::function<void(const store::ExecutionRecord&)> on_end;
    // Breakpoints (engine/debugger.h), kept in the stored config so that a
    // resumed execution pauses the same way; null: HostOptions::debug_for's.
    std::shared_ptr<const engine::DebugConfig> debug;
    // The state machine's loggingConfiguration (HostOptions::write_log), kept in the stored config.
    ExecutionLogging logging;
};

struct StartResult {
    HostError error;                 // ExecutionAlreadyExists, ExecutionLimitExceeded, ...
    std::string execution_arn;
    int64_t start_ms = 0;
};

// StartSyncExecution's answer.
struct SyncResult {
    HostError error;
    store::ExecutionRecord record;
    int64_t billed_duration_ms = 0;
};

// Pauses that opened and closed in one durable step of a stored execution
// (engine/debugger.h): the web page's debugger follows them.
struct DebugNotice {
    std::string execution_arn;
    std::vector<std::shared_ptr<const engine::Pause>> paused;
    std::vector<uint64_t> resumed;  // pause ids
};

// "" when every breakpoint names a state of `machine`; else the
// ValidationException message naming the first that does not.
std::string unknown_state(const asl::Machine& machine, const std::vector<engine::Breakpoint>& breakpoints);

// "Re-run from here" (runtime/rerun_prefix.h): a new stored execution that
// repeats `execution_arn` up to its StateEntered event `event_id`.
struct RerunRequest {
    std::string execution_arn;
    int64_t event_id = 0;
    std::string name;                               // the new execution's
    std::shared_ptr<const asl::Machine> machine;   // an edited definition; null: the original's
    std::string definition_id;                      // with `machine`: where the resolver finds it
    std::optional<std::string> test_case;           // nullopt: the original's
    std::optional<json::Value> input;               // the state's input (none: the original's)
    bool pause = false;                             // pause at the entry
};

// One GetExecutionHistory event, rendered from the replayed history.
struct HistoryRow {
    int64_t id = 0;     // the event id, 1, 2, ...
    std::string event;  // the AWS history event as JSON text
};

struct ActivityTask {
    std::string task_token;
    std::string input;  // JSON text
};

// A change of an execution's status, after it is durable (for EventBridge's
// "Step Functions Execution Status Change" events).
struct StatusChange {
    store::ExecutionRecord record;
};

// The history events one durable step of a stored execution added, for live
// views (the web page's stream). Ids are contiguous and ascending, within a
// notice and from one notice of an execution to its next.
struct HistoryAdded {
    std::string execution_arn;
    std::vector<HistoryRow> events;  // ascending ids
};

class ExecutionHost {
public:
    ExecutionHost(store::Store& store, MachineResolver resolver, HostOptions options);
    ~ExecutionHost();  // stops the workers; running executions stay RUNNING in the store
    ExecutionHost(const ExecutionHost&) = delete;
    ExecutionHost& operator=(const ExecutionHost&) = delete;

    // Resumes every RUNNING execution of the store. Returns how many.
    size_t recover();

    // StartExecution: idempotent on (name, input) as AWS: starting a RUNNING
    // execution's name again with the same input answers its ARN; otherwise
    // an existing name is ExecutionAlreadyExists.
    void start(StartRequest request, std::function<void(StartResult)> done);
    // StartSyncExecution (EXPRESS): answers when the execution ends; not stored.
    void start_sync(StartRequest request, std::function<void(SyncResult)> done);

    void stop(const std::string& execution_arn, std::optional<std::string> error, std::optional<std::string> cause,
              std::function<void(HostError, int64_t stop_ms)> done);
    void redrive(const std::string& execution_arn, std::function<void(HostError, int64_t redrive_ms)> done);

    // SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. Errors:
    // InvalidToken (not a token), TaskTimedOut (its task is over or timed out),
    // InvalidOutput (for success: not JSON).
    void send_task_success(const std::string& token, std::string output, std::function<void(HostError)> done);
    void send_task_failure(const std::string& token, std::optional<std::string> error,
                           std::optional<std::string> cause, std::function<void(HostError)> done);
    void send_task_heartbeat(const std::string& token, std::function<void(HostError)> done);

    // GetActivityTask: waits up to `wait_ms` for a task of the activity;
    // nullopt when none came.
    void get_activity_task(const std::string& activity_arn, const std::string& worker_name, int64_t wait_ms,
                           std::function<void(std::optional<ActivityTask>)> done);
    // The answer to a GetActivityTask never reached its poller (the client
    // had gone): the task goes back to the activity, first in line for the
    // next poller, while its execution still waits for it.
    void reoffer_activity_task(const std::string& activity_arn, ActivityTask task);

    // GetExecutionHistory: AWS JSON texts of the events with id > after_id,
    // ascending, or with id < before_id, descending (`reverse`); at most
    // `limit`. nullopt when the store does not know the execution. Only the
    // journal is stored: history is replayed from it when asked for, which
    // keeps rendering large payloads off the execution path.
    std::optional<std::vector<HistoryRow>> history(const std::string& execution_arn, int64_t after_id,
                                                         int64_t before_id, size_t limit, bool reverse);

    // Called (on a worker thread) after every durable status change. The
    // notices of one execution (these and on_history_added's) come one at a
    // time, in the order of its steps.
    void on_status_change(std::function<void(const StatusChange&)> listener);
    // Called (on a worker thread) after every durable step that added history
    // events to a stored execution `wanted` names. `wanted` runs on the
    // execution's strand after each step and must be cheap: the events are
    // rendered (as GetExecutionHistory shows them) only for those it names.
    // One listener; set it before executions start.
    void on_history_added(std::function<bool(const std::string& execution_arn)> wanted,
                          std::function<void(const HistoryAdded&)> listener);

    // Calls `ended` once with the execution's record when it ends (at once
    // when it has ended), EXPRESS ones included, which are not stored and
    // make no status-change events. False when the host does not know it.
    bool watch_end(const std::string& execution_arn, std::function<void(const store::ExecutionRecord&)> ended);
    // A stored execution that has ended, replayed from its journal (its
    // history, output and machine, for a trace); nullptr when there is none.
    std::shared_ptr<const engine::Execution> ended_execution(const std::string& execution_arn);
    // What the state entry whose StateEntered event is `entered_event_id` did
    // with its data (engine/entry_inspection.h), from a replay of the stored
    // journal; nullopt when the store does not know the execution. The entry's
    // `seen` is false when the execution has no such entry. Blocks: call it
    // off the HTTP threads.
    std::optional<engine::EntryInspection> inspect_entry(const std::string& execution_arn, int64_t entered_event_id);

    // Runs `work` on the host's worker threads (for API handlers that must
    // not block the HTTP threads).
    void post(std::function<void()> work);

    // The debugger (engine/debugger.h; runtime/host_debug.cpp). Errors:
    // ExecutionDoesNotExist, ValidationException (a pause that is not open,
    // a breakpoint naming no state of the execution's definition).
    // The open pauses of a stored execution (none once it is not running).
    HostError pauses(const std::string& execution_arn, std::vector<std::shared_ptr<const engine::Pause>>& out);
    void resume(const std::string& execution_arn, uint64_t pause_id, engine::Resume how,
                std::function<void(HostError)> done);
    // Replaces a running execution's breakpoints, paused or not.
    void set_breakpoints(const std::string& execution_arn, std::vector<engine::Breakpoint> breakpoints,
                         std::function<void(HostError)> done);
    // engine::evaluate_in_pause on a worker thread; a bad expression is EvaluationError.
    void evaluate(const std::string& execution_arn, uint64_t pause_id, std::string expression,
                  std::function<void(HostError, json::Value)> done);
    // Called (on a worker thread) when a durable step opened or closed pauses,
    // in the order of the execution's steps. Set it before executions start.
    void on_debug(std::function<void(const DebugNotice&)> listener);
    // A re-run (runtime/host_rerun.cpp); errors: ExecutionDoesNotExist,
    // ValidationException (the event, a divergence), the start's.
    void rerun(RerunRequest request, std::function<void(StartResult)> done);
    // The re-run a stored execution is (nullopt: none), from its config.
    static std::optional<RerunOf> rerun_of(const store::ExecutionRecord& record);

    // The --mock-config the host runs mocked test cases from (null: none), so
    // that StartExecution can refuse an unknown `#TestCase` before starting.
    const tasks::MockConfig* mock_config() const;

    // The config (store::ExecutionRecord::config) of an execution this host
    // runs, whether or not its first step is durable yet; nullopt when it
    // runs none by that ARN.
    std::optional<std::string> live_config(const std::string& execution_arn) const;

    size_t running_count() const;
    int64_t now_ms() const;
    // Under virtual time, after HostOptions::now_ms moved ahead: every live
    // execution fires, in order, its timers and task deadlines now due.
    void clock_advanced();

    struct Impl;  // runtime/host_internal.h

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace stepwise::runtime
