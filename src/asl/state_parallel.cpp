// Parallel: runs each branch (its own scope) on the same input.
#include "asl/compiler.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

void compile_parallel(ParallelState& state, Fields& f, Context& context) {
    Capabilities caps;
    caps.parameters = true;
    caps.result_path = true;
    caps.result_selector = true;
    caps.arguments = true;
    caps.retry_catch = true;
    read_common_fields(state, f, caps, context);

    f.require({"Branches"});
    const json::Value* branches = f.array("Branches");
    if (!branches) return;
    if (branches->size() == 0) f.error("Branches", "Field 'Branches' must hold at least one branch");
    std::string pointer = f.pointer_of("Branches");
    size_t i = 0;
    for (const json::Value& item : branches->as_array()) {
        auto branch = std::make_unique<StateMachine>();
        branch->query_language = context.machine_language;
        Fields bf(item, json::pointer_child(pointer, i++), context.diags, "A branch");
        compile_scope(*branch, bf, context);
        bf.finish();
        state.branches.push_back(std::move(branch));
    }
}

}  // namespace stepwise::asl::detail
