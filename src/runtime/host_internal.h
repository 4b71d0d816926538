// Internal to the ExecutionHost (execution_host.cpp, host_steps.cpp,
// host_recovery.cpp): one live execution and the host's shared state.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "engine/execution.h"
#include "runtime/activity_queues.h"
#include "runtime/commit_queue.h"
#include "runtime/execution_host.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/mock_config.h"

namespace stepwise::runtime {

namespace asio = boost::asio;

// A task's TimeoutSeconds or HeartbeatSeconds (runtime/host_deadlines.cpp).
enum class DeadlineKind { Timeout, Heartbeat };
struct TaskDeadline {
    std::unique_ptr<asio::steady_timer> timer;  // null: not armed
    int64_t due_ms = 0;                         // on the execution's clock
    bool real_time = false;  // counted in real time (the task runs real code), not scaled or virtual
};

// A task the engine is waiting for beyond the current step: a local
// function call in flight, or a callback (.waitForTaskToken, activity).
struct InFlightTask {
    std::string token;
    std::string activity_arn;  // activity tasks not yet taken are withdrawn when the task ends
    std::optional<double> heartbeat_seconds;
    bool runs_real_code = false;  // a local function or an endpoint: its call takes real time
    TaskDeadline timeout;
    TaskDeadline heartbeat;
    tasks::TaskCancel cancel;  // stops what the call started (a .sync child) when the task ends first
    // An integration's call has not answered yet. A SendTaskSuccess/Failure
    // that comes first (a child answering before its start was acknowledged)
    // waits in `early_answer`, so the history shows TaskSubmitted before its
    // result; ending the task answers it TaskTimedOut.
    bool awaiting_answer = false;
    std::optional<std::pair<engine::InputEvent, std::function<void(const HostError&)>>> early_answer;
};

// Answers a client once what it asked for is durable, or with the error
// that kept it from being stored.
using Ack = std::function<void(const HostError&)>;

// The answer to a request whose effect could not be stored (AWS's retryable
// 503): the request had no effect, and may be sent again.
inline HostError store_unavailable(const std::string& execution_arn) {
    return HostError{"ServiceUnavailable", "Execution '" + execution_arn +
                                               "' could not be stored (is the data directory's disk full?); "
                                               "nothing was changed, retry the request"};
}

// How long `logical_ms` of an execution's clock lasts in real time when
// waits last `scale` times their length (host_steps.cpp).
std::chrono::milliseconds real_delay(double logical_ms, double scale);

struct LiveExecution {
    explicit LiveExecution(asio::io_context& io) : strand(asio::make_strand(io)) {}

    asio::strand<asio::io_context::executor_type> strand;
    StartRequest request;
    std::unique_ptr<engine::Execution> exec;
    std::string config_text;  // store::ExecutionRecord::config
    bool persist = true;      // STANDARD executions; EXPRESS ones live in memory only
    std::unique_ptr<tasks::MockExecutor> mocks;
    // Loaded from the store: why its #TestCase cannot be mocked any more (the
    // mock config changed, or is gone, since it started), else "". Unmocked, its
    // tasks would call the real thing, so it is neither resumed nor redriven.
    std::string missing_mocks;

    std::map<uint64_t, std::unique_ptr<asio::steady_timer>> timers;  // engine timer id -> armed timer
    std::map<uint64_t, int64_t> timer_due;                          // engine timer id -> due (logical ms)
    std::map<uint64_t, InFlightTask> tasks;                         // engine task id -> what it waits for
    std::deque<engine::InputEvent> inbox;                           // fed in the current step
    std::set<uint64_t> taken_activity_tasks;                        // resumed: a worker had them before the restart
    std::vector<Ack> acks;                                          // answer once the step is durable
    std::atomic<uint64_t> calling_task{0};  // the task whose router call is being made (0: none)

    size_t persisted_journal = 0;
    int64_t skew_ms = 0;  // how far the execution's clock runs ahead of the wall clock (scaled/virtual Waits)
    int64_t last_event_ms = 0;
    std::optional<engine::Status> notified_status;
    int64_t announced_event_id = 0;  // history events up to this id were offered to on_history_added
    int64_t logged_event_id = 0;     // history events up to this id were offered to HostOptions::write_log
    // What durable steps tell listeners (status changes, history notices) is
    // told in step order, though commits complete on any worker thread.
    std::mutex announce_mutex;
    uint64_t steps_made = 0;       // on the strand: after_step numbers each step
    uint64_t steps_announced = 0;  // under announce_mutex, as the next ones
    bool announcing = false;
    std::map<uint64_t, std::function<void()>> early_announcements;  // by step number
    std::vector<store::ExecutionRecord> status_changes;
    mutable std::optional<std::string> output_text;  // the output as JSON, once it has one (records need it often)  // in the current step, announced once it is durable
    bool finished = false;  // terminal and committed: no longer live
    // Called once with its record when it ends (ExecutionHost::watch_end).
    std::vector<std::function<void(const store::ExecutionRecord&)>> end_watchers;
    std::atomic<bool> watched{false};  // end_watchers was ever given one (finish() skips the strand otherwise)
    // A step could not be stored (a full disk, say). The execution stops
    // where it is, answers every request with ServiceUnavailable, and is
    // replaced by a fresh load of what the store holds (repair) once the
    // store takes writes again: the store, never memory, is the truth.
    std::atomic<bool> broken{false};
    static constexpr int64_t kFirstRepairDelayMs = 200;
    std::atomic<int64_t> repair_delay_ms{kFirstRepairDelayMs};  // doubles while repairs keep failing to store
    std::function<void(SyncResult)> sync_done;
    // The pauses open after the last step (engine::Execution::open_pauses),
    // read by other threads under pause_mutex.
    std::mutex pause_mutex;
    std::vector<std::shared_ptr<const engine::Pause>> open_pauses;
};

// A journal a new execution starts from instead of a Start (a re-run's
// prefix, runtime/rerun_prefix.h), with the seed it was built with.
struct Adoption {
    std::vector<engine::InputEvent> journal;
    uint64_t seed = 0;
    RerunOf rerun_of;
};

struct ExecutionHost::Impl {
    Impl(store::Store& store, MachineResolver resolver, HostOptions options);

    ExecutionHost* host = nullptr;  // the host this is the inside of
    store::Store& store;
    MachineResolver resolver;
    HostOptions options;
    tasks::TaskRouter router;
    // Closed when the host stops: a task's answer that comes later (from a bus
    // commit or a blocking call finishing during shutdown) is dropped instead
    // of posted to a strand whose io_context is gone. Shared, so it outlives the host.
    struct Gate {
        std::shared_mutex mutex;
        bool closed = false;
    };
    std::shared_ptr<Gate> gate = std::make_shared<Gate>();

    asio::io_context io;
    std::unique_ptr<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::vector<std::thread> workers;
    asio::thread_pool blocking_calls;  // local Lambda invocations block; they never run on the workers
    ActivityQueues activities;
    std::unique_ptr<CommitQueue> commits;

    std::mutex live_mutex;
    std::unordered_map<std::string, std::shared_ptr<LiveExecution>> live;  // by execution ARN
    // Watchers of stored RUNNING executions not live yet (being resumed), by
    // ARN; recover() hands them over (under live_mutex).
    std::unordered_map<std::string, std::vector<std::function<void(const store::ExecutionRecord&)>>> parked_end_watchers;
    struct TokenEntry {
        std::weak_ptr<LiveExecution> execution;
        uint64_t task_id = 0;
    };
    std::mutex token_mutex;
    std::unordered_map<std::string, TokenEntry> tokens;

    std::mutex listener_mutex;
    std::vector<std::function<void(const StatusChange&)>> listeners;
    std::function<bool(const std::string&)> history_wanted;  // on_history_added
    std::function<void(const HistoryAdded&)> history_listener;
    std::function<void(const DebugNotice&)> debug_listener;  // on_debug

    // Replayed executions that ended, for paging through their history.
    std::mutex replayed_mutex;
    std::deque<std::pair<std::string, std::shared_ptr<const engine::Execution>>> replayed;

    std::mutex seed_mutex;
    std::mt19937_64 seeds{std::random_device{}()};

    // --- execution_host.cpp ---
    // StartExecution, or (with `adopted`) a re-run's start from its prefix.
    void begin(StartRequest request, std::optional<Adoption> adopted, std::function<void(StartResult)> done);
    std::shared_ptr<LiveExecution> find_live(const std::string& execution_arn);

    // --- host_rerun.cpp ---
    // On the strand of a new execution: it becomes what `journal` made (a
    // replay), stored whole in its first step; what it waits on is carried out.
    void adopt(const std::shared_ptr<LiveExecution>& l, engine::ExecutionConfig config,
               std::vector<engine::InputEvent> journal, std::function<void(StartResult)> done);

    // --- host_debug.cpp ---
    // On the strand after a step: the pauses it opened and closed (none: nullopt).
    std::optional<DebugNotice> pause_changes(LiveExecution& l);

    // --- host_steps.cpp ---
    int64_t wall_ms() const;  // the host's clock (HostOptions::now_ms)
    int64_t logical_now(const LiveExecution& l) const;
    // Queues an event for the execution and runs a step on its strand; `ack`
    // runs once the step is durable.
    void deliver(const std::shared_ptr<LiveExecution>& l, engine::InputEvent event, Ack ack = {});
    // On the strand: feeds the inbox to the engine, carries out the commands,
    // persists the step.
    void step(const std::shared_ptr<LiveExecution>& l);
    void carry_out(const std::shared_ptr<LiveExecution>& l, engine::Command& command);
    void invoke_task(const std::shared_ptr<LiveExecution>& l, engine::Command& command);
    // A routed call answered (on the strand): a Submitted call waits on, a
    // final outcome ends the task. `in_step`: answered during the step that
    // made the call, whose loop feeds the inbox.
    void task_answered(const std::shared_ptr<LiveExecution>& l, uint64_t task_id, tasks::TaskOutcome outcome,
                       bool in_step);
    void arm_timer(const std::shared_ptr<LiveExecution>& l, uint64_t id, int64_t due_ms);
    void wait_timer(const std::shared_ptr<LiveExecution>& l, uint64_t id, int64_t due_ms, std::chrono::milliseconds delay);

    // --- host_deadlines.cpp ---
    void arm_task_timers(const std::shared_ptr<LiveExecution>& l, uint64_t task_id, InFlightTask& task,
                         std::optional<double> timeout_seconds);
    // `real_time`: counted in real time (the call still runs real code), else on the execution's clock.
    void arm_heartbeat(const std::shared_ptr<LiveExecution>& l, uint64_t task_id, InFlightTask& task, bool real_time);
    // A call that ran real code now waits for a callback: its TimeoutSeconds goes on the execution's clock.
    void wait_on_execution_clock(const std::shared_ptr<LiveExecution>& l, uint64_t task_id, InFlightTask& task);
    void arm_deadline(const std::shared_ptr<LiveExecution>& l, uint64_t task_id, InFlightTask& task,
                      DeadlineKind kind, int64_t due_ms, bool real_time);
    void deadline_passed(const std::shared_ptr<LiveExecution>& l, uint64_t task_id, DeadlineKind kind);
    // Under virtual time, after the clock moved ahead: fires, in order, every
    // timer and task deadline of the execution that is now due.
    void catch_up(const std::shared_ptr<LiveExecution>& l);

    // --- host_steps.cpp ---
    void end_task(LiveExecution& l, uint64_t task_id);
    // Ends a waiting task with its result (success, failure, time-out) and runs the step.
    void conclude_task(const std::shared_ptr<LiveExecution>& l, uint64_t task_id, engine::InputEvent event);
    void register_token(const std::shared_ptr<LiveExecution>& l, const std::string& token, uint64_t task_id);
    void after_step(const std::shared_ptr<LiveExecution>& l);
    // The history events of the step just made that on_history_added wants (none: empty).
    std::vector<HistoryRow> added_history(LiveExecution& l);
    // The log records of the step just made, one a line ("" when it logs none).
    std::string log_lines(LiveExecution& l);
    // Runs `announce` (step `step`'s notices to listeners) after those of every earlier step.
    void announce_in_order(const std::shared_ptr<LiveExecution>& l, uint64_t step, std::function<void()> announce);
    void add_end_watcher(const std::shared_ptr<LiveExecution>& l,
                         std::function<void(const store::ExecutionRecord&)> ended);
    void repair_on_strand(const std::shared_ptr<LiveExecution>& l, int64_t delay_ms);
    void fire_next_virtual_timer(const std::shared_ptr<LiveExecution>& l);
    void fire_timer(const std::shared_ptr<LiveExecution>& l, uint64_t id, int64_t due_ms);
    void finish(const std::shared_ptr<LiveExecution>& l);
    store::ExecutionRecord record_of(const LiveExecution& l) const;
    // The record as it was when the execution (re)started, for its RUNNING announcement.
    store::ExecutionRecord running_record_of(const LiveExecution& l) const;
    void notify(const StatusChange& change);

    // --- host_repair.cpp ---
    // A write of the execution failed (any thread): marks it broken, then
    // stops it on its strand and schedules a repair.
    void break_execution(const std::shared_ptr<LiveExecution>& l, const std::string& error);
    void stop_broken(const std::shared_ptr<LiveExecution>& l, const std::string& error);
    // Replaces a broken execution by what the store holds, after `delay_ms`;
    // tries again later while the store still fails.
    void schedule_repair(const std::shared_ptr<LiveExecution>& l, int64_t delay_ms);
    void repair(const std::shared_ptr<LiveExecution>& l, int64_t delay_ms);

    // --- host_history.cpp ---
    std::shared_ptr<const engine::Execution> replayed_execution(const store::ExecutionRecord& record);
    void forget_replayed(const std::string& execution_arn);

    // --- host_recovery.cpp ---
    std::string config_text_of(const StartRequest& request, const engine::ExecutionConfig& config,
                               const std::optional<RerunOf>& rerun_of = std::nullopt) const;
    // The mock counters of an execution rebuilt from a journal continue where
    // its history stopped (less the `pending` calls about to be sent).
    void continue_mock_counts(LiveExecution& l, const std::vector<engine::Command>& pending) const;
    // Of every command a replay issued, those still waiting.
    static std::vector<engine::Command> outstanding(std::vector<engine::Command> issued,
                                                    const std::vector<engine::InputEvent>& journal,
                                                    engine::Status status);
    // Rebuilds a stored execution from its journal; `pending` gets the
    // commands it was waiting on. `observer` watches the replay (not owned).
    std::shared_ptr<LiveExecution> load(const store::ExecutionRecord& record, std::vector<engine::Command>& pending,
                                        engine::StateObserver* observer = nullptr);
    std::unique_ptr<tasks::MockExecutor> mocks_for(const std::string& state_machine_name,
                                                   const std::string& test_case) const;
    // Why the mock config cannot serve `request`'s test case ("" when it can, or none is asked):
    // a new execution with such a test case is refused as the caller's mistake (ValidationException).
    std::string missing_mocks(const StartRequest& request) const;

    engine::ExecutionConfig config_for(const StartRequest& request, uint64_t seed) const;
    uint64_t new_seed();
    // A fresh secret for an execution's task tokens (engine/task_token.h), from the CSPRNG.
    static std::string new_token_secret();
};

}  // namespace stepwise::runtime
