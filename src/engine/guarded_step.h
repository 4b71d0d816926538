// Running one step of a state (executing it, taking a task's outcome, a Wait
// ending, a child reporting): an error the step raises fails the state
// (States.* errors as they are, a query's error as States.Runtime or
// States.QueryEvaluationError), so no step has to catch for itself.
#pragma once

#include <utility>

#include "engine/core.h"
#include "engine/jsonpath_flow.h"
#include "query/errors.h"

namespace stepwise::engine {

template <class Step>
void run_guarded(Core& core, Frame& f, Step&& step) {
    try {
        std::forward<Step>(step)();
    } catch (StateError& e) {
        core.fail_state(f, std::move(e));
    } catch (const query::EvalError& e) {
        core.fail_state(f, runtime_error_from(core, f, e));
    }
}

// run_guarded, then queues the frame when the step (or its failure, through a
// Catch) sent it on to a next state.
template <class Step>
void run_guarded_then_queue(Core& core, Frame& f, Step&& step) {
    run_guarded(core, f, std::forward<Step>(step));
    if (f.alive && f.phase == Frame::Phase::Enter) core.make_ready(f);
}

}  // namespace stepwise::engine
