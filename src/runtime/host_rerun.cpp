// "Re-run from here" in the ExecutionHost: the new execution's journal is
// built from the stored original's (runtime/rerun_prefix.h), then the
// execution is adopted as a resumed one is: replayed, stored whole, and what
// it waits on (tasks after the entry, timers) carried out.
#include <cstdio>

#include <boost/asio/post.hpp>

#include "runtime/host_internal.h"
#include "runtime/rerun_prefix.h"

namespace stepwise::runtime {

namespace {

StartResult failed(std::string type, std::string message) {
    StartResult r;
    r.error = HostError{std::move(type), std::move(message)};
    return r;
}

}  // namespace

static void rerun_now(ExecutionHost::Impl& h, RerunRequest r, std::function<void(StartResult)> done) {
    auto record = h.store.get_execution(r.execution_arn);
    if (!record) return done(failed("ExecutionDoesNotExist", "Execution Does Not Exist: '" + r.execution_arn + "'"));
    std::vector<engine::Command> ignored;
    std::shared_ptr<LiveExecution> original;
    try {
        original = h.load(*record, ignored);
    } catch (const std::exception& e) {
        return done(failed("ValidationException", "Cannot replay '" + r.execution_arn + "': " + e.what()));
    }
    StartRequest request = original->request;
    request.name = r.name;
    request.on_end = nullptr;
    if (r.machine) {
        request.machine = r.machine;
        request.definition_id = r.definition_id;
    }
    if (r.test_case) request.test_case = *r.test_case;
    request.debug = nullptr;

    RerunContinuation go_on;
    go_on.input = std::move(r.input);
    go_on.pause = r.pause;
    if (h.options.debug_for)
        if (auto wanted = h.options.debug_for(request)) go_on.breakpoints = wanted->breakpoints;
    const uint64_t seed = original->exec->config().seed;  // the same States.UUID, jitter and names as the original's
    RerunPrefix prefix;
    try {
        prefix = build_rerun_prefix(request.machine, h.config_for(request, seed), *original->exec, r.event_id, go_on,
                                    h.wall_ms() - original->exec->start_ms());
    } catch (const RerunError& e) {
        return done(failed("ValidationException", "Cannot re-run '" + r.execution_arn + "' from event " +
                                                      std::to_string(r.event_id) + ": " + e.what()));
    }
    request.debug = prefix.debug;
    h.begin(std::move(request), Adoption{std::move(prefix.journal), seed, RerunOf{r.execution_arn, r.event_id}},
            std::move(done));
}

// Replaying the original (twice) may take long: on a worker, off the caller's
// thread. An exception escaping a worker would end the server (std::terminate),
// so what rerun_now throws (a store read failing, say) is its answer.
void ExecutionHost::rerun(RerunRequest r, std::function<void(StartResult)> done) {
    post([&h = *impl_, r = std::move(r), done = std::move(done)]() mutable {
        auto answered = std::make_shared<std::atomic<bool>>(false);  // done may run on another worker
        auto once = [done, answered](StartResult result) {
            *answered = true;
            done(std::move(result));
        };
        const std::string arn = r.execution_arn;
        auto fail = [&](std::string type, const std::exception& e) {
            if (*answered) {
                fprintf(stderr, "stepwise serve: re-run of %s, after its answer: %s\n", arn.c_str(), e.what());
                return;
            }
            try {
                done(failed(std::move(type), "Cannot re-run '" + arn + "': " + e.what()));
            } catch (const std::exception& again) {
                fprintf(stderr, "stepwise serve: re-run of %s: %s\n", arn.c_str(), again.what());
            }
        };
        try {
            rerun_now(h, std::move(r), once);
        } catch (const store::StoreError& e) {
            fail("ServiceUnavailable", e);
        } catch (const std::exception& e) {
            fail("InternalFailure", e);
        }
    });
}

void ExecutionHost::Impl::adopt(const std::shared_ptr<LiveExecution>& l, engine::ExecutionConfig config,
                                std::vector<engine::InputEvent> journal, std::function<void(StartResult)> done) {
    std::vector<engine::Command> issued;
    l->exec = engine::Execution::replay(l->request.machine, std::move(config), journal, &issued);
    std::vector<engine::Command> pending = outstanding(std::move(issued), journal, l->exec->status());
    l->notified_status = engine::Status::Running;
    if (l->persist) l->status_changes.push_back(running_record_of(*l));
    if (l->exec->status() != engine::Status::Running) {
        l->notified_status = l->exec->status();
        if (l->persist) l->status_changes.push_back(record_of(*l));
    }
    continue_mock_counts(*l, pending);
    if (!journal.empty()) l->last_event_ms = journal.back().time_ms;
    l->skew_ms = std::max<int64_t>(0, l->last_event_ms - wall_ms());
    const std::string arn = l->exec->execution_arn();
    const int64_t start_ms = l->exec->start_ms();
    l->acks.push_back([done = std::move(done), arn, start_ms](const HostError& failure) {
        done(StartResult{failure, arn, failure ? 0 : start_ms});
    });
    for (engine::Command& c : pending) carry_out(l, c);
    step(l);  // stores the whole journal, announces RUNNING, the history and the pause
}

}  // namespace stepwise::runtime
