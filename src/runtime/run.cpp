#include "runtime/run.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <condition_variable>
#include <map>
#include <mutex>
#include <queue>
#include <set>

#include "aws/arn.h"
#include "engine/observer.h"
#include "engine/task_token.h"
#include "json/parse.h"
#include "json/write.h"
#include "runtime/clock.h"
#include "runtime/task_dispatch.h"
#include "tasks/integrations/send_task.h"
#include "tasks/integrations/start_execution.h"
#include "tasks/map_run/map_runner.h"

namespace stepwise::runtime {

namespace {

using Clock = runtime::Clock;
using TaskKey = std::pair<size_t, uint64_t>;  // (execution index, task id)

struct Scheduled {
    int64_t time;
    uint64_t seq;
    size_t run;                 // which execution
    engine::InputEvent event;
    uint64_t heartbeat = 0;     // a heartbeat timeout: the generation it belongs to
};
struct Later {
    bool operator()(const Scheduled& a, const Scheduled& b) const {
        return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
};

// Every Task call goes to one Executor.
class ExecutorIntegration : public tasks::Integration {
public:
    explicit ExecutorIntegration(tasks::Executor& executor) : executor_(executor) {}
    bool serves(const asl::Resource&) const override { return true; }
    tasks::TaskCancel start(const tasks::TaskRequest& request, tasks::TaskDone done) override {
        done(executor_.invoke(request));
        return {};
    }

private:
    tasks::Executor& executor_;
};

}  // namespace

engine::ExecutionConfig make_config(const RunOptions& o) {
    engine::ExecutionConfig c;
    c.execution_name = o.execution_name;
    c.state_machine_name = o.state_machine_name;
    c.scope = o.scope;
    c.role_arn = o.role_arn;
    c.express = o.express;
    c.seed = o.seed;
    c.limits = o.limits;
    c.keep_journal = o.keep_journal;
    c.observer = o.observer;
    c.debug = o.debug;
    return c;
}

json::Value RunResult::history_json() const {
    json::Array events;
    events.reserve(history.size());
    for (const auto& e : history) events.push_back(e.to_json(history_context));
    json::Object o;
    o.set("events", json::Value(std::move(events)));
    // A Distributed Map's runs, as DescribeMapRun answers (their children are executions of their own).
    if (!map_runs.empty()) {
        json::Array runs;
        for (const tasks::map_run::MapRunInfo& run : map_runs) runs.push_back(run.to_json());
        o.set("mapRuns", json::Value(std::move(runs)));
    }
    return json::Value(std::move(o));
}

// One run: the root execution and every child its tasks start, on one clock
// and one queue. The loop thread owns everything but `arrived_`, where task
// outcomes land from whichever thread answered.
class LocalRun : public tasks::ExecutionPort, public std::enable_shared_from_this<LocalRun> {
public:
    LocalRun(const RunServices& services, const RunOptions& options) : services_(services), options_(options) {}

    RunResult run(std::shared_ptr<const asl::Machine> machine, json::Value input);

    void start_execution(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                         std::function<void(tasks::ChildEnded)> ended) override;
    void stop_execution(const std::string& arn, const std::string& error, const std::string& cause) override;
    void start_map_child(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                         std::function<void(tasks::ChildEnded)> ended);
    void send_task_success(const std::string& token, const std::string& output,
                           std::function<void(tasks::PortError)> done) override;
    void send_task_failure(const std::string& token, const std::optional<std::string>& error,
                           const std::optional<std::string>& cause, std::function<void(tasks::PortError)> done) override;
    void send_task_heartbeat(const std::string& token, std::function<void(tasks::PortError)> done) override;

private:
    struct Execution {
        std::unique_ptr<engine::Execution> exec;
        std::shared_ptr<const asl::Machine> machine;
        std::string state_machine_name;
        std::unique_ptr<tasks::MockExecutor> mocks;
        std::string test_case;  // of the mock config, "" when unmocked
        std::string input_text;
        std::string parent_arn;
        int depth = 0;
        std::set<uint64_t> cancelled_timers;
        std::vector<std::function<void(tasks::ChildEnded)>> on_end;
        std::vector<TaskCallRecord> calls;
        std::vector<size_t> children;
        bool finished = false;
        // A Distributed Map's child: its input is parsed when it starts, and
        // once it ends only its ended record is kept, so a Map Run of many
        // children holds in memory only those running.
        bool map_child = false;
        const tasks::MockTestCase* mock_case = nullptr;  // its mock test case (a Map Run's children: the parent's)
        std::vector<size_t> map_children;  // kept whole (RunOptions::keep_map_children)
        bool kept = false;                 // a Map Run's child kept whole after it ends
        // What watches it: RunOptions::observer for the root, what its parent's
        // observer gave for a Map Run's child (held in `own_observer`), else null.
        engine::StateObserver* observer = nullptr;
        std::shared_ptr<engine::StateObserver> own_observer;
    };
    struct Task {
        tasks::TaskCancel cancel;
        std::string token;
        const asl::Resource* resource = nullptr;
        std::optional<double> heartbeat_seconds;
        uint64_t heartbeat = 0;      // generation of the armed heartbeat timeout
        bool answered = false;       // the call answered (submitted or final)
        bool waits_for_token = false;
        bool has_timeout = false;    // TimeoutSeconds is armed
        size_t call = 0;             // index in its execution's calls
    };
    struct Arrival {
        TaskKey key;
        tasks::TaskOutcome outcome;
        int64_t real_micros = 0;
    };

    size_t add_execution(std::shared_ptr<const asl::Machine> machine, engine::ExecutionConfig config,
                         json::Value input, std::string input_text, std::string parent, int depth,
                         const tasks::MockTestCase* test_case, bool map_child = false);
    void schedule(int64_t time, size_t run, engine::InputEvent event, uint64_t heartbeat = 0) {
        queue_.push(Scheduled{time, seq_++, run, std::move(event), heartbeat});
    }
    void feed(size_t run, const engine::InputEvent& event);
    void invoke(size_t run, engine::Command& command);
    void paused(size_t run, const engine::Command& command);
    void take_arrivals();
    bool stale(const Scheduled& s) const;
    void conclude(const TaskKey& key, bool cancel);
    void finish(size_t run);
    void fail_stuck_callbacks();
    std::optional<TaskKey> task_of_token(const std::string& token, tasks::PortError& error) const;
    void arm_heartbeat(const TaskKey& key, Task& task);
    RunResult result_of(size_t run);

    const RunServices& services_;
    const RunOptions& options_;
    std::unique_ptr<tasks::TaskRouter> router_;
    std::shared_ptr<tasks::map_run::MapRunRegistry> map_runs_;
    static constexpr size_t kMaxKeptMapChildren = 10000;
    size_t kept_map_children_ = 0;
    Clock* clock_ = nullptr;
    std::unique_ptr<Clock> own_clock_;
    std::vector<Execution> runs_;
    std::map<std::string, size_t> by_arn_;
    std::map<TaskKey, Task> tasks_;
    std::map<std::string, TaskKey> tokens_;
    std::priority_queue<Scheduled, std::vector<Scheduled>, Later> queue_;
    uint64_t seq_ = 0;
    bool quitting_ = false;          // the debugger stopped the root execution: no more questions

    std::thread::id loop_thread_;
    std::vector<Arrival> in_line_;   // answered on the loop thread (most calls): no lock
    std::vector<Arrival> taking_;    // reused by take_arrivals
    std::mutex mutex_;
    std::condition_variable arrived_cv_;
    std::vector<Arrival> arrived_;   // answered on other threads
    std::atomic<bool> arrived_elsewhere_{false};
};

size_t LocalRun::add_execution(std::shared_ptr<const asl::Machine> machine, engine::ExecutionConfig config,
                               json::Value input, std::string input_text, std::string parent, int depth,
                               const tasks::MockTestCase* test_case, bool map_child) {
    Execution e;
    e.map_child = map_child;
    e.mock_case = test_case;
    e.state_machine_name = config.state_machine_name;
    e.observer = config.observer;
    e.exec = std::make_unique<engine::Execution>(machine, std::move(config));
    e.machine = std::move(machine);
    if (test_case) e.mocks = std::make_unique<tasks::MockExecutor>(services_.mocks, test_case);
    e.input_text = std::move(input_text);
    e.parent_arn = std::move(parent);
    e.depth = depth;
    const size_t index = runs_.size();
    by_arn_[e.exec->execution_arn()] = index;
    runs_.push_back(std::move(e));
    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.value = std::move(input);
    // The root starts at the time asked for, even on an injected clock.
    const bool given = index == 0 && options_.start_time_ms && options_.clock == ClockMode::Virtual;
    schedule(given ? *options_.start_time_ms : clock_->now_ms(), index, std::move(start));
    return index;
}

void LocalRun::feed(size_t index, const engine::InputEvent& event) {
    std::vector<engine::Command> commands;
    if (event.kind == engine::InputEvent::Kind::Start && runs_[index].map_child) {
        engine::InputEvent start = event;
        start.value = json::parse(runs_[index].input_text);  // made by the Map Run: valid JSON
        runs_[index].exec->handle(start, commands);
    } else {
        runs_[index].exec->handle(event, commands);
    }
    for (engine::Command& c : commands) {
        switch (c.kind) {
            case engine::Command::Kind::InvokeTask: invoke(index, c); break;
            case engine::Command::Kind::StartTimer: {
                engine::InputEvent ev;
                ev.kind = engine::InputEvent::Kind::TimerFired;
                ev.ref = c.id;
                schedule(c.due_ms, index, std::move(ev));
                break;
            }
            case engine::Command::Kind::CancelTimer: runs_[index].cancelled_timers.insert(c.id); break;
            case engine::Command::Kind::CancelTask: conclude({index, c.id}, true); break;
            case engine::Command::Kind::Paused: paused(index, c); break;
        }
    }
    if (runs_[index].exec->status() != engine::Status::Running) finish(index);
}

void LocalRun::paused(size_t index, const engine::Command& c) {
    if (quitting_) return;  // the Stop already scheduled ends the execution
    std::optional<engine::Resume> answer = engine::Resume{};
    if (options_.on_pause) answer = options_.on_pause(*c.pause);
    engine::InputEvent ev;
    if (answer) {
        ev.kind = engine::InputEvent::Kind::Resume;
        ev.ref = c.id;
        ev.value = engine::resume_value(*answer);
    } else {
        quitting_ = true;
        ev.kind = engine::InputEvent::Kind::Stop;
        ev.cause = "Stopped from the debugger";
    }
    schedule(clock_->now_ms(), index, std::move(ev));
}

void LocalRun::invoke(size_t index, engine::Command& c) {
    // By index, not reference: a call may start a child, which grows runs_.
    tasks::TaskRequest request = task_request(c, runs_[index].exec->execution_arn(), runs_[index].state_machine_name);
    tasks::MockExecutor* mocks = runs_[index].mocks.get();
    const TaskKey key{index, c.id};
    const tasks::TaskRoute route = router_->route(request, mocks);
    runs_[index].calls.push_back(TaskCallRecord{request.state_name, route, {}, 0});
    Task& task = tasks_[key];
    task.token = request.task_token;
    task.resource = request.resource;
    task.heartbeat_seconds = c.heartbeat_seconds;
    task.call = runs_[index].calls.size() - 1;
    if (!task.token.empty()) tokens_[task.token] = key;
    if (c.timeout_seconds) {
        task.has_timeout = true;
        engine::InputEvent ev;
        ev.kind = engine::InputEvent::Kind::TaskTimedOut;
        ev.ref = c.id;
        ev.error = "States.Timeout";
        schedule(clock_->now_ms() + static_cast<int64_t>(*c.timeout_seconds * 1000.0), index, std::move(ev));
    }
    std::weak_ptr<LocalRun> self = weak_from_this();
    auto started = std::chrono::steady_clock::now();
    tasks::TaskDone done = [self, key, started](tasks::TaskOutcome outcome) {
        auto run = self.lock();
        if (!run) return;
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
        Arrival arrival{key, std::move(outcome), micros.count()};
        if (std::this_thread::get_id() == run->loop_thread_) return run->in_line_.push_back(std::move(arrival));
        {
            std::lock_guard lock(run->mutex_);
            run->arrived_.push_back(std::move(arrival));
            run->arrived_elsewhere_ = true;
        }
        run->arrived_cv_.notify_one();
    };
    tasks::RunBlocking in_line = [](std::function<void()> work) { work(); };
    if (route == tasks::TaskRoute::Unserved || route == tasks::TaskRoute::Activity ||
        route == tasks::TaskRoute::Callback) {
        done(router_->unserved(request));
        take_arrivals();
        return;
    }
    tasks::TaskCancel cancel = router_->call(route, request, mocks, in_line, std::move(done));
    if (auto it = tasks_.find(key); it != tasks_.end()) it->second.cancel = std::move(cancel);
    take_arrivals();  // answered in line: its event keeps its place among this step's commands
}

// Turns the outcomes that arrived into events, at the current time.
void LocalRun::take_arrivals() {
    std::vector<Arrival>& arrivals = taking_;
    arrivals.clear();
    arrivals.swap(in_line_);
    if (arrived_elsewhere_) {
        std::lock_guard lock(mutex_);
        for (Arrival& a : arrived_) arrivals.push_back(std::move(a));
        arrived_.clear();
        arrived_elsewhere_ = false;
    }
    if (arrivals.empty()) return;
    const int64_t now = clock_->now_ms();
    for (Arrival& a : arrivals) {
        auto it = tasks_.find(a.key);
        if (it == tasks_.end()) continue;  // the task ended first (timed out, execution stopped)
        Task& task = it->second;
        TaskCallRecord& record = runs_[a.key.first].calls[task.call];
        for (std::string& line : a.outcome.logs) record.logs.push_back(std::move(line));
        if (!task.answered) record.real_micros = a.real_micros;
        task.answered = true;
        if (a.outcome.kind == tasks::TaskOutcome::Kind::Submitted) {
            engine::InputEvent ev;
            ev.kind = engine::InputEvent::Kind::TaskSubmitted;
            ev.ref = a.key.second;
            ev.value = std::move(a.outcome.result);
            schedule(now, a.key.first, std::move(ev));
            if (task.resource && task.resource->takes_task_token()) {
                task.waits_for_token = true;
                arm_heartbeat(a.key, task);
            }
            continue;
        }
        // A call that never finished: the armed TimeoutSeconds fires when due.
        if (a.outcome.kind == tasks::TaskOutcome::Kind::TimedOut && task.has_timeout) continue;
        schedule(now, a.key.first, task_outcome_event(a.key.second, std::move(a.outcome)));
    }
}

bool LocalRun::stale(const Scheduled& s) const {
    const Execution& run = runs_[s.run];
    if (run.finished) return true;
    using Kind = engine::InputEvent::Kind;
    switch (s.event.kind) {
        case Kind::TimerFired: return run.cancelled_timers.count(s.event.ref) > 0;
        case Kind::TaskSucceeded:
        case Kind::TaskFailed:
        case Kind::TaskTimedOut:
        case Kind::TaskSubmitted: {
            auto it = tasks_.find({s.run, s.event.ref});
            if (it == tasks_.end()) return true;
            return s.heartbeat != 0 && s.heartbeat != it->second.heartbeat;
        }
        default: return false;
    }
}

void LocalRun::conclude(const TaskKey& key, bool cancel) {
    auto it = tasks_.find(key);
    if (it == tasks_.end()) return;
    tasks::TaskCancel stop = std::move(it->second.cancel);
    if (!it->second.token.empty()) tokens_.erase(it->second.token);
    tasks_.erase(it);
    if (cancel && stop) stop();
}

void LocalRun::finish(size_t index) {
    Execution& run = runs_[index];
    if (run.finished) return;
    run.finished = true;
    std::vector<TaskKey> open;
    for (const auto& [key, task] : tasks_)
        if (key.first == index) open.push_back(key);
    for (const TaskKey& key : open) conclude(key, true);  // stops .sync children
    if (runs_[index].on_end.empty() && !runs_[index].map_child) return;
    Execution& ended_run = runs_[index];
    const engine::Execution& e = *ended_run.exec;
    tasks::ChildEnded ended;
    ended.execution_arn = e.execution_arn();
    ended.state_machine_arn = e.state_machine_arn();
    ended.name = aws::parse_execution_arn(ended.execution_arn)->name;
    ended.status = std::string(engine::status_name(e.status()));
    ended.input = ended_run.input_text;
    if (e.status() == engine::Status::Succeeded) ended.output = json::dump(e.output());
    ended.error = e.error();
    ended.cause = e.cause();
    ended.start_ms = e.start_ms();
    ended.stop_ms = e.end_ms();
    std::vector<std::function<void(tasks::ChildEnded)>> callbacks = std::exchange(ended_run.on_end, {});
    if (ended_run.map_child) {
        // Its Task calls join those of the execution whose result is kept (the
        // Map's, or the nearest one above it that is not a Map Run's child), so
        // mocks used, calls counted and unserved calls are seen.
        size_t keeper = index;
        while (runs_[keeper].map_child) {
            auto parent = by_arn_.find(runs_[keeper].parent_arn);
            if (parent == by_arn_.end()) break;
            keeper = parent->second;
        }
        if (keeper != index) {
            std::vector<TaskCallRecord>& kept = runs_[keeper].calls;
            for (TaskCallRecord& call : ended_run.calls) kept.push_back(std::move(call));
        }
        ended_run.calls = {};
    }
    if (ended_run.map_child && !ended_run.kept) {
        // Only its slot stays (a few bytes): a Map Run of a million children does not pile up.
        by_arn_.erase(ended.execution_arn);
        ended_run.exec.reset();
        ended_run.machine.reset();
        ended_run.mocks.reset();
        ended_run.observer = nullptr;
        ended_run.own_observer.reset();
        ended_run.input_text = std::string();
        ended_run.parent_arn = std::string();
        ended_run.state_machine_name = std::string();
        ended_run.test_case = std::string();
        ended_run.cancelled_timers.clear();
    }
    for (const auto& callback : callbacks) callback(ended);
}

// Nothing is left to happen, yet tasks wait for SendTaskSuccess/Failure:
// nothing in this run can send them any more, so they fail, loudly.
void LocalRun::fail_stuck_callbacks() {
    std::vector<TaskKey> stuck;
    for (const auto& [key, task] : tasks_)
        if (task.waits_for_token && !runs_[key.first].finished) stuck.push_back(key);
    for (const TaskKey& key : stuck) {
        engine::InputEvent ev;
        ev.kind = engine::InputEvent::Kind::TaskFailed;
        ev.ref = key.second;
        ev.error = "States.Runtime";
        ev.cause = "Task state '" + runs_[key.first].calls[tasks_.at(key).call].state_name + "' waits for a callback "
                   "(SendTaskSuccess/SendTaskFailure with its task token) that nothing in this run sent. Give it a "
                   "mocked response (--mocks FILE --test-case NAME), a TimeoutSeconds, or run it under `stepwise serve`";
        schedule(clock_->now_ms(), key.first, std::move(ev));
    }
}

void LocalRun::arm_heartbeat(const TaskKey& key, Task& task) {
    if (!task.heartbeat_seconds) return;
    engine::InputEvent ev;
    ev.kind = engine::InputEvent::Kind::TaskTimedOut;
    ev.ref = key.second;
    ev.error = "States.HeartbeatTimeout";
    schedule(clock_->now_ms() + static_cast<int64_t>(*task.heartbeat_seconds * 1000.0), key.first, std::move(ev),
             ++task.heartbeat);
}

RunResult LocalRun::result_of(size_t index) {
    Execution& run = runs_[index];
    const engine::Execution& e = *run.exec;
    RunResult r;
    r.status = e.status();
    r.output = e.output();
    r.error = e.error();
    r.cause = e.cause();
    r.history_context = e.history_context();
    r.execution_arn = e.execution_arn();
    r.state_machine_arn = e.state_machine_arn();
    r.start_ms = e.start_ms();
    r.end_ms = e.status() == engine::Status::Running ? clock_->now_ms() : e.end_ms();
    if (options_.keep_journal) r.journal = e.journal();
    r.history = run.exec->take_history();
    r.machine = run.machine;
    r.calls = std::move(run.calls);
    r.parent_execution_arn = run.parent_arn;
    r.state_machine_name = run.state_machine_name;
    r.test_case = run.test_case;
    for (size_t child : run.children) r.children.push_back(result_of(child));
    if (map_runs_) r.map_runs = map_runs_->list(r.execution_arn);
    for (size_t child : run.map_children) r.map_children.push_back(result_of(child));
    return r;
}

RunResult LocalRun::run(std::shared_ptr<const asl::Machine> machine, json::Value input) {
    if (!options_.use_clock && options_.clock == ClockMode::Virtual)
        own_clock_ = std::make_unique<VirtualClock>(options_.start_time_ms ? *options_.start_time_ms : wall_clock_ms());
    else if (!options_.use_clock)
        own_clock_ = std::make_unique<RealClock>();
    clock_ = options_.use_clock ? options_.use_clock : own_clock_.get();
    loop_thread_ = std::this_thread::get_id();

    tasks::RouterOptions router = services_.router;
    router.integrations.push_back(std::make_shared<tasks::StartExecutionIntegration>(shared_from_this()));
    router.integrations.push_back(std::make_shared<tasks::SendTaskIntegration>(shared_from_this()));
    map_runs_ = services_.map_runs ? services_.map_runs : std::make_shared<tasks::map_run::MapRunRegistry>();
    tasks::map_run::MapRunnerOptions map_runner;
    map_runner.port = shared_from_this();
    map_runner.s3 = services_.s3;
    map_runner.registry = map_runs_;
    map_runner.now_ms = [clock = clock_] { return clock->now_ms(); };
    router.map_runs = std::make_shared<tasks::map_run::MapRunner>(std::move(map_runner));
    router.activities = false;  // no GetActivityTask reaches a run
    router.callbacks = false;   // only the run's own executions can answer a token
    if (router.shell.empty()) router.shell = "this run";
    router_ = std::make_unique<tasks::TaskRouter>(std::move(router));

    const tasks::MockTestCase* test_case = nullptr;
    if (services_.mocks && !services_.test_case.empty())
        test_case = &services_.mocks->test_case(options_.state_machine_name, services_.test_case);
    // The root's input text is never asked for (nothing waits for its end).
    add_execution(std::move(machine), make_config(options_), std::move(input), "", "", 0, test_case);
    if (test_case) runs_[0].test_case = services_.test_case;

    while (true) {
        take_arrivals();
        if (queue_.empty()) {
            bool open_calls = false;
            for (const auto& [key, task] : tasks_)
                if (!task.answered && !runs_[key.first].finished) open_calls = true;
            if (open_calls) {  // an answer from another thread is on its way
                std::unique_lock lock(mutex_);
                arrived_cv_.wait(lock, [this] { return arrived_elsewhere_.load(); });
                continue;
            }
            fail_stuck_callbacks();
            if (queue_.empty()) break;
            continue;
        }
        Scheduled next = queue_.top();
        queue_.pop();
        if (stale(next)) continue;
        clock_->sleep_until(next.time);
        next.event.time_ms = std::max(next.time, clock_->now_ms());
        using Kind = engine::InputEvent::Kind;
        if (next.event.kind == Kind::TaskSucceeded || next.event.kind == Kind::TaskFailed ||
            next.event.kind == Kind::TaskTimedOut)
            conclude({next.run, next.event.ref}, next.event.kind == Kind::TaskTimedOut);
        feed(next.run, next.event);
    }
    RunResult result = result_of(0);
    // The router's Step Functions integrations, and the cancels of calls
    // still open, hold this run (their port): letting go breaks the cycle.
    router_.reset();
    tasks_.clear();
    return result;
}

void LocalRun::start_execution(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                               std::function<void(tasks::ChildEnded)> ended) {
    if (start.machine) return start_map_child(std::move(start), std::move(started), std::move(ended));
    tasks::ChildStarted answer;
    // ...:stateMachine:<name>[:<version or alias>][#<test case>]
    const size_t hash = start.state_machine_arn.find('#');
    const std::string test_case = hash == std::string::npos ? "" : start.state_machine_arn.substr(hash + 1);
    const std::optional<aws::StateMachineArnParts> machine_arn =
        aws::parse_state_machine_arn(std::string_view(start.state_machine_arn).substr(0, hash));
    if (!machine_arn) {
        answer.error = {"InvalidArn", "Invalid Arn: '" + start.state_machine_arn + "'"};
        return started(answer);
    }
    auto parent = by_arn_.find(start.parent_execution_arn);
    const int depth = parent == by_arn_.end() ? 1 : runs_[parent->second].depth + 1;
    if (depth > tasks::kMaxExecutionDepth) {
        answer.error = tasks::too_deep();
        return started(answer);
    }
    std::string problem;
    std::optional<MachineCatalog::Entry> entry =
        services_.machines ? services_.machines->find(machine_arn->machine, &problem) : std::nullopt;
    if (!entry) {
        answer.error = {"StateMachineDoesNotExist",
                        "State Machine Does Not Exist: '" + start.state_machine_arn + "'" +
                            (problem.empty() ? std::string(" (this run knows no state machines: give them with "
                                                           "--machines DIR, a SAM template or the project file)")
                                             : " (" + problem + ")")};
        return started(answer);
    }
    std::optional<json::Value> input = json::try_parse(start.input);
    if (!input) {
        answer.error = {"InvalidExecutionInput", "Invalid State Machine Execution Input: '" + start.input + "'"};
        return started(answer);
    }
    const tasks::MockTestCase* mocks = nullptr;
    if (!test_case.empty()) {
        if (!services_.mocks) {
            answer.error = {"ValidationException", "'#" + test_case + "' names a mock test case, but this run has no --mocks"};
            return started(answer);
        }
        try {
            mocks = &services_.mocks->test_case(machine_arn->machine, test_case);
        } catch (const std::exception& e) {
            answer.error = {"ValidationException", e.what()};
            return started(answer);
        }
    }
    engine::ExecutionConfig config = make_config(options_);
    config.execution_name = start.name.value_or("");
    config.state_machine_name = machine_arn->machine;
    config.express = entry->express;
    config.seed = options_.seed + 7919 * runs_.size();  // distinct generated names, still reproducible
    config.role_arn.clear();
    config.observer = nullptr;  // RunOptions::observer watches the root execution only
    config.debug = nullptr;     // and RunOptions::debug pauses it only
    {
        engine::Execution probe(entry->machine, config);
        if (auto same = by_arn_.find(probe.execution_arn()); same != by_arn_.end()) {
            // The same name and input as a running execution: its start again, as AWS answers.
            // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
            Execution& running = runs_[same->second];
            if (running.finished || running.input_text != start.input) {
                answer.error = {"ExecutionAlreadyExists", "Execution Already Exists: '" + probe.execution_arn() + "'"};
                return started(answer);
            }
            if (ended) running.on_end.push_back(std::move(ended));
            answer.execution_arn = running.exec->execution_arn();
            answer.start_ms = running.exec->start_ms();
            return started(answer);
        }
    }
    const size_t index = add_execution(entry->machine, std::move(config), std::move(*input), start.input,
                                       start.parent_execution_arn, depth, mocks);
    if (mocks) runs_[index].test_case = test_case;
    if (parent != by_arn_.end()) runs_[parent->second].children.push_back(index);
    else runs_[0].children.push_back(index);
    if (ended) runs_[index].on_end.push_back(std::move(ended));
    answer.execution_arn = runs_[index].exec->execution_arn();
    answer.start_ms = clock_->now_ms();
    started(answer);
}

void LocalRun::start_map_child(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                               std::function<void(tasks::ChildEnded)> ended) {
    auto parent = by_arn_.find(start.parent_execution_arn);
    const int depth = parent == by_arn_.end() ? 1 : runs_[parent->second].depth + 1;
    tasks::ChildStarted answer;
    if (depth > tasks::kMaxExecutionDepth) {
        answer.error = tasks::too_deep();
        return started(answer);
    }
    engine::ExecutionConfig config = make_config(options_);
    config.execution_name = start.name.value_or("");
    config.state_machine_name = start.state_machine_name;
    config.express = start.express;
    config.express_id = start.express_id;
    config.seed = options_.seed + 7919 * runs_.size();
    // A Map Run's children run under their parent's role (the state machine's).
    config.role_arn = parent == by_arn_.end() ? "" : runs_[parent->second].exec->config().role_arn;
    config.debug = nullptr;
    config.keep_journal = false;
    // Watched as its parent's observer asks (`stepwise test`'s coverage sees the children's states).
    std::shared_ptr<engine::StateObserver> observer;
    if (parent != by_arn_.end() && runs_[parent->second].observer)
        observer = runs_[parent->second].observer->map_child();
    config.observer = observer.get();
    const tasks::MockTestCase* mocks = parent == by_arn_.end() ? nullptr : runs_[parent->second].mock_case;
    const size_t index = add_execution(start.machine, std::move(config), json::Value(), std::move(start.input),
                                       start.parent_execution_arn, depth, mocks, /*map_child=*/true);
    runs_[index].own_observer = std::move(observer);
    if (ended) runs_[index].on_end.push_back(std::move(ended));
    // Kept whole for `stepwise test` (its entries are checked), up to a bound: a test over a
    // huge object still runs in bounded memory, its later children released as in `run`.
    if (options_.keep_map_children && kept_map_children_ < kMaxKeptMapChildren) {
        ++kept_map_children_;
        runs_[index].kept = true;
        runs_[parent == by_arn_.end() ? 0 : parent->second].map_children.push_back(index);
    }
    answer.execution_arn = runs_[index].exec->execution_arn();
    answer.start_ms = clock_->now_ms();
    started(answer);
}

void LocalRun::stop_execution(const std::string& arn, const std::string& error, const std::string& cause) {
    auto it = by_arn_.find(arn);
    if (it == by_arn_.end() || runs_[it->second].finished) return;
    engine::InputEvent stop;
    stop.kind = engine::InputEvent::Kind::Stop;
    if (!error.empty()) stop.error = error;
    if (!cause.empty()) stop.cause = cause;
    schedule(clock_->now_ms(), it->second, std::move(stop));
}

std::optional<TaskKey> LocalRun::task_of_token(const std::string& token, tasks::PortError& error) const {
    auto it = tokens_.find(token);
    if (it != tokens_.end() && tasks_.count(it->second)) return it->second;
    if (engine::parse_task_token(token))
        error = {"TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"};
    else
        error = {"InvalidToken", "Invalid Token: 'Invalid token'"};
    return std::nullopt;
}

void LocalRun::send_task_success(const std::string& token, const std::string& output,
                                 std::function<void(tasks::PortError)> done) {
    tasks::PortError error;
    std::optional<TaskKey> key = task_of_token(token, error);
    if (!key) return done(error);
    std::optional<json::Value> value = json::try_parse(output);
    if (!value) return done({"InvalidOutput", "Invalid Output: '" + output + "'"});
    schedule(clock_->now_ms(), key->first, task_outcome_event(key->second, tasks::TaskOutcome::success(std::move(*value))));
    done({});
}

void LocalRun::send_task_failure(const std::string& token, const std::optional<std::string>& error,
                                 const std::optional<std::string>& cause, std::function<void(tasks::PortError)> done) {
    tasks::PortError problem;
    std::optional<TaskKey> key = task_of_token(token, problem);
    if (!key) return done(problem);
    engine::InputEvent ev;
    ev.kind = engine::InputEvent::Kind::TaskFailed;
    ev.ref = key->second;
    ev.error = error;
    ev.cause = cause;
    schedule(clock_->now_ms(), key->first, std::move(ev));
    done({});
}

void LocalRun::send_task_heartbeat(const std::string& token, std::function<void(tasks::PortError)> done) {
    tasks::PortError error;
    std::optional<TaskKey> key = task_of_token(token, error);
    if (!key) return done(error);
    Task& task = tasks_.at(*key);
    if (task.waits_for_token) arm_heartbeat(*key, task);
    done({});
}

RunResult run(std::shared_ptr<const asl::Machine> machine, json::Value input, const RunServices& services,
              const RunOptions& options) {
    auto local = std::make_shared<LocalRun>(services, options);
    return local->run(std::move(machine), std::move(input));
}

RunResult run(std::shared_ptr<const asl::Machine> machine, json::Value input, tasks::Executor& executor,
              const RunOptions& options) {
    RunServices services;
    services.router.integrations.push_back(std::make_shared<ExecutorIntegration>(executor));
    return run(std::move(machine), std::move(input), services, options);
}

}  // namespace stepwise::runtime
