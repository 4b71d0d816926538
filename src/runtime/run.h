// Running an execution to its end: the imperative shell around the
// deterministic engine core. It owns the clock and timers and hands Task
// invocations to a tasks::Executor.
//
//   runtime::RunOptions options;               // virtual clock, account 111111111111, us-east-1
//   runtime::RunResult r = runtime::run(machine, input, executor, options);
//   r.status, r.output, r.error, r.cause, r.history (engine::HistoryEvent), r.history_json()
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "aws/scope.h"
#include "engine/execution.h"
#include "engine/history.h"
#include "json/value.h"
#include "runtime/clock.h"
#include "tasks/task.h"

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
    aws::Scope scope = aws::run_scope();             // the account and region of its ARNs
    std::string role_arn;                            // "" = arn:aws:iam::<account>:role/StepFunctions-<machine>-role
    bool express = false;                            // EXPRESS execution (ARN shape)
    engine::Limits limits;                           // 256 KiB payloads, 25,000 events, nesting 64
    bool keep_journal = false;                       // keep the engine's input-event journal in the result
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

    std::string_view status_name() const { return engine::status_name(status); }
    int64_t elapsed_ms() const { return end_ms - start_ms; }
    // {"events": [...]} as GetExecutionHistory returns it.
    json::Value history_json() const;
};

engine::ExecutionConfig make_config(const RunOptions& options);

RunResult run(std::shared_ptr<const asl::Machine> machine, json::Value input, tasks::Executor& executor,
              const RunOptions& options = {});

}  // namespace stepwise::runtime
