#include "engine/states.h"

namespace stepwise::engine::states {

void execute(Core& core, Frame& f) {
    switch (f.state->type) {
        case asl::StateType::Pass: pass(core, f); break;
        case asl::StateType::Task: task(core, f); break;
        case asl::StateType::Choice: choice(core, f); break;
        case asl::StateType::Wait: wait(core, f); break;
        case asl::StateType::Parallel: parallel(core, f); break;
        case asl::StateType::Map: map(core, f); break;
        case asl::StateType::Succeed: succeed(core, f); break;
        case asl::StateType::Fail: fail(core, f); break;
    }
}

}  // namespace stepwise::engine::states
