// Internal: the execution core's data and the operations the per-state
// handlers (states_*.cpp), retry/catch, I/O processing and the context object
// share. Not part of the public API (see execution.h).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/machine.h"
#include "engine/errors.h"
#include "engine/execution.h"
#include "engine/history.h"
#include "engine/observer.h"
#include "query/random.h"
#include "query/scope.h"

namespace stepwise::engine {

struct VarScope;       // engine/variables.h
struct MapRunRequest;  // engine/map_run_request.h

// A DISTRIBUTED Map whose Map Run failed: the run a redrive continues.
struct KeptMapRun {
    const asl::State* state = nullptr;
    int64_t started_event_id = 0;  // its MapRunStarted event
};

struct RedrivePoint;

// What a redrive keeps of one branch or iteration of a Parallel or Map state
// that did not succeed: its result when it succeeded (it is not run again),
// where it stopped when it failed or was stopped (it continues there), or
// neither when it never started (it runs from its first state).
struct KeptChild {
    std::optional<json::Value> result;
    std::unique_ptr<RedrivePoint> stopped;
};

// Where a frame stopped without succeeding: the state it was in, with the
// input and variables that state saw, and what that state's own children
// (a Parallel or Map) had done.
struct RedrivePoint {
    const asl::State* state = nullptr;
    json::Value input;
    int64_t input_size = -1;
    std::shared_ptr<VarScope> vars;
    std::vector<KeptChild> children;
    KeptMapRun map_run;
};

// Fan-out bookkeeping of a Parallel or Map state that is running children.
struct Fanout {
    std::vector<json::Value> results;
    std::vector<int64_t> result_sizes;  // JSON size of each result (-1 unknown)
    std::vector<bool> succeeded;     // per child: ended successfully (what a redrive keeps)
    std::vector<KeptChild> kept;     // after a redrive: what each child did before (see adopt_kept_children)
    std::vector<std::unique_ptr<RedrivePoint>> stopped;  // per child that failed: where (sized when one does)
    std::vector<uint32_t> active;    // child frame ids still running
    size_t total = 0;
    size_t next = 0;                 // next item/branch to launch
    size_t finished = 0;
    size_t failed = 0;
    size_t limit = 0;                // concurrent children
    json::Value items;               // Map: the items array
    json::Value effective;           // Map: the state's effective input ($ in ItemSelector)
    std::optional<double> tolerated_count;
    std::optional<double> tolerated_percentage;
    bool object_items = false;       // Map: the items are an object's {"Key", "Value"} pairs
};

// $$ for a Map item: `context` with Map.Item {Index, Value} (an object's pair: {Key, Index, Value}).
json::Value map_item_context(json::Value context, int64_t index, const json::Value& item, bool object_item);

// One thread of control: the top level, a Parallel branch or a Map iteration.
struct Frame {
    enum class Phase : uint8_t { Enter, Blocked, Done };
    enum class Wait : uint8_t { None, Task, RetryTimer, WaitTimer, Children, Paused };

    uint32_t id = 0;
    int32_t parent = -1;
    uint32_t generation = 0;          // bumped when the slot is reused
    bool alive = true;
    bool record = true;               // events go to the history
    int depth = 0;
    size_t child_index = 0;           // branch or item index in the parent
    Phase phase = Phase::Enter;
    Wait wait = Wait::None;

    const asl::StateMachine* scope = nullptr;
    const asl::State* state = nullptr;
    json::Value input;                // the current state's raw input
    json::Value effective;            // after InputPath (and Parameters for Task/Parallel)
    int64_t entered_ms = 0;
    int64_t entered_event_id = 0;
    int64_t last_event = 0;           // previousEventId of the frame's next event
    int64_t retry_count = 0;          // $$.State.RetryCount
    std::vector<int64_t> retrier_attempts;
    uint64_t waiting_on = 0;          // task or timer id
    std::optional<double> task_timeout;
    uint64_t task_id = 0;             // reserved for the current Task attempt (0: none yet)
    std::string task_token;           // $$.Task.Token of the current Task attempt ("" if none)
    bool task_submitted = false;      // a .sync / .waitForTaskToken attempt: its call went through (TaskSubmitted)
    bool activity_started = false;    // an activity Task attempt: a worker has taken it (ActivityStarted)

    // Debugging (engine/debugger.h):
    bool step = false;                // pause before the next state this frame enters
    bool resumed = false;             // resumed from a pause before f.state: enter it without pausing again
    bool end_after_pause = false;     // paused after its last state: the frame ends (output f.input) when resumed

    int64_t map_index = -1;           // Map iterations: $$.Map.Item.Index
    json::Value map_value;            // $$.Map.Item.Value

    // Payload sizes (JSON bytes) known without walking: the input's (exact or an
    // upper bound; -1 unknown) and an upper bound of the output being produced.
    int64_t input_size = -1;
    int64_t output_bound = -1;

    json::Value context;              // $$, built when first needed for this state attempt
    bool context_valid = false;

    std::unique_ptr<Fanout> fanout;   // Parallel/Map states running children
    // DISTRIBUTED Map: the MapRunStarted event id of the run it waits for (0: none),
    // and the run that failed, which a redrive continues.
    int64_t map_run_started_event_id = 0;
    KeptMapRun kept_map_run;
    bool redrive_map_run = false;     // set by a redrive that re-enters kept_map_run's state
    // What the children of the frame's Parallel/Map state did when that state
    // failed (or, on a redrive, what they did before): a redrive keeps the
    // results of those that succeeded and continues the others where they
    // stopped (empty: nothing kept).
    std::vector<KeptChild> kept_children;

    // Workflow variables of this frame's scope (nullptr until one is assigned;
    // a child frame links to its parent's), and what the current state
    // assigned (for StateExited's assignedVariables; null when nothing).
    std::shared_ptr<VarScope> vars;
    json::Value assigned;
};

class Core {
public:
    Core(std::shared_ptr<const asl::Machine> machine, ExecutionConfig config);

    void handle(const InputEvent& event, std::vector<Command>& commands);

    // ---- shared by the state handlers ----
    Frame& frame(uint32_t id) { return frames_[id]; }
    int64_t now() const { return now_ms_; }
    const ExecutionConfig& config() const { return config_; }

    HistoryEvent& emit(Frame& f, EventType type);
    // The context object ($$) for the frame's current state attempt.
    const json::Value& context(Frame& f);
    // $$ for a Map item (ItemSelector evaluation).
    json::Value item_context(Frame& f, int64_t index, const json::Value& item, bool object_item = false);

    // The state finished with `output`; go to `next` (nullptr: the frame ends).
    void finish_state(Frame& f, json::Value output, const asl::State* next);
    // The state failed: retry, catch or fail the frame.
    void fail_state(Frame& f, StateError error);
    // Re-runs the current state after a retry delay (no StateEntered event).
    void execute_state(Frame& f);

    // Starts a Task attempt: with a token, reserves the task id and the token
    // first, so $$.Task.Token (read by Parameters) equals Command::task_token.
    void begin_task_attempt(Frame& f, bool with_token);
    uint64_t invoke_task(Frame& f, json::Value parameters, std::optional<double> timeout,
                         std::optional<double> heartbeat);
    uint64_t start_timer(Frame& f, int64_t due_ms, Frame::Wait wait);
    // A DISTRIBUTED Map hands its Map Run to the shell; its answer comes as a task outcome.
    uint64_t invoke_map_run(Frame& f, std::shared_ptr<const MapRunRequest> request);

    uint32_t new_frame(int32_t parent, const asl::StateMachine* scope, json::Value input, bool record);
    void make_ready(Frame& f);
    void cancel_frame(Frame& f);      // stops a frame and its children
    void cancel_frame_children(Frame& f);
    // Throws StateError (States.DataLimitExceeded) when `v` is over the payload quota; returns its size.
    int64_t check_payload(const Frame& f, const json::Value& v) const;
    // The same for a task's result (memoised per node: mocked results recur).
    int64_t check_result_payload(const Frame& f, const json::Value& v) const;

    double random_unit();             // [0, 1)
    // Randomness for States.UUID / States.MathRandom: seeded, so a replay repeats it.
    query::Random* intrinsic_random() { return &intrinsic_random_; }

    // redrive.cpp: what the children of a Parallel/Map state did so far
    // (those still running: where they are), for Frame::kept_children.
    std::vector<KeptChild> keep_children(Fanout& fan);
    // Where `f` stopped (its state, input, variables and kept children).
    std::unique_ptr<RedrivePoint> redrive_point(Frame& f);
    // A new child frame continues where a redriven one stopped.
    void continue_at(Frame& child, RedrivePoint point);

    // Children of Parallel/Map report here.
    void child_succeeded(Frame& child, json::Value output);
    void child_failed(Frame& child, StateError error);

    // ---- results ----
    Status status = Status::Running;
    json::Value output;
    std::optional<std::string> error, cause;
    int64_t start_ms = 0, end_ms = 0;
    std::vector<HistoryEvent> history;
    // Room for `more` events (capped by the history quota), so large fan-outs do not re-grow it step by step.
    void reserve_history(size_t more) {
        size_t want = history.size() + more;
        if (config_.limits.max_history_events) want = std::min(want, config_.limits.max_history_events + 16);
        if (want > history.capacity()) history.reserve(want);
    }
    std::vector<InputEvent> journal;
    HistoryContext history_context;
    std::string execution_arn, state_machine_arn, execution_name;
    std::shared_ptr<const asl::Machine> machine;
    ExecutionConfig config_;
    json::Value execution_context;    // {"Execution": {...}, "StateMachine": {...}} members, built once
    json::Value execution_input;
    int64_t redrive_count = 0;
    StateObserver* observer = nullptr;  // null in executions; TestState's inspection (engine/observer.h)
    std::optional<json::Value> fixed_context;  // TestState's given context object: $$ for every state attempt
    std::optional<int64_t> redrive_ms;

    RedriveStatus redrive_status() const;

private:
    void start(const InputEvent& e);
    void build_execution_context();
    void start_execution_timer(int64_t from_ms);
    void redrive(const InputEvent& e);  // redrive.cpp
    void run_ready();
    void enter_state(Frame& f);
    void end_frame(Frame& f, json::Value output);
    void fail_frame(Frame& f, StateError error);
    void finish_execution(Status s, json::Value out, std::optional<std::string> err,
                          std::optional<std::string> cause);
    void free_frame(Frame& f);
    void on_task_event(const InputEvent& e);
    void on_activity_started(const InputEvent& e);
    void on_task_submitted(const InputEvent& e);
    void on_timer(const InputEvent& e);
    // aborted_states.cpp: the <Type>StateAborted events of the states still running in `f` and its children.
    void abort_running_state(Frame& f);
    // debugger.cpp: true when the frame pauses (a Paused command is sent).
    bool pause_before(Frame& f);
    bool pause_after(Frame& f, const json::Value& output);
    void pause(Frame& f, bool after, json::Value input);
    void resume(const InputEvent& e);
    void set_breakpoints(const InputEvent& e);
    std::vector<std::shared_ptr<const Pause>> open_pauses() const;

    std::deque<Frame> frames_;
    uint32_t root_frame_ = 0;
    std::vector<uint32_t> free_frames_;
    std::deque<uint32_t> ready_;
    std::vector<Command>* commands_ = nullptr;
    int64_t now_ms_ = 0;
    uint64_t next_ref_ = 1;
    int64_t next_event_id_ = 1;
    size_t events_total_ = 0;
    uint64_t rng_state_ = 0;
    uint64_t token_rng_state_ = 0;    // task token nonces (apart, so tokens do not shift retry jitter)
    uint64_t execution_timer_ = 0;
    query::SeededRandom intrinsic_random_{0};

    struct Pending {
        uint32_t frame;
        uint32_t generation;
    };
    std::unordered_map<uint64_t, Pending> tasks_;
    std::unordered_map<uint64_t, Pending> timers_;

    struct Paused {
        uint32_t frame;
        uint32_t generation;
        bool after;
        std::shared_ptr<const Pause> pause;
    };
    bool debugging_ = false;          // ExecutionConfig::debug set: the one test paid per state without it
    std::vector<Breakpoint> breakpoints_;
    std::unordered_map<uint64_t, Paused> pauses_;
    uint64_t next_pause_ = 1;         // apart from next_ref_, so debugging leaves task and timer ids unchanged
    friend class Execution;
    friend class StateTest;  // test_state.cpp: runs one state on a frame of its own
};

}  // namespace stepwise::engine
