// The ExecutionHost's steps: feeding an execution's events to the engine on
// its strand, carrying out the commands, persisting what the step wrote.
#include <algorithm>
#include <atomic>
#include <thread>

#include <boost/asio/post.hpp>

#include "json/write.h"
#include "runtime/clock.h"
#include "runtime/host_internal.h"
#include "runtime/task_dispatch.h"

namespace stepwise::runtime {

std::chrono::milliseconds real_delay(double logical_ms, double scale) {
    double real = std::clamp(logical_ms * scale, 0.0, 9.0e18);  // a double past int64 does not convert
    return std::chrono::milliseconds(static_cast<int64_t>(real));
}

int64_t ExecutionHost::Impl::wall_ms() const { return options.now_ms ? options.now_ms() : wall_clock_ms(); }

int64_t ExecutionHost::Impl::logical_now(const LiveExecution& l) const {
    return std::max(wall_ms() + l.skew_ms, l.last_event_ms);
}

void ExecutionHost::Impl::deliver(const std::shared_ptr<LiveExecution>& l, engine::InputEvent event, Ack ack) {
    asio::post(l->strand, [this, l, event = std::move(event), ack = std::move(ack)]() mutable {
        if (l->broken) {
            if (ack) ack(store_unavailable(l->exec->execution_arn()));
            return;
        }
        if (event.time_ms == 0) event.time_ms = logical_now(*l);
        if (ack) l->acks.push_back(std::move(ack));
        l->inbox.push_back(std::move(event));
        step(l);
    });
}

void ExecutionHost::Impl::step(const std::shared_ptr<LiveExecution>& l) {
    if (l->broken) {
        // Whatever was fed waits for the repair, which reloads the execution from the store.
        l->inbox.clear();
        for (const Ack& ack : std::exchange(l->acks, {})) ack(store_unavailable(l->exec->execution_arn()));
        return;
    }
    std::vector<engine::Command> commands;
    while (!l->inbox.empty()) {
        engine::InputEvent event = std::move(l->inbox.front());
        l->inbox.pop_front();
        l->last_event_ms = std::max(l->last_event_ms, event.time_ms);
        const bool first_start = event.kind == engine::InputEvent::Kind::Start && !l->notified_status;
        const int64_t redrives = l->exec->redrive_count();
        l->exec->handle(event, commands);
        // One step, even one event, may start and end an execution (a Pass
        // machine, inline mocks, a redriven Fail state): every status it
        // passes through is announced, RUNNING first.
        if (first_start || l->exec->redrive_count() > redrives) {
            l->notified_status = engine::Status::Running;
            if (l->persist) l->status_changes.push_back(running_record_of(*l));
        }
        if (l->notified_status != l->exec->status()) {
            l->notified_status = l->exec->status();
            if (l->persist) l->status_changes.push_back(record_of(*l));
        }
        for (engine::Command& c : commands) carry_out(l, c);
        commands.clear();
    }
    after_step(l);
}

void ExecutionHost::Impl::carry_out(const std::shared_ptr<LiveExecution>& l, engine::Command& c) {
    switch (c.kind) {
        case engine::Command::Kind::InvokeTask: invoke_task(l, c); break;
        case engine::Command::Kind::StartTimer:
            l->timer_due[c.id] = c.due_ms;
            if (!options.virtual_time) arm_timer(l, c.id, c.due_ms);
            break;
        case engine::Command::Kind::CancelTask: end_task(*l, c.id); break;
        case engine::Command::Kind::CancelTimer:
            l->timer_due.erase(c.id);
            l->timers.erase(c.id);  // the timer's destructor cancels it
            break;
        case engine::Command::Kind::Paused: break;  // after_step lists the open pauses (host_debug.cpp)
    }
}

void ExecutionHost::Impl::arm_timer(const std::shared_ptr<LiveExecution>& l, uint64_t id, int64_t due_ms) {
    l->timers[id] = std::make_unique<asio::steady_timer>(l->strand);
    wait_timer(l, id, due_ms, real_delay(static_cast<double>(due_ms - logical_now(*l)), options.time_scale));
}

// asio's steady_timer keeps its expiry in int64 nanoseconds (about 292 years
// from now): a longer delay (a Wait until 9999-12-31) would wrap into the
// past and fire at once, so it is waited in steps of at most a year.
void ExecutionHost::Impl::wait_timer(const std::shared_ptr<LiveExecution>& l, uint64_t id, int64_t due_ms,
                                     std::chrono::milliseconds delay) {
    constexpr std::chrono::milliseconds kLongestStep = std::chrono::hours(24 * 365);
    const std::chrono::milliseconds step = std::min(delay, kLongestStep);
    asio::steady_timer& timer = *l->timers.at(id);
    timer.expires_after(step);
    timer.async_wait([this, l, id, due_ms, rest = delay - step](const boost::system::error_code& ec) {
        if (ec || !l->timer_due.count(id) || !l->timers.count(id)) return;
        if (rest.count() > 0) return wait_timer(l, id, due_ms, rest);
        l->timers.erase(id);
        fire_timer(l, id, due_ms);
    });
}

void ExecutionHost::Impl::fire_timer(const std::shared_ptr<LiveExecution>& l, uint64_t id, int64_t due_ms) {
    l->timer_due.erase(id);
    // The execution's clock keeps the time the Wait stood for, even when it took less (scaled, virtual).
    l->skew_ms = std::max(l->skew_ms, due_ms - wall_ms());
    engine::InputEvent ev;
    ev.kind = engine::InputEvent::Kind::TimerFired;
    ev.ref = id;
    ev.time_ms = std::max(due_ms, l->last_event_ms);
    l->inbox.push_back(std::move(ev));
    step(l);
}

void ExecutionHost::Impl::fire_next_virtual_timer(const std::shared_ptr<LiveExecution>& l) {
    auto next = std::min_element(l->timer_due.begin(), l->timer_due.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    uint64_t id = next->first;
    int64_t due = next->second;
    asio::post(l->strand, [this, l, id, due] {
        if (!l->timer_due.count(id) || !l->tasks.empty() || !l->inbox.empty() || !l->exec->open_pauses().empty())
            return;
        fire_timer(l, id, due);
    });
}

void ExecutionHost::Impl::invoke_task(const std::shared_ptr<LiveExecution>& l, engine::Command& c) {
    tasks::TaskRequest request = task_request(c, l->exec->execution_arn(), l->request.state_machine_name);
    const uint64_t id = c.id;
    const tasks::TaskRoute route = router.route(request, l->mocks.get());

    if (route == tasks::TaskRoute::Unserved) {
        engine::InputEvent ev = task_outcome_event(id, router.unserved(request));
        ev.time_ms = logical_now(*l);
        l->inbox.push_back(std::move(ev));
        return;
    }
    InFlightTask& task = l->tasks[id];
    task.token = request.task_token;
    task.heartbeat_seconds = c.heartbeat_seconds;
    task.runs_real_code = route == tasks::TaskRoute::LocalFunction || route == tasks::TaskRoute::Endpoint;
    // A callback may come before the call that handed out the token returns.
    register_token(l, task.token, id);
    arm_task_timers(l, id, task, c.timeout_seconds);
    if (route == tasks::TaskRoute::Activity) {
        task.activity_arn = request.resource_arn();
        if (!l->taken_activity_tasks.count(id))
            activities.push(task.activity_arn, ActivityTask{task.token, json::dump(request.parameters)});
        return;
    }
    // No local service behind this integration (SQS, SNS, ...): the call
    // counts as delivered, and the task waits for SendTask* with its token
    // (which GetExecutionHistory shows in the TaskScheduled parameters).
    if (route == tasks::TaskRoute::Callback) return;

    // Answered during this call, on this thread: fed in this step. Later (from
    // the blocking pool, a bus commit, a child's end): a step of its own.
    const std::thread::id strand_thread = std::this_thread::get_id();
    // Weak: a call that outlives the execution (or the host) must not keep it alive.
    std::weak_ptr<LiveExecution> weak = l;
    tasks::TaskDone done = [this, weak, id, strand_thread, gate = gate](tasks::TaskOutcome outcome) {
        std::shared_lock lock(gate->mutex);
        if (gate->closed) return;
        std::shared_ptr<LiveExecution> l = weak.lock();
        if (!l) return;
        // Answered in the call itself: on this thread, while `calling_task` is this task.
        if (std::this_thread::get_id() == strand_thread && l->calling_task == id) {
            lock.unlock();
            return task_answered(l, id, std::move(outcome), true);
        }
        asio::post(l->strand, [this, l, id, outcome = std::move(outcome)]() mutable {
            task_answered(l, id, std::move(outcome), false);
        });
    };
    tasks::RunBlocking blocking = [this](std::function<void()> work) { asio::post(blocking_calls, std::move(work)); };
    // A child execution may answer before its start is acknowledged: its answer
    // waits, so TaskSubmitted comes first. A Lambda function that calls
    // SendTaskSuccess itself must not wait for its own return.
    task.awaiting_answer = route == tasks::TaskRoute::Integration;
    l->calling_task = id;
    tasks::TaskCancel cancel = router.call(route, request, l->mocks.get(), blocking, std::move(done));
    l->calling_task = 0;
    // Gone only if the call answered in line (nothing else runs on the strand meanwhile).
    if (auto it = l->tasks.find(id); it != l->tasks.end()) it->second.cancel = std::move(cancel);
}

void ExecutionHost::Impl::task_answered(const std::shared_ptr<LiveExecution>& l, uint64_t id,
                                        tasks::TaskOutcome outcome, bool in_step) {
    auto it = l->tasks.find(id);
    if (it == l->tasks.end() || l->exec->status() != engine::Status::Running) return;
    it->second.awaiting_answer = false;
    auto early = std::exchange(it->second.early_answer, std::nullopt);
    if (outcome.kind == tasks::TaskOutcome::Kind::Submitted) {
        engine::InputEvent ev;
        ev.kind = engine::InputEvent::Kind::TaskSubmitted;
        ev.ref = id;
        ev.value = std::move(outcome.result);
        ev.time_ms = logical_now(*l);
        l->inbox.push_back(std::move(ev));
        if (early) {  // the callback that came first ends the task now
            auto& [answer, ack] = *early;
            l->acks.push_back(std::move(ack));
            end_task(*l, id);
            answer.ref = id;
            answer.time_ms = logical_now(*l);
            l->inbox.push_back(std::move(answer));
        } else {
            wait_on_execution_clock(l, id, it->second);
            if (it->second.heartbeat_seconds && !it->second.token.empty()) arm_heartbeat(l, id, it->second, false);
        }
        if (!in_step) step(l);
        return;
    }
    if (early) early->second(HostError{"TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"});
    engine::InputEvent ev = task_outcome_event(id, std::move(outcome));
    it->second.cancel = nullptr;  // it answered: nothing of its call to stop
    if (!in_step) return conclude_task(l, id, std::move(ev));
    end_task(*l, id);
    ev.time_ms = logical_now(*l);
    l->inbox.push_back(std::move(ev));
}

void ExecutionHost::Impl::conclude_task(const std::shared_ptr<LiveExecution>& l, uint64_t task_id,
                                        engine::InputEvent event) {
    end_task(*l, task_id);
    event.ref = task_id;
    event.time_ms = logical_now(*l);
    l->inbox.push_back(std::move(event));
    step(l);
}

void ExecutionHost::Impl::register_token(const std::shared_ptr<LiveExecution>& l, const std::string& token,
                                         uint64_t task_id) {
    if (token.empty()) return;
    std::lock_guard lock(token_mutex);
    tokens[token] = TokenEntry{l, task_id};
}

void ExecutionHost::Impl::end_task(LiveExecution& l, uint64_t task_id) {
    auto it = l.tasks.find(task_id);
    if (it == l.tasks.end()) return;
    // Ended before its call answered (timed out, the execution stopped): stop what the call started.
    if (tasks::TaskCancel cancel = std::move(it->second.cancel)) asio::post(io, std::move(cancel));
    if (auto early = std::exchange(it->second.early_answer, std::nullopt))
        early->second(HostError{"TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"});
    if (!it->second.activity_arn.empty()) activities.withdraw(it->second.activity_arn, it->second.token);
    if (!it->second.token.empty()) {
        std::lock_guard lock(token_mutex);
        tokens.erase(it->second.token);
    }
    l.tasks.erase(it);  // the timers' destructors cancel them
}

store::ExecutionRecord ExecutionHost::Impl::record_of(const LiveExecution& l) const {
    const engine::Execution& e = *l.exec;
    store::ExecutionRecord r;
    r.arn = e.execution_arn();
    r.state_machine_arn = l.request.state_machine_arn;
    r.version_arn = l.request.version_arn;
    r.alias_arn = l.request.alias_arn;
    r.name = l.request.name;
    r.status = std::string(engine::status_name(e.status()));
    r.input = l.request.input.text;
    if (e.status() == engine::Status::Succeeded) {
        if (!l.output_text) l.output_text = json::dump(e.output());
        r.output = l.output_text;
    } else {
        l.output_text.reset();  // redriven: a new output will come
    }
    r.error = e.error();
    r.cause = e.cause();
    r.start_ms = e.start_ms();
    if (e.status() != engine::Status::Running) r.stop_ms = e.end_ms();
    r.redrive_count = e.redrive_count();
    r.redrive_ms = e.redrive_ms();
    r.config = l.config_text;
    r.map_run_arn = l.request.map_run_arn;
    r.item_count = l.request.item_count;
    return r;
}

store::ExecutionRecord ExecutionHost::Impl::running_record_of(const LiveExecution& l) const {
    store::ExecutionRecord r = record_of(l);
    r.status = std::string(engine::status_name(engine::Status::Running));
    r.output.reset();
    r.error.reset();
    r.cause.reset();
    r.stop_ms.reset();
    return r;
}

void ExecutionHost::Impl::after_step(const std::shared_ptr<LiveExecution>& l) {
    const engine::Status status = l->exec->status();
    const bool ended = status != engine::Status::Running;
    if (ended) {
        while (!l->tasks.empty()) end_task(*l, l->tasks.begin()->first);
        l->timers.clear();
        l->timer_due.clear();
    }
    auto acks = std::make_shared<std::vector<Ack>>(std::exchange(l->acks, {}));
    // Records taken when the status changed: the strand moves on before the step is durable.
    std::vector<store::ExecutionRecord> changes = std::exchange(l->status_changes, {});
    const bool status_changed = !changes.empty();
    std::vector<store::Write> staged_writes;
    std::vector<std::function<void()>> staged_durable;
    if (l->persist && options.stage_status_change) {
        for (const auto& change : changes) {
            StatusChangeWrites staged = options.stage_status_change(StatusChange{change});
            for (store::Write& w : staged.writes) staged_writes.push_back(std::move(w));
            if (staged.durable) staged_durable.push_back(std::move(staged.durable));
        }
    }
    std::function<void()> announce;
    std::vector<HistoryRow> added = added_history(*l);
    std::string logged = log_lines(*l);
    std::optional<DebugNotice> debug = l->persist ? pause_changes(*l) : std::nullopt;
    if (debug && !debug_listener) debug.reset();
    if (!added.empty() || !changes.empty() || debug || !logged.empty())
        announce = [this, l, changes = std::move(changes), added = std::move(added), debug = std::move(debug),
                    logged = std::move(logged)]() {
            if (!logged.empty()) options.write_log(l->request.logging.log_group, logged);
            // The events first: a live view learns of an end after the events that led to it.
            if (!added.empty()) history_listener(HistoryAdded{l->exec->execution_arn(), added});
            if (debug) debug_listener(*debug);
            for (const auto& change : changes) notify(StatusChange{change});
        };
    const uint64_t step_number = l->steps_made++;
    std::function<void()> durable = [this, l, acks, ended, staged_durable = std::move(staged_durable),
                                     announce = std::move(announce), step_number]() {
        l->repair_delay_ms = LiveExecution::kFirstRepairDelayMs;
        for (const Ack& ack : *acks) ack(HostError{});
        for (const auto& staged : staged_durable) staged();
        announce_in_order(l, step_number, announce);
        if (ended) finish(l);
    };

    const auto& journal = l->exec->journal();
    const bool wrote = journal.size() > l->persisted_journal;
    if (!l->persist || (!wrote && !status_changed)) {
        asio::post(io, std::move(durable));
    } else {
        store::AppendExecutionStep write;
        write.record = record_of(*l);
        write.first_journal_seq = static_cast<int64_t>(l->persisted_journal);
        for (size_t i = l->persisted_journal; i < journal.size(); ++i)
            write.journal.push_back(json::dump(journal[i].to_json()));
        l->persisted_journal = journal.size();
        std::vector<store::Write> writes;
        writes.push_back(std::move(write));
        for (store::Write& w : staged_writes) writes.push_back(std::move(w));
        commits->submit(std::move(writes),
                        [this, durable = std::move(durable), acks, l, step_number](const std::string& error) {
                            if (error.empty()) return durable();
                            break_execution(l, error);
                            for (const Ack& ack : *acks) ack(store_unavailable(l->exec->execution_arn()));
                            // Nothing of this step to tell, but its turn must pass: later steps' notices wait for it.
                            announce_in_order(l, step_number, nullptr);
                        });
    }
    // All-stop, as runtime::run: virtual time stands still while the execution
    // is paused, or its timeout and sibling Waits would fire while the user looks.
    if (!ended && options.virtual_time && l->tasks.empty() && l->inbox.empty() && !l->timer_due.empty() &&
        l->exec->open_pauses().empty())
        fire_next_virtual_timer(l);
}

void ExecutionHost::Impl::announce_in_order(const std::shared_ptr<LiveExecution>& l, uint64_t step,
                                            std::function<void()> announce) {
    {
        std::lock_guard lock(l->announce_mutex);
        if (l->announcing || step != l->steps_announced) {
            l->early_announcements.emplace(step, std::move(announce));
            return;
        }
        l->announcing = true;
    }
    // This thread tells its step's notices, then those of later steps that came meanwhile.
    while (true) {
        if (announce) announce();
        std::lock_guard lock(l->announce_mutex);
        auto next = l->early_announcements.find(++l->steps_announced);
        if (next == l->early_announcements.end()) {
            l->announcing = false;
            return;
        }
        announce = std::move(next->second);
        l->early_announcements.erase(next);
    }
}

std::vector<HistoryRow> ExecutionHost::Impl::added_history(LiveExecution& l) {
    const auto& events = l.exec->history();
    const int64_t last = events.empty() ? 0 : events.back().id;
    const int64_t announced = std::exchange(l.announced_event_id, last);
    std::vector<HistoryRow> rows;
    if (!l.persist || !history_listener || last <= announced || !history_wanted(l.exec->execution_arn())) return rows;
    auto first = events.end();
    while (first != events.begin() && std::prev(first)->id > announced) --first;
    for (auto it = first; it != events.end(); ++it)
        rows.push_back(HistoryRow{it->id, json::dump(it->to_json(l.exec->history_context()))});
    return rows;
}

std::string ExecutionHost::Impl::log_lines(LiveExecution& l) {
    const auto& events = l.exec->history();
    const int64_t last = events.empty() ? 0 : events.back().id;
    const int64_t logged = std::exchange(l.logged_event_id, last);
    const ExecutionLogging& logging = l.request.logging;
    std::string lines;
    if (!logging.on() || !options.write_log || last <= logged) return lines;
    auto first = events.end();
    while (first != events.begin() && std::prev(first)->id > logged) --first;
    for (auto it = first; it != events.end(); ++it) {
        if (!logged_at(logging.level, it->type_name())) continue;
        if (!lines.empty()) lines += '\n';
        lines += json::dump(log_record(*it, l.exec->history_context(), l.exec->redrive_count(),
                                       logging.include_execution_data));
    }
    return lines;
}

void ExecutionHost::Impl::finish(const std::shared_ptr<LiveExecution>& l) {
    if (l->watched) asio::post(l->strand, [this, l] {
        if (l->exec->status() == engine::Status::Running || l->end_watchers.empty()) return;
        store::ExecutionRecord record = record_of(*l);
        for (const auto& ended : std::exchange(l->end_watchers, {})) ended(record);
    });
    if (l->sync_done) {
        SyncResult result;
        result.record = record_of(*l);
        result.billed_duration_ms = std::max<int64_t>(100, ((l->exec->end_ms() - l->exec->start_ms() + 99) / 100) * 100);
        auto done = std::move(l->sync_done);
        l->sync_done = nullptr;
        done(std::move(result));
        return;
    }
    asio::post(l->strand, [this, l] {
        if (l->exec->status() == engine::Status::Running) return;  // redriven meanwhile
        std::lock_guard lock(live_mutex);
        auto it = live.find(l->exec->execution_arn());
        if (it != live.end() && it->second == l) live.erase(it);
    });
}

void ExecutionHost::Impl::notify(const StatusChange& change) {
    std::vector<std::function<void(const StatusChange&)>> copy;
    {
        std::lock_guard lock(listener_mutex);
        copy = listeners;
    }
    for (const auto& listener : copy) listener(change);
}

}  // namespace stepwise::runtime
