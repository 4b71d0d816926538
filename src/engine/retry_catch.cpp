// Retry and Catch, as AWS applies them when a state fails.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
//  - Retriers are tried in order; the first whose ErrorEquals matches decides.
//    If it has attempts left the state runs again after
//    IntervalSeconds * BackoffRate^attempt (capped by MaxDelaySeconds; with
//    JitterStrategy FULL a uniform random delay in [0, that]); if not, Catch
//    is consulted.
//  - Catchers are tried in order; the first match sends {Error, Cause}
//    (through its ResultPath, applied to the state's input) to its Next.
//  - States.Timeout matches a timeout and a missed heartbeat
//    (States.HeartbeatTimeout); States.HeartbeatTimeout only the latter;
//    States.TaskFailed every error except both.
//  - States.ALL matches every error except the terminal ones
//    (States.Runtime, and States.DataLimitExceeded raised by the engine);
//    terminal errors are neither retried nor caught, even when named.
#include <algorithm>
#include <cmath>
#include <optional>

#include "engine/core.h"
#include "engine/jsonpath_flow.h"
#include "engine/retry.h"
#include "engine/variables.h"

namespace stepwise::engine {

bool error_matches(const std::vector<std::string>& error_equals, const StateError& error) {
    if (error.terminal) return false;
    const std::string& name = error.name();
    if (name == errors::Runtime) return false;
    for (const std::string& e : error_equals) {
        if (e == errors::ALL) return true;
        if (e == name) return true;
        // States.Timeout also names a missed heartbeat ("ran longer than the TimeoutSeconds value, or failed
        // to send a heartbeat for a period longer than the HeartbeatSeconds value").
        if (e == errors::Timeout && name == errors::HeartbeatTimeout) return true;
        // States.TaskFailed matches everything but a timeout, and a missed heartbeat is one.
        if (e == errors::TaskFailed && name != errors::Timeout && name != errors::HeartbeatTimeout) return true;
    }
    return false;
}

int64_t retry_delay_ms(const asl::Retrier& r, int64_t attempt, double random_unit) {
    double delay = r.interval_seconds * std::pow(r.backoff_rate, static_cast<double>(attempt));
    if (r.max_delay_seconds && delay > *r.max_delay_seconds) delay = *r.max_delay_seconds;
    if (r.jitter == asl::Retrier::Jitter::Full) delay = delay * random_unit;
    if (!(delay >= 0)) delay = 0;
    if (delay > 1e12) delay = 1e12;
    return static_cast<int64_t>(std::llround(delay * 1000.0));
}

json::Value error_output(const StateError& error) {
    json::Object o;
    if (error.error) o.set("Error", *error.error);
    if (error.cause) o.set("Cause", *error.cause);
    return json::Value(std::move(o));
}

void Core::fail_state(Frame& f, StateError err) {
    if (!f.alive) return;
    const asl::State* s = f.state;
    if (observer) observer->failed(f, err);
    if (err.evaluation) {
        HistoryEvent& ev = emit(f, EventType::EvaluationFailed);
        ev.state = s;
        ev.error = err.error;
        ev.cause = err.cause;
        ev.location = err.location;
        if (s->type == asl::StateType::Map && !err.from_children) {
            HistoryEvent& mf = emit(f, EventType::MapStateFailed);
            mf.state = s;
        }
        err.evaluation = false;
    }
    // Retry: the first retrier that matches decides.
    std::optional<size_t> retrier;
    for (size_t i = 0; i < s->retry.size(); ++i) {
        if (!error_matches(s->retry[i].error_equals, err)) continue;
        if (f.retrier_attempts.size() < s->retry.size()) f.retrier_attempts.resize(s->retry.size(), 0);
        if (f.retrier_attempts[i] < s->retry[i].max_attempts) retrier = i;
        break;
    }
    if (f.fanout) {
        // A retry is a fresh attempt of the whole state; otherwise a redrive keeps what the children did.
        if (!retrier) f.kept_children = keep_children(*f.fanout);
        cancel_frame_children(f);
    }
    if (retrier) {
        const asl::Retrier& r = s->retry[*retrier];
        int64_t attempt = f.retrier_attempts[*retrier];
        f.retrier_attempts[*retrier] = attempt + 1;
        f.retry_count += 1;
        int64_t delay = retry_delay_ms(r, attempt, r.jitter == asl::Retrier::Jitter::Full ? random_unit() : 1.0);
        if (observer) observer->retrying(f, *retrier, delay);
        f.fanout.reset();
        f.kept_children.clear();
        start_timer(f, now() + delay, Frame::Wait::RetryTimer);
        f.phase = Frame::Phase::Blocked;
        return;
    }
    if (err.from_children) {
        if (s->type == asl::StateType::Parallel) {
            HistoryEvent& ev = emit(f, EventType::ParallelStateFailed);
            ev.state = s;
        } else if (s->type == asl::StateType::Map) {
            HistoryEvent& ev = emit(f, EventType::MapStateFailed);
            ev.state = s;
        }
    }
    f.fanout.reset();
    // Catch.
    for (size_t i = 0; i < s->catch_.size(); ++i) {
        const asl::Catcher& c = s->catch_[i];
        if (!error_matches(c.error_equals, err)) continue;
        if (observer) observer->caught(f, i);
        try {
            f.assigned = json::Value();
            json::Value errout = error_output(err);
            if (s->query_language == asl::QueryLanguage::JSONata) {
                StatesVar st{&f.input, nullptr, &errout};
                finish_jsonata(*this, f, st, errout, c.next, c.assign, c.output);
                return;
            }
            apply_assign(*this, f, c.assign, errout, {});
            json::Value out = apply_result_path(*this, f, c.result_path, f.input, std::move(errout));
            finish_state(f, std::move(out), c.next);
        } catch (StateError& e2) {
            fail_frame(f, std::move(e2));
        } catch (const query::EvalError& e2) {
            fail_frame(f, runtime_error_from(*this, f, e2));
        }
        return;
    }
    fail_frame(f, std::move(err));
}

}  // namespace stepwise::engine
