// A scope: the top level, a Parallel branch or a Map processor. Reads
// StartAt, States and Comment, compiles each state, then links the scope.
#include "asl/compiler.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

namespace {

void check_state_name(const std::string& name, const std::string& pointer, Context& context) {
    if (name.empty())
        context.diags.add(pointer, code::kInvalidStateName, "State names must not be empty");
    else if (utf8_length(name) > kMaxStateNameLength)
        context.diags.add(pointer, code::kInvalidStateName,
                          "State name '" + name + "' is longer than " + std::to_string(kMaxStateNameLength) +
                              " characters");
    auto [it, inserted] = context.seen_names.emplace(name, pointer);
    if (!inserted)
        context.diags.add(pointer, code::kDuplicateStateName,
                          "Duplicate State name: " + name + " (also at " + it->second + ")");
}

}  // namespace

void compile_scope(StateMachine& scope, Fields& f, Context& context) {
    scope.pointer = f.pointer();
    if (!f.is_object()) return;
    if (context.depth > kMaxNesting) {
        context.diags.add(f.pointer(), code::kTooDeeplyNested,
                          "States are nested more than " + std::to_string(kMaxNesting) + " levels deep");
        f.take("StartAt");
        f.take("States");
        return;
    }
    struct DepthGuard {
        int& depth;
        ~DepthGuard() { --depth; }
    } guard{++context.depth};

    f.require({"StartAt", "States"});
    if (auto comment = f.string("Comment")) scope.comment = *comment;
    if (auto start_at = f.string("StartAt")) scope.start_at = *start_at;
    if (const json::Value* states = f.object("States")) {
        if (states->size() == 0) f.error("States", "Field 'States' must hold at least one state");
        std::string states_pointer = f.pointer_of("States");
        for (const json::Member& member : states->as_object()) {
            std::string name(member.name());
            std::string pointer = json::pointer_child(states_pointer, name);
            check_state_name(name, pointer, context);
            std::unique_ptr<State> state = compile_state(name, member.value, pointer, scope, context);
            if (!state) {
                // Keep the name so transitions to it resolve; the errors are already reported.
                state = std::make_unique<SucceedState>();
                state->type = StateType::Succeed;
                state->name = name;
                state->pointer = pointer;
                state->owner = &scope;
                context.incomplete_scopes.insert(&scope);
            }
            scope.by_name.emplace(name, state.get());
            context.machine.all_states.emplace(name, state.get());
            scope.states.push_back(std::move(state));
        }
    }
    link_scope(scope, context);
}

}  // namespace stepwise::asl::detail
