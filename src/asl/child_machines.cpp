// A Distributed Map runs each item as a child execution of a machine of its
// own: the processor compiled standalone (MapState::child_machine). Nested
// Distributed Maps get theirs when their parent's child machine compiles.
#include "asl/compiler.h"

namespace stepwise::asl::detail {

void compile_child_machines(Context& context) {
    for (Context::ChildMachine& child : context.child_machines) {
        CompileResult result = compile(child.definition);
        if (result.ok()) {
            child.state->child_machine = std::move(result.machine);
            continue;
        }
        // The processor compiled inside its parent without errors, so this is
        // a compiler bug; it must not pass as a Map without a machine.
        for (const Diagnostic& d : result.errors)
            context.diags.schema(child.state->processor->pointer,
                                 "Internal error: the processor does not compile as a machine of its own: " +
                                     d.to_string());
    }
}

}  // namespace stepwise::asl::detail
