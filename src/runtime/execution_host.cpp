#include "runtime/execution_host.h"

#include <future>

#include <boost/asio/post.hpp>

#include "engine/task_token.h"
#include "json/parse.h"
#include "json/write.h"
#include "runtime/host_internal.h"

namespace stepwise::runtime {

namespace {

HostError error(std::string type, std::string message) { return HostError{std::move(type), std::move(message)}; }

HostError task_over() { return error("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"); }

}  // namespace

ExecutionHost::Impl::Impl(store::Store& store_, MachineResolver resolver_, HostOptions options_)
    : store(store_),
      resolver(std::move(resolver_)),
      options(std::move(options_)),
      router([this] {
          tasks::RouterOptions r = options.router;
          r.activities = true;
          r.callbacks = true;
          if (r.shell.empty() || r.shell == "this run") r.shell = "this server";
          return r;
      }()),
      blocking_calls(std::max<size_t>(4, 2 * std::max<size_t>(1, std::thread::hardware_concurrency()))),
      activities(io) {}

ExecutionHost::ExecutionHost(store::Store& store, MachineResolver resolver, HostOptions options)
    : impl_(std::make_unique<Impl>(store, std::move(resolver), std::move(options))) {
    Impl& h = *impl_;
    h.host = this;
    h.commits = std::make_unique<CommitQueue>(h.store, [&h](std::function<void()> f) { asio::post(h.io, std::move(f)); });
    h.work = std::make_unique<asio::executor_work_guard<asio::io_context::executor_type>>(h.io.get_executor());
    size_t threads = h.options.threads ? h.options.threads : std::max(1u, std::thread::hardware_concurrency());
    for (size_t i = 0; i < threads; ++i) h.workers.emplace_back([&h] { h.io.run(); });
}

ExecutionHost::~ExecutionHost() {
    Impl& h = *impl_;
    // Local calls not yet begun are dropped, not waited for: their tasks stay
    // outstanding in the store and are sent again when the server resumes.
    h.blocking_calls.stop();
    h.blocking_calls.join();
    h.commits->flush();
    h.work.reset();
    h.io.stop();
    for (auto& t : h.workers) t.join();
    {
        // Answers still on their way (a bus commit finishing) find the host gone.
        std::unique_lock lock(h.gate->mutex);
        h.gate->closed = true;
    }
    {
        std::lock_guard lock(h.live_mutex);
        h.live.clear();  // their timers belong to io, which outlives them
    }
    h.commits.reset();
}

void ExecutionHost::start(StartRequest request, std::function<void(StartResult)> done) {
    impl_->begin(std::move(request), std::nullopt, std::move(done));
}

std::shared_ptr<LiveExecution> ExecutionHost::Impl::find_live(const std::string& execution_arn) {
    std::lock_guard lock(live_mutex);
    auto it = live.find(execution_arn);
    return it == live.end() ? nullptr : it->second;
}

void ExecutionHost::Impl::begin(StartRequest request, std::optional<Adoption> adopted,
                                std::function<void(StartResult)> done) {
    Impl& h = *this;
    if (!request.debug && !request.express && options.debug_for) request.debug = options.debug_for(request);
    if (request.debug && request.express)
        return done(StartResult{error("ValidationException", "Breakpoints need a STANDARD state machine: EXPRESS "
                                                              "executions are not stored, so their pauses could not "
                                                              "be listed or resumed"),
                                "", 0});
    if (request.debug)
        if (std::string unknown = unknown_state(*request.machine, request.debug->breakpoints); !unknown.empty())
            return done(StartResult{error("ValidationException", unknown), "", 0});
    // The API checks the test case first; a re-run or a Map Run's child may name one the config lacks.
    if (std::string missing = h.missing_mocks(request); !missing.empty())
        return done(StartResult{error("ValidationException", missing), "", 0});
    auto l = std::make_shared<LiveExecution>(h.io);
    uint64_t seed = adopted ? adopted->seed : h.new_seed();
    engine::ExecutionConfig config = h.config_for(request, seed);
    config.token_secret = h.new_token_secret();
    auto machine = request.machine;
    l->exec = std::make_unique<engine::Execution>(machine, config);
    // EXPRESS executions are not stored, except a Map Run's children: DescribeExecution and
    // ListExecutions(mapRunArn) answer for them on AWS.
    // https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
    l->persist = !request.express || !request.map_run_arn.empty();
    l->config_text = h.config_text_of(request, config, adopted ? std::optional<RerunOf>(adopted->rerun_of) : std::nullopt);
    l->mocks = h.mocks_for(request.mock_state_machine.empty() ? request.state_machine_name : request.mock_state_machine,
                           request.test_case);
    const std::string arn = l->exec->execution_arn();

    // The same input: equal values, whatever the spacing of their texts.
    auto same_stored_input = [&](const std::string& stored) {
        if (stored == request.input.text) return true;
        auto parsed = json::try_parse(stored);
        return parsed && *parsed == request.input.value;
    };
    auto already_exists = [&] {
        done(StartResult{error("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'"), arn, 0});
    };
    // A live execution is in the store before it leaves the live map, so
    // looking in the live map, then the store, then the live map again (the
    // store read is not done under the lock) finds any earlier start.
    // The answer when the ARN is live (called under live_mutex); `done` is
    // called after the lock is released, since it may call back into the host.
    auto live_answer = [&]() -> std::optional<StartResult> {
        auto it = h.live.find(arn);
        if (it == h.live.end()) return std::nullopt;
        const LiveExecution& running = *it->second;
        if (running.broken) return StartResult{store_unavailable(arn), arn, 0};
        if (!adopted && running.request.input.value == request.input.value) {  // a re-run is always new
            if (request.on_end) h.add_end_watcher(it->second, std::move(request.on_end));
            return StartResult{{}, arn, running.exec->start_ms()};
        }
        return StartResult{error("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'"), arn, 0};
    };
    std::optional<StartResult> answer;
    {
        std::lock_guard lock(h.live_mutex);
        answer = live_answer();
    }
    if (answer) return done(std::move(*answer));
    if (l->persist) {
        if (auto stored = h.store.get_execution(arn)) {
            if (!adopted && stored->status == "RUNNING" && same_stored_input(stored->input)) {
                if (request.on_end) host->watch_end(arn, std::move(request.on_end));
                return done(StartResult{{}, arn, stored->start_ms});
            }
            return already_exists();
        }
    }
    {
        std::lock_guard lock(h.live_mutex);
        answer = live_answer();
        if (!answer) {
            if (request.on_end) {
                l->end_watchers.push_back(std::move(request.on_end));
                l->watched = true;
            }
            h.live.emplace(arn, l);
        }
    }
    if (answer) return done(std::move(*answer));
    l->request = std::move(request);
    if (adopted) {
        asio::post(l->strand, [&h, l, config = std::move(config), adopted = std::move(*adopted),
                               done = std::move(done)]() mutable {
            h.adopt(l, std::move(config), std::move(adopted.journal), std::move(done));
        });
        return;
    }
    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.value = l->request.input.value;
    asio::post(l->strand, [&h, l, arn, start = std::move(start), done = std::move(done)]() mutable {
        // The answer waits for the start to be stored, not for the first
        // steps to run (which may take long: a long Pass chain, a heavy
        // expression). The journal's first entry is the start, without the
        // input: the record holds that (load() puts it back for replay).
        start.time_ms = h.logical_now(*l);
        if (l->persist) {
            store::AppendExecutionStep write;
            write.record = h.running_record_of(*l);
            write.record.start_ms = start.time_ms;
            json::Value entry = start.to_json();
            entry.mutable_object().erase("value");
            write.journal.push_back(json::dump(entry));
            l->persisted_journal = 1;
            h.commits->submit(store::Write(std::move(write)),
                              [&h, l, arn, start_ms = start.time_ms, done = std::move(done)](const std::string& error) {
                                  if (error.empty()) return done(StartResult{{}, arn, start_ms});
                                  h.break_execution(l, error);
                                  done(StartResult{store_unavailable(arn), arn, 0});
                              });
        } else {
            l->acks.push_back([l, done = std::move(done)](const HostError& failure) {
                done(StartResult{failure, l->exec->execution_arn(), l->exec->start_ms()});
            });
        }
        l->inbox.push_back(std::move(start));
        h.step(l);
    });
}

void ExecutionHost::start_sync(StartRequest request, std::function<void(SyncResult)> done) {
    Impl& h = *impl_;
    request.express = true;
    if (std::string missing = h.missing_mocks(request); !missing.empty()) {
        SyncResult refused;
        refused.error = error("ValidationException", missing);
        return done(std::move(refused));
    }
    auto l = std::make_shared<LiveExecution>(h.io);
    engine::ExecutionConfig config = h.config_for(request, h.new_seed());
    config.token_secret = h.new_token_secret();
    config.keep_journal = false;
    l->exec = std::make_unique<engine::Execution>(request.machine, config);
    l->persist = false;
    l->config_text = h.config_text_of(request, config, std::nullopt);  // not stored: its record's config (traceHeader)
    l->mocks = h.mocks_for(request.mock_state_machine.empty() ? request.state_machine_name : request.mock_state_machine,
                           request.test_case);
    l->sync_done = std::move(done);
    l->request = std::move(request);
    // Express executions may share names; they are not registered by ARN.
    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.value = l->request.input.value;
    h.deliver(l, std::move(start));
}

void ExecutionHost::stop(const std::string& execution_arn, std::optional<std::string> error_name,
                         std::optional<std::string> cause, std::function<void(HostError, int64_t)> done) {
    Impl& h = *impl_;
    std::shared_ptr<LiveExecution> l;
    {
        std::lock_guard lock(h.live_mutex);
        if (auto it = h.live.find(execution_arn); it != h.live.end()) l = it->second;
    }
    if (!l) {
        auto stored = h.store.get_execution(execution_arn);
        if (!stored) return done(error("ExecutionDoesNotExist", "Execution Does Not Exist: '" + execution_arn + "'"), 0);
        return done({}, stored->stop_ms.value_or(h.wall_ms()));
    }
    asio::post(l->strand, [&h, l, error_name = std::move(error_name), cause = std::move(cause),
                           done = std::move(done)]() mutable {
        if (l->broken) return done(store_unavailable(l->exec->execution_arn()), 0);
        if (l->exec->status() != engine::Status::Running) return done({}, l->exec->end_ms());
        engine::InputEvent stop;
        stop.kind = engine::InputEvent::Kind::Stop;
        stop.error = std::move(error_name);
        stop.cause = std::move(cause);
        stop.time_ms = h.logical_now(*l);
        l->acks.push_back([l, done = std::move(done)](const HostError& failure) {
            done(failure, failure ? 0 : l->exec->end_ms());
        });
        l->inbox.push_back(std::move(stop));
        h.step(l);
    });
}

void ExecutionHost::redrive(const std::string& execution_arn, std::function<void(HostError, int64_t)> done) {
    Impl& h = *impl_;
    std::unique_lock lock(h.live_mutex);
    if (h.live.count(execution_arn))
        return done(error("ExecutionNotRedrivable",
                          "Execution not redrivable: execution '" + execution_arn + "' is RUNNING"), 0);
    auto stored = h.store.get_execution(execution_arn);
    if (!stored) return done(error("ExecutionDoesNotExist", "Execution Does Not Exist: '" + execution_arn + "'"), 0);
    std::vector<engine::Command> pending;
    std::shared_ptr<LiveExecution> l;
    try {
        l = h.load(*stored, pending);
    } catch (const std::exception& e) {
        return done(error("ExecutionNotRedrivable", std::string("Execution not redrivable: ") + e.what()), 0);
    }
    if (!l->missing_mocks.empty())
        return done(error("ExecutionNotRedrivable", "Execution not redrivable: " + l->missing_mocks), 0);
    engine::RedriveStatus status = l->exec->redrive_status();
    if (!status.redrivable)
        return done(error("ExecutionNotRedrivable", "Execution not redrivable: " + status.reason), 0);
    h.live.emplace(execution_arn, l);
    lock.unlock();
    h.forget_replayed(execution_arn);
    engine::InputEvent redrive;
    redrive.kind = engine::InputEvent::Kind::Redrive;
    h.deliver(l, std::move(redrive), [l, done = std::move(done)](const HostError& failure) {
        done(failure, failure ? 0 : l->exec->redrive_ms().value_or(0));
    });
}

namespace {

struct FoundTask {
    std::shared_ptr<LiveExecution> execution;
    uint64_t task_id = 0;
};

}  // namespace

static std::optional<FoundTask> find_task(ExecutionHost::Impl& h, const std::string& token) {
    std::lock_guard lock(h.token_mutex);
    auto it = h.tokens.find(token);
    if (it == h.tokens.end()) return std::nullopt;
    auto l = it->second.execution.lock();
    if (!l) return std::nullopt;
    return FoundTask{std::move(l), it->second.task_id};
}

// Its tokens are forgotten while a broken execution waits for its repair;
// they are valid again after it.
static bool is_broken(ExecutionHost::Impl& h, const std::string& execution_arn) {
    std::lock_guard lock(h.live_mutex);
    auto it = h.live.find(execution_arn);
    return it != h.live.end() && it->second->broken;
}

// Runs `act` on the task's strand when the token names a task still waiting.
static void with_waiting_task(ExecutionHost::Impl& h, const std::string& token, std::function<void(HostError)> done,
                              std::function<void(const std::shared_ptr<LiveExecution>&, uint64_t)> act) {
    auto found = find_task(h, token);
    if (!found) {
        auto parts = engine::parse_task_token(token);
        if (!parts) return done(error("InvalidToken", "Invalid Token: 'Invalid token'"));
        if (is_broken(h, parts->execution_arn)) return done(store_unavailable(parts->execution_arn));
        if (!h.store.get_execution(parts->execution_arn))
            return done(error("TaskDoesNotExist", "Task Does Not Exist: the token's execution '" +
                                                      parts->execution_arn + "' does not exist"));
        return done(task_over());
    }
    auto l = found->execution;
    asio::post(l->strand, [l, id = found->task_id, done = std::move(done), act = std::move(act)] {
        if (l->broken) return done(store_unavailable(l->exec->execution_arn()));
        if (l->exec->status() != engine::Status::Running || !l->tasks.count(id)) return done(task_over());
        act(l, id);
    });
}

// Ends the waiting task with `event` once the token is known to name it; the
// answer goes out when that is stored.
static void answer_task(ExecutionHost::Impl& h, const std::string& token, engine::InputEvent event,
                        std::function<void(HostError)> done) {
    with_waiting_task(h, token, done, [&h, event = std::move(event), done](const std::shared_ptr<LiveExecution>& l,
                                                                           uint64_t id) {
        InFlightTask& task = l->tasks.at(id);
        if (task.awaiting_answer) {
            if (task.early_answer) return done(task_over());  // one answer per task
            task.early_answer.emplace(event, done);
            return;
        }
        l->acks.push_back(done);
        h.conclude_task(l, id, event);
    });
}

void ExecutionHost::send_task_success(const std::string& token, std::string output,
                                      std::function<void(HostError)> done) {
    auto value = json::try_parse(output);
    if (!value) return done(error("InvalidOutput", "Invalid Output: the output is not valid JSON"));
    engine::InputEvent event;
    event.kind = engine::InputEvent::Kind::TaskSucceeded;
    event.value = std::move(*value);
    answer_task(*impl_, token, std::move(event), std::move(done));
}

void ExecutionHost::send_task_failure(const std::string& token, std::optional<std::string> error_name,
                                      std::optional<std::string> cause, std::function<void(HostError)> done) {
    engine::InputEvent event;
    event.kind = engine::InputEvent::Kind::TaskFailed;
    event.error = std::move(error_name);
    event.cause = std::move(cause);
    answer_task(*impl_, token, std::move(event), std::move(done));
}

void ExecutionHost::send_task_heartbeat(const std::string& token, std::function<void(HostError)> done) {
    Impl& h = *impl_;
    with_waiting_task(h, token, done, [&h, done](const std::shared_ptr<LiveExecution>& l, uint64_t id) {
        InFlightTask& task = l->tasks.at(id);
        // A heartbeat keeps the clock the last one counted on.
        if (task.heartbeat_seconds) h.arm_heartbeat(l, id, task, task.heartbeat.timer && task.heartbeat.real_time);
        done({});
    });
}

void ExecutionHost::get_activity_task(const std::string& activity_arn, const std::string& worker_name,
                                      int64_t wait_ms, std::function<void(std::optional<ActivityTask>)> done) {
    Impl& h = *impl_;
    h.activities.poll(activity_arn, wait_ms,
                      [&h, worker_name, done = std::move(done)](std::optional<ActivityTask> task) {
                          if (!task) return done(std::nullopt);
                          // The history's ActivityStarted names the worker; the task is the
                          // worker's once that is stored.
                          auto found = find_task(h, task->task_token);
                          if (!found) return done(std::nullopt);  // its execution moved on meanwhile
                          engine::InputEvent started;
                          started.kind = engine::InputEvent::Kind::ActivityStarted;
                          started.ref = found->task_id;
                          started.value = json::Value(worker_name);
                          // Could ActivityStarted not be stored, the worker gets nothing and the
                          // repaired execution offers the task again.
                          h.deliver(found->execution, std::move(started),
                                    [done, task = std::move(*task)](const HostError& failure) mutable {
                                        done(failure ? std::nullopt : std::optional<ActivityTask>(std::move(task)));
                                    });
                      });
}

void ExecutionHost::on_status_change(std::function<void(const StatusChange&)> listener) {
    std::lock_guard lock(impl_->listener_mutex);
    impl_->listeners.push_back(std::move(listener));
}

void ExecutionHost::on_history_added(std::function<bool(const std::string&)> wanted,
                                     std::function<void(const HistoryAdded&)> listener) {
    impl_->history_wanted = std::move(wanted);
    impl_->history_listener = std::move(listener);
}

bool ExecutionHost::watch_end(const std::string& execution_arn,
                              std::function<void(const store::ExecutionRecord&)> ended) {
    Impl& h = *impl_;
    auto live_one = [&]() -> std::shared_ptr<LiveExecution> {
        auto it = h.live.find(execution_arn);
        return it == h.live.end() ? nullptr : it->second;
    };
    std::shared_ptr<LiveExecution> l;
    {
        std::lock_guard lock(h.live_mutex);
        l = live_one();
    }
    if (!l) {
        std::optional<store::ExecutionRecord> record = h.store.get_execution(execution_arn);
        if (!record) return false;
        if (record->status != "RUNNING") {
            ended(*record);
            return true;
        }
        // Stored RUNNING but not live: it is being resumed, and gets the watcher when it is.
        std::lock_guard lock(h.live_mutex);
        l = live_one();
        if (!l) {
            h.parked_end_watchers[execution_arn].push_back(std::move(ended));
            return true;
        }
    }
    h.add_end_watcher(l, std::move(ended));
    return true;
}

void ExecutionHost::Impl::add_end_watcher(const std::shared_ptr<LiveExecution>& l,
                                          std::function<void(const store::ExecutionRecord&)> ended) {
    l->watched = true;
    asio::post(l->strand, [this, l, ended = std::move(ended)]() mutable {
        if (l->broken) {  // being replaced by a fresh load: watch that one (or the store's record)
            std::shared_ptr<LiveExecution> now;
            {
                std::lock_guard lock(live_mutex);
                if (auto it = live.find(l->exec->execution_arn()); it != live.end()) now = it->second;
            }
            if (now && now != l) return add_end_watcher(now, std::move(ended));
            return l->end_watchers.push_back(std::move(ended));  // the repair hands these over
        }
        if (l->exec->status() != engine::Status::Running && l->notified_status == l->exec->status())
            return ended(record_of(*l));
        l->end_watchers.push_back(std::move(ended));
    });
}

void ExecutionHost::post(std::function<void()> work) { asio::post(impl_->io, std::move(work)); }

const tasks::MockConfig* ExecutionHost::mock_config() const { return impl_->options.mocks.get(); }

// AWS leaves a task its worker took to the task's heartbeat or timeout. Here
// the poller never received the token, so no worker holds the task: giving
// it to the next poller loses no time and runs it once. The history keeps the
// first ActivityStarted (the engine records one per attempt).
void ExecutionHost::reoffer_activity_task(const std::string& activity_arn, ActivityTask task) {
    Impl& h = *impl_;
    auto found = find_task(h, task.task_token);
    if (!found) return;  // its execution moved on: nobody waits for the task
    auto l = found->execution;
    // On the strand, where a task that ends withdraws itself from the queue.
    asio::post(l->strand, [&h, l, id = found->task_id, activity_arn, task = std::move(task)]() mutable {
        if (l->exec->status() != engine::Status::Running || !l->tasks.count(id)) return;
        h.activities.reoffer(activity_arn, std::move(task));
    });
}

std::optional<std::string> ExecutionHost::live_config(const std::string& execution_arn) const {
    std::lock_guard lock(impl_->live_mutex);
    auto it = impl_->live.find(execution_arn);
    if (it == impl_->live.end()) return std::nullopt;
    return it->second->config_text;  // set before the execution is live, never changed after
}

size_t ExecutionHost::running_count() const {
    std::lock_guard lock(impl_->live_mutex);
    return impl_->live.size();
}

int64_t ExecutionHost::now_ms() const { return impl_->wall_ms(); }

size_t ExecutionHost::recover() {
    Impl& h = *impl_;
    size_t resumed = 0;
    std::vector<std::future<void>> carried_out;
    for (const store::ExecutionRecord& record : h.store.running_executions()) {
        std::vector<engine::Command> pending;
        std::shared_ptr<LiveExecution> l;
        try {
            l = h.load(record, pending);
        } catch (const std::exception& e) {
            // Left RUNNING in the store: a later start with the definition back may resume it.
            fprintf(stderr, "stepwise serve: cannot resume %s: %s\n", record.arn.c_str(), e.what());
            std::vector<std::function<void(const store::ExecutionRecord&)>> parked;
            {
                std::lock_guard lock(h.live_mutex);
                if (auto it = h.parked_end_watchers.find(record.arn); it != h.parked_end_watchers.end()) {
                    parked = std::move(it->second);
                    h.parked_end_watchers.erase(it);
                }
            }
            for (const auto& ended : parked) ended(record);  // a parent waiting for it learns it will not go on
            continue;
        }
        {
            std::lock_guard lock(h.live_mutex);
            if (auto parked = h.parked_end_watchers.find(record.arn); parked != h.parked_end_watchers.end()) {
                for (auto& ended : parked->second) l->end_watchers.push_back(std::move(ended));
                l->watched = true;
                h.parked_end_watchers.erase(parked);
            }
            h.live.emplace(record.arn, l);
        }
        ++resumed;
        if (!l->missing_mocks.empty())
            fprintf(stderr, "stepwise serve: cannot resume %s: %s; it is stopped\n", record.arn.c_str(),
                    l->missing_mocks.c_str());
        // On its strand (an answer may come from another thread as soon as a
        // call goes out); recover() returns once every execution's tokens are
        // known and its timers armed.
        auto carried = std::make_shared<std::promise<void>>();
        carried_out.push_back(carried->get_future());
        asio::post(l->strand, [&h, l, carried, pending = std::move(pending)]() mutable {
            if (l->missing_mocks.empty()) {
                for (engine::Command& c : pending) h.carry_out(l, c);
            } else {
                // Nothing it waited for is sent again: it ends ABORTED, the cause naming its test case.
                engine::InputEvent stop;
                stop.kind = engine::InputEvent::Kind::Stop;
                stop.error = "States.Runtime";
                stop.cause = "Cannot resume after a restart of stepwise serve: " + l->missing_mocks;
                stop.time_ms = h.logical_now(*l);
                l->inbox.push_back(std::move(stop));
            }
            carried->set_value();
            h.step(l);
        });
    }
    for (auto& f : carried_out) f.wait();
    return resumed;
}

}  // namespace stepwise::runtime
