// Running an execution to its end: the imperative shell around the
// deterministic engine core, for `stepwise run` and tests. It owns one clock
// and one queue of timers for the execution and every child it starts
// (states:startExecution), and hands every Task call to the task router
// (tasks/task_router.h), calling blocking routes in line.
//
//   runtime::RunServices services;             // the router's parts, mocks, the machines children may start
//   runtime::RunOptions options;               // virtual clock, account 123456789012, us-east-1
//   runtime::RunResult r = runtime::run(machine, input, services, options);
//   r.status, r.output, r.error, r.cause, r.history (engine::HistoryEvent), r.history_json(),
//   r.calls (what served each Task call), r.children (the executions it started)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "aws/scope.h"
#include "engine/debugger.h"
#include "engine/execution.h"
#include "engine/history.h"
#include "json/value.h"
#include "runtime/clock.h"
#include "tasks/map_run/local_s3.h"
#include "tasks/map_run/map_run_registry.h"
#include "tasks/mock_config.h"
#include "tasks/task.h"
#include "tasks/task_router.h"

namespace stepwise::runtime {

enum class ClockMode { Virtual, Real };

struct RunOptions {
    std::string execution_name;                      // "" = a UUID derived from the seed
    std::string state_machine_name = "StateMachine";
    std::optional<int64_t> start_time_ms;            // default: the wall clock when run() starts
    ClockMode clock = ClockMode::Virtual;
    // When set, the run reads and sleeps on this clock instead of the one
    // `clock` names (tests inject one to see every sleep it is asked for).
    Clock* use_clock = nullptr;
    uint64_t seed = 0;                               // JitterStrategy FULL, generated names
    aws::Scope scope;                                // the account and region of its ARNs
    std::string role_arn;                            // "" = arn:aws:iam::<account>:role/StepFunctions-<machine>-role
    bool express = false;                            // EXPRESS execution (ARN shape)
    engine::Limits limits;                           // 256 KiB payloads, 25,000 events, nesting 64
    bool keep_journal = false;                       // keep the engine's input-event journal in the result
    engine::StateObserver* observer = nullptr;       // the root execution's observer (engine/observer.h); not owned
    // Breakpoints of the root execution (engine/debugger.h); null: it never pauses.
    std::shared_ptr<const engine::DebugConfig> debug;
    // Asked, on the run loop's thread, how a pause of the root execution goes on:
    // the run (and its clock) waits meanwhile. nullopt stops the execution (ABORTED).
    // Unset: every pause resumes at once.
    std::function<std::optional<engine::Resume>(const engine::Pause&)> on_pause;
    // A Distributed Map's children are released as they end (their Map Run's
    // counts stay, their Task calls join their parent's) unless kept whole in
    // RunResult::map_children (`stepwise test` checks their entries; the first
    // 10,000 of a run are kept). They are
    // watched as the parent's observer asks (StateObserver::map_child).
    bool keep_map_children = false;
};

// The state machines a run's executions may start (states:startExecution).
class MachineCatalog {
public:
    struct Entry {
        std::shared_ptr<const asl::Machine> machine;
        bool express = false;
    };
    virtual ~MachineCatalog() = default;
    // By state machine name; nullopt with `problem` set when unknown or invalid.
    virtual std::optional<Entry> find(const std::string& name, std::string* problem) const = 0;
};

// What serves a run's Task calls.
struct RunServices {
    // The router's parts; the run adds the Step Functions integrations
    // (states:startExecution, aws-sdk:sfn:*) itself, served by its own executions.
    tasks::RouterOptions router;
    std::shared_ptr<const tasks::MockConfig> mocks;  // the mock config (Step Functions Local format)
    std::string test_case;                           // the root execution's test case ("" = unmocked)
    const MachineCatalog* machines = nullptr;        // null: no child can start
    // The local S3 folder Distributed Maps read and write (--s3-dir; null: none).
    std::shared_ptr<const tasks::s3::LocalS3> s3;
    // Where the run's Map Runs are described (null: a registry of the run's own).
    std::shared_ptr<tasks::map_run::MapRunRegistry> map_runs;
};

// One Task call and what served it.
struct TaskCallRecord {
    std::string state_name;
    tasks::TaskRoute route = tasks::TaskRoute::Unserved;
    std::vector<std::string> logs;  // what the handler printed
    int64_t real_micros = 0;        // how long the call took in real time
};

struct RunResult {
    engine::Status status = engine::Status::Running;
    json::Value output;                              // SUCCEEDED
    std::optional<std::string> error;                // FAILED / TIMED_OUT / ABORTED
    std::optional<std::string> cause;
    std::vector<engine::HistoryEvent> history;
    engine::HistoryContext history_context;          // for HistoryEvent::to_json
    std::string execution_arn;
    std::string state_machine_arn;
    int64_t start_ms = 0;
    int64_t end_ms = 0;                              // virtual or real, as the clock ran
    std::vector<engine::InputEvent> journal;         // when RunOptions::keep_journal
    std::shared_ptr<const asl::Machine> machine;     // keeps the states the events point to alive
    std::vector<TaskCallRecord> calls;               // in call order
    std::string parent_execution_arn;                // "" for the root
    std::string state_machine_name;
    std::string test_case;                           // the mock config's test case it ran ("" unmocked)
    std::vector<RunResult> children;                 // executions started by this run's tasks, in start order
                                                     // (a Distributed Map's children are not kept: see map_runs)
    std::vector<tasks::map_run::MapRunInfo> map_runs;  // the Map Runs of this execution, in start order
    std::vector<RunResult> map_children;             // with RunOptions::keep_map_children: its Map Runs' children
    // Events the run's tasks put on its event bus (events:putEvents), filled
    // by whoever built the bus (the bus is not the runtime's).
    std::vector<json::Value> events;

    std::string_view status_name() const { return engine::status_name(status); }
    int64_t elapsed_ms() const { return end_ms - start_ms; }
    // {"events": [...]} as GetExecutionHistory returns it.
    json::Value history_json() const;
};

engine::ExecutionConfig make_config(const RunOptions& options);

RunResult run(std::shared_ptr<const asl::Machine> machine, json::Value input, const RunServices& services,
              const RunOptions& options = {});

// Every Task call goes to `executor` (tests, benchmarks, the conformance
// runner): a router whose only integration is the executor.
RunResult run(std::shared_ptr<const asl::Machine> machine, json::Value input, tasks::Executor& executor,
              const RunOptions& options = {});

}  // namespace stepwise::runtime
