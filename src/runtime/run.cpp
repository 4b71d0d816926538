#include "runtime/run.h"

#include <queue>
#include <unordered_set>

#include "runtime/clock.h"
#include "runtime/task_dispatch.h"

namespace stepwise::runtime {

namespace {

struct Scheduled {
    int64_t time;
    uint64_t seq;
    engine::InputEvent event;
};
struct Later {
    bool operator()(const Scheduled& a, const Scheduled& b) const {
        return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
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
    return c;
}

json::Value RunResult::history_json() const {
    json::Array events;
    events.reserve(history.size());
    for (const auto& e : history) events.push_back(e.to_json(history_context));
    json::Object o;
    o.set("events", json::Value(std::move(events)));
    return json::Value(std::move(o));
}

RunResult run(std::shared_ptr<const asl::Machine> machine, json::Value input, tasks::Executor& executor,
              const RunOptions& options) {
    std::unique_ptr<Clock> own_clock;
    if (!options.use_clock && options.clock == ClockMode::Virtual)
        own_clock = std::make_unique<VirtualClock>(options.start_time_ms ? *options.start_time_ms : wall_clock_ms());
    else if (!options.use_clock)
        own_clock = std::make_unique<RealClock>();
    Clock* clock = options.use_clock ? options.use_clock : own_clock.get();

    engine::Execution exec(machine, make_config(options));
    std::priority_queue<Scheduled, std::vector<Scheduled>, Later> queue;
    std::unordered_set<uint64_t> cancelled;
    uint64_t seq = 0;
    std::vector<engine::Command> commands;
    commands.reserve(8);

    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.time_ms = options.start_time_ms && options.clock == ClockMode::Virtual ? *options.start_time_ms
                                                                                 : clock->now_ms();
    start.value = std::move(input);
    exec.handle(start, commands);

    while (true) {
        for (size_t i = 0; i < commands.size(); ++i) {
            engine::Command& c = commands[i];
            switch (c.kind) {
                case engine::Command::Kind::InvokeTask: {
                    tasks::TaskRequest req = task_request(c, exec.execution_arn(), options.state_machine_name);
                    tasks::TaskOutcome outcome;
                    try {
                        outcome = executor.invoke(req);
                    } catch (const std::exception& e) {
                        outcome = tasks::TaskOutcome::failure("States.TaskFailed", e.what());
                    }
                    int64_t at = clock->now_ms();
                    // A call that never finished: the state's timeout fires.
                    if (outcome.kind == tasks::TaskOutcome::Kind::TimedOut && c.timeout_seconds &&
                        options.clock == ClockMode::Virtual)
                        at += static_cast<int64_t>(*c.timeout_seconds * 1000.0);
                    engine::InputEvent ev = task_outcome_event(c.id, std::move(outcome));
                    queue.push(Scheduled{at, seq++, std::move(ev)});
                    break;
                }
                case engine::Command::Kind::StartTimer: {
                    engine::InputEvent ev;
                    ev.kind = engine::InputEvent::Kind::TimerFired;
                    ev.ref = c.id;
                    queue.push(Scheduled{c.due_ms, seq++, std::move(ev)});
                    break;
                }
                case engine::Command::Kind::CancelTimer: cancelled.insert(c.id); break;
            }
        }
        commands.clear();
        if (exec.status() != engine::Status::Running) break;
        if (queue.empty()) break;  // nothing can happen any more (cannot occur with a well-behaved executor)
        Scheduled next = queue.top();
        queue.pop();
        if (next.event.kind == engine::InputEvent::Kind::TimerFired && cancelled.erase(next.event.ref)) continue;
        clock->sleep_until(next.time);
        next.event.time_ms = std::max(next.time, clock->now_ms());
        exec.handle(next.event, commands);
    }

    RunResult r;
    r.status = exec.status();
    r.output = exec.output();
    r.error = exec.error();
    r.cause = exec.cause();
    r.history_context = exec.history_context();
    r.execution_arn = exec.execution_arn();
    r.state_machine_arn = exec.state_machine_arn();
    r.start_ms = exec.start_ms();
    r.end_ms = exec.status() == engine::Status::Running ? clock->now_ms() : exec.end_ms();
    if (options.keep_journal) r.journal = exec.journal();
    r.history = exec.take_history();
    r.machine = std::move(machine);
    return r;
}

}  // namespace stepwise::runtime
