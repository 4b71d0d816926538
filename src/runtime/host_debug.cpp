// The ExecutionHost's debugger: the open pauses of each execution, resuming
// them, replacing breakpoints, evaluating in a pause (engine/debugger.h).
// Pauses write no history (AWS has none): the Resume and SetBreakpoints input
// events are journalled, so a resumed execution pauses the same way.
#include <algorithm>
#include <set>

#include <boost/asio/post.hpp>

#include "engine/debug_eval.h"
#include "runtime/host_internal.h"

namespace stepwise::runtime {

namespace {

HostError validation(std::string message) { return HostError{"ValidationException", std::move(message)}; }

HostError does_not_exist(const std::string& arn) {
    return HostError{"ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"};
}

bool is_open(const engine::Execution& e, uint64_t pause_id) {
    auto open = e.open_pauses();
    return std::any_of(open.begin(), open.end(), [&](const auto& p) { return p->id == pause_id; });
}

}  // namespace

std::string unknown_state(const asl::Machine& machine, const std::vector<engine::Breakpoint>& breakpoints) {
    for (const engine::Breakpoint& b : breakpoints)
        if (!machine.all_states.count(b.state))
            return "Breakpoint on an unknown state: the definition has no state named '" + b.state + "'";
    return "";
}

std::optional<DebugNotice> ExecutionHost::Impl::pause_changes(LiveExecution& l) {
    std::vector<std::shared_ptr<const engine::Pause>> now = l.exec->open_pauses();
    std::lock_guard lock(l.pause_mutex);
    if (now.empty() && l.open_pauses.empty()) return std::nullopt;
    std::set<uint64_t> before, after;
    for (const auto& p : l.open_pauses) before.insert(p->id);
    for (const auto& p : now) after.insert(p->id);
    DebugNotice notice;
    notice.execution_arn = l.exec->execution_arn();
    for (const auto& p : now)
        if (!before.count(p->id)) notice.paused.push_back(p);
    for (uint64_t id : before)
        if (!after.count(id)) notice.resumed.push_back(id);
    l.open_pauses = std::move(now);
    if (notice.paused.empty() && notice.resumed.empty()) return std::nullopt;
    return notice;
}

HostError ExecutionHost::pauses(const std::string& execution_arn,
                                std::vector<std::shared_ptr<const engine::Pause>>& out) {
    out.clear();
    auto l = impl_->find_live(execution_arn);
    if (!l) return impl_->store.get_execution(execution_arn) ? HostError{} : does_not_exist(execution_arn);
    std::lock_guard lock(l->pause_mutex);
    out = l->open_pauses;
    return {};
}

// Feeds `event` to the running execution (on its strand) once `check` finds
// nothing wrong there; answers when the step is stored.
static void feed_running(ExecutionHost::Impl& h, const std::string& execution_arn, engine::InputEvent event,
                         std::function<HostError(const LiveExecution&)> check, std::function<void(HostError)> done) {
    auto l = h.find_live(execution_arn);
    if (!l) {
        if (!h.store.get_execution(execution_arn)) return done(does_not_exist(execution_arn));
        return done(validation("Execution '" + execution_arn + "' is not running"));
    }
    asio::post(l->strand, [&h, l, event = std::move(event), check = std::move(check), done = std::move(done)]() mutable {
        if (l->broken) return done(store_unavailable(l->exec->execution_arn()));
        if (l->exec->status() != engine::Status::Running)
            return done(validation("Execution '" + l->exec->execution_arn() + "' is not running"));
        if (HostError problem = check(*l)) return done(problem);
        event.time_ms = h.logical_now(*l);
        l->acks.push_back(std::move(done));
        l->inbox.push_back(std::move(event));
        h.step(l);
    });
}

void ExecutionHost::resume(const std::string& execution_arn, uint64_t pause_id, engine::Resume how,
                           std::function<void(HostError)> done) {
    engine::InputEvent event;
    event.kind = engine::InputEvent::Kind::Resume;
    event.ref = pause_id;
    event.value = engine::resume_value(how);
    auto check = [pause_id, breakpoints = std::move(how.breakpoints)](const LiveExecution& l) -> HostError {
        if (!is_open(*l.exec, pause_id))
            return validation("Execution '" + l.exec->execution_arn() + "' has no open pause " +
                              std::to_string(pause_id));
        if (breakpoints)
            if (std::string unknown = unknown_state(*l.exec->machine(), *breakpoints); !unknown.empty())
                return validation(unknown);
        return {};
    };
    feed_running(*impl_, execution_arn, std::move(event), std::move(check), std::move(done));
}

void ExecutionHost::set_breakpoints(const std::string& execution_arn, std::vector<engine::Breakpoint> breakpoints,
                                    std::function<void(HostError)> done) {
    engine::InputEvent event;
    event.kind = engine::InputEvent::Kind::SetBreakpoints;
    event.value = engine::breakpoints_json(breakpoints);
    auto check = [breakpoints = std::move(breakpoints)](const LiveExecution& l) -> HostError {
        if (std::string unknown = unknown_state(*l.exec->machine(), breakpoints); !unknown.empty())
            return validation(unknown);
        return {};
    };
    feed_running(*impl_, execution_arn, std::move(event), std::move(check), std::move(done));
}

void ExecutionHost::evaluate(const std::string& execution_arn, uint64_t pause_id, std::string expression,
                             std::function<void(HostError, json::Value)> done) {
    std::vector<std::shared_ptr<const engine::Pause>> open;
    if (HostError failure = pauses(execution_arn, open)) return done(failure, {});
    auto found = std::find_if(open.begin(), open.end(), [&](const auto& p) { return p->id == pause_id; });
    if (found == open.end())
        return done(validation("Execution '" + execution_arn + "' has no open pause " + std::to_string(pause_id)), {});
    // The machine the pause points into stays alive with the execution it came from.
    auto l = impl_->find_live(execution_arn);
    post([l, pause = *found, expression = std::move(expression), done = std::move(done)] {
        json::Value value;
        try {
            value = engine::evaluate_in_pause(*pause, expression);
        } catch (const std::exception& e) {
            return done(HostError{"EvaluationError", e.what()}, {});
        }
        done({}, std::move(value));
    });
}

void ExecutionHost::on_debug(std::function<void(const DebugNotice&)> listener) {
    impl_->debug_listener = std::move(listener);
}

}  // namespace stepwise::runtime
