// The deterministic execution core.
//
// An Execution runs one compiled Machine. It never reads a clock, sleeps or
// does I/O: the shell (src/runtime) feeds it InputEvents, each stamped with
// the time it happened, and carries out the Commands it returns (invoke a
// task, start or cancel a timer). Everything it does is appended to its
// history (AWS-shaped HistoryEvents).
//
// Serialisation: the state of an execution is (machine, config, journal of
// input events). Feeding the same journal to a new Execution of the same
// machine and config reproduces the same history, commands and result
// (Execution::replay), so persisting the journal persists the execution.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "aws/scope.h"
#include "engine/debugger.h"
#include "engine/history.h"
#include "engine/limits.h"
#include "engine/task_token.h"
#include "json/value.h"

namespace stepwise::engine {

class StateObserver;
struct MapRunRequest;

struct ExecutionConfig {
    std::string execution_name;                      // "" = derived from the seed (a UUID)
    std::string state_machine_name = "StateMachine";
    aws::Scope scope;                                // the account and region of its ARNs
    std::string role_arn;                            // "" = arn:aws:iam::<account>:role/StepFunctions-<machine>-role
    std::string version_arn;                         // started through a version or an alias ("" = neither):
    std::string alias_arn;                           //   named in the ExecutionStarted event
    bool express = false;                            // EXPRESS execution ARN shape
    std::string express_id;                          // EXPRESS: the ARN's last part ("" = from the seed; a
                                                     // Map Run's child: derived from its name, so it is known)
    int64_t redrive_count = 0;
    uint64_t seed = 0;                               // JitterStrategy FULL, generated names and tokens
    std::string token_secret;                        // "": task token nonces from the seed; else from this
                                                     // secret (engine/task_token.h: serve's CSPRNG secret)
    Limits limits;
    bool keep_journal = true;                        // record input events (for replay/persistence)
    StateObserver* observer = nullptr;               // told each step's values (engine/observer.h); not owned
    std::shared_ptr<const DebugConfig> debug;        // breakpoints (engine/debugger.h); null: never pauses
};

// Something that happened, fed to the core by the shell.
struct InputEvent {
    enum class Kind : uint8_t {
        Start,          // value = execution input
        TaskSucceeded,  // ref = task id; value = raw task result
        TaskFailed,     // ref = task id; error/cause
        TaskTimedOut,   // ref = task id; error = States.Timeout (TimeoutSeconds elapsed; the default)
                        //   or States.HeartbeatTimeout (no heartbeat for HeartbeatSeconds)
        TimerFired,     // ref = timer id
        Stop,           // StopExecution: error/cause optional
        Redrive,        // RedriveExecution (see Execution::redrive_status); time_ms = when
        // Appended last: journals name kinds, but keep the numbering stable anyway.
        ActivityStarted,  // a worker took an activity task (GetActivityTask): ref = task id;
                          //   value = the worker name (a string). Ignored unless the task waits for a worker.
        TaskSubmitted,    // a .sync or .waitForTaskToken call went through and the task now waits for
                          //   its job or callback: ref = task id; value = the call's response.
        Resume,           // a paused frame goes on: ref = Pause::id; value = resume_value(...) (engine/debugger.h)
        SetBreakpoints,   // the breakpoints in force are replaced, paused or not: value = breakpoints_json(...)
    };
    Kind kind = Kind::Start;
    int64_t time_ms = 0;
    uint64_t ref = 0;
    json::Value value;
    std::optional<std::string> error;
    std::optional<std::string> cause;

    json::Value to_json() const;
    static InputEvent from_json(const json::Value& v);
};

// Something the shell must do.
struct Command {
    // CancelTask: a task whose state was abandoned (its Parallel branch or Map
    // iteration was cancelled); the shell stops what the call started.
    // Paused: a frame stopped at a breakpoint (`pause`); feed Resume to go on.
    enum class Kind : uint8_t { InvokeTask, StartTimer, CancelTimer, CancelTask, Paused };
    Kind kind = Kind::InvokeTask;
    uint64_t id = 0;                           // task id or timer id
    int64_t due_ms = 0;                        // StartTimer
    // InvokeTask:
    const asl::TaskState* state = nullptr;
    json::Value parameters;                    // the effective input sent to the resource
    int64_t retry_count = 0;
    std::optional<double> timeout_seconds;     // when it elapses, feed TaskTimedOut
    std::optional<double> heartbeat_seconds;
    std::string task_token;                    // callback (.waitForTaskToken) and activity resources: the
                                               // $$.Task.Token of this attempt (engine/task_token.h), else ""
    std::shared_ptr<const Pause> pause;        // Paused
    // InvokeTask of a DISTRIBUTED Map (state is null): the Map Run to carry out
    // (engine/map_run_request.h); answer with TaskSucceeded/TaskFailed.
    std::shared_ptr<const MapRunRequest> map_run;
};

enum class Status : uint8_t { Running, Succeeded, Failed, TimedOut, Aborted };
std::string_view status_name(Status s);  // RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED

// DescribeExecution's redriveStatus and redriveStatusReason.
// https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
struct RedriveStatus {
    bool redrivable = false;
    std::string reason;  // "" when redrivable, else as AWS words it ("Execution is SUCCEEDED and cannot be redriven.")
    std::string_view name() const { return redrivable ? "REDRIVABLE" : "NOT_REDRIVABLE"; }
};

class Core;

class Execution {
public:
    Execution(std::shared_ptr<const asl::Machine> machine, ExecutionConfig config);
    ~Execution();
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    // Feeds one event; appends what the shell must do to `commands`.
    // Events for tasks/timers that no longer matter are ignored.
    void handle(const InputEvent& event, std::vector<Command>& commands);

    Status status() const;
    const json::Value& output() const;                 // Succeeded
    const std::optional<std::string>& error() const;   // Failed, TimedOut, Aborted
    const std::optional<std::string>& cause() const;
    int64_t start_ms() const;
    int64_t end_ms() const;

    // Redrive: feed InputEvent::Kind::Redrive to restart a FAILED, TIMED_OUT or
    // ABORTED execution from the state that did not succeed (ignored otherwise).
    RedriveStatus redrive_status() const;
    int64_t redrive_count() const;            // ExecutionConfig::redrive_count + redrives fed since
    std::optional<int64_t> redrive_ms() const;  // when it was last redriven

    const std::vector<HistoryEvent>& history() const;
    std::vector<HistoryEvent> take_history();
    const HistoryContext& history_context() const;
    const std::vector<InputEvent>& journal() const;
    const ExecutionConfig& config() const;
    const std::string& execution_arn() const;
    const std::string& state_machine_arn() const;
    const std::shared_ptr<const asl::Machine>& machine() const;
    // The pauses still waiting for their Resume (engine/debugger.h), by id;
    // a pause whose frame was cancelled (its branch failed) or that the
    // execution's end closed is not among them.
    std::vector<std::shared_ptr<const Pause>> open_pauses() const;
    // The breakpoints in force (empty when the execution was never debugged).
    const std::vector<Breakpoint>& breakpoints() const;

    // A fresh execution fed `journal`: the same state as the one that wrote it.
    static std::unique_ptr<Execution> replay(std::shared_ptr<const asl::Machine> machine, ExecutionConfig config,
                                             const std::vector<InputEvent>& journal,
                                             std::vector<Command>* pending_commands = nullptr);

private:
    std::unique_ptr<Core> core_;
};

}  // namespace stepwise::engine
