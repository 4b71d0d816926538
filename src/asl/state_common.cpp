// What every state has: Type, Comment, QueryLanguage, transitions, and the
// input/output fields each type allows.
#include "asl/compiler.h"

namespace stepwise::asl::detail {

namespace {

struct TypeEntry {
    std::string_view name;
    StateType type;
};
constexpr TypeEntry kTypes[] = {
    {"Pass", StateType::Pass},         {"Task", StateType::Task},       {"Choice", StateType::Choice},
    {"Wait", StateType::Wait},         {"Parallel", StateType::Parallel}, {"Map", StateType::Map},
    {"Succeed", StateType::Succeed},   {"Fail", StateType::Fail},
};

std::unique_ptr<State> make_state(StateType type) {
    switch (type) {
        case StateType::Pass: return std::make_unique<PassState>();
        case StateType::Task: return std::make_unique<TaskState>();
        case StateType::Choice: return std::make_unique<ChoiceState>();
        case StateType::Wait: return std::make_unique<WaitState>();
        case StateType::Parallel: return std::make_unique<ParallelState>();
        case StateType::Map: return std::make_unique<MapState>();
        case StateType::Succeed: return std::make_unique<SucceedState>();
        case StateType::Fail: return std::make_unique<FailState>();
    }
    return nullptr;
}

void compile_type(State& state, Fields& fields, Context& context) {
    switch (state.type) {
        case StateType::Pass: return compile_pass(static_cast<PassState&>(state), fields, context);
        case StateType::Task: return compile_task(static_cast<TaskState&>(state), fields, context);
        case StateType::Choice: return compile_choice(static_cast<ChoiceState&>(state), fields, context);
        case StateType::Wait: return compile_wait(static_cast<WaitState&>(state), fields, context);
        case StateType::Parallel: return compile_parallel(static_cast<ParallelState&>(state), fields, context);
        case StateType::Map: return compile_map(static_cast<MapState&>(state), fields, context);
        case StateType::Succeed: return compile_succeed(static_cast<SucceedState&>(state), fields, context);
        case StateType::Fail: return compile_fail(static_cast<FailState&>(state), fields, context);
    }
}

}  // namespace

QueryLanguage read_query_language(Fields& f) {
    const json::Value* value = f.take("QueryLanguage");
    if (value && value->is_string() && value->as_string() == "JSONPath") return QueryLanguage::JSONPath;
    if (value && !value->is_string())
        f.error("QueryLanguage", "Field 'QueryLanguage' must be a string, not " + kind_with_article(*value));
    else if (value && value->as_string() != "JSONata")
        f.error("QueryLanguage", "Field 'QueryLanguage' must be \"JSONPath\" or \"JSONata\", not \"" +
                                     std::string(value->as_string()) + "\"");
    return QueryLanguage::JSONata;
}

std::unique_ptr<State> compile_state(const std::string& name, const json::Value& definition,
                                     const std::string& pointer, const StateMachine& owner, Context& context) {
    Fields f(definition, pointer, context.diags, "A state");
    if (!f.is_object()) return nullptr;
    f.require({"Type"});
    std::optional<std::string> type_name = f.string("Type");
    if (!type_name) return nullptr;
    const TypeEntry* entry = nullptr;
    for (const TypeEntry& candidate : kTypes)
        if (candidate.name == *type_name) entry = &candidate;
    if (!entry) {
        f.error("Type", "Field 'Type' must be one of Pass, Task, Choice, Wait, Parallel, Map, Succeed, Fail, not \"" +
                            *type_name + "\"");
        return nullptr;
    }
    std::unique_ptr<State> state = make_state(entry->type);
    state->type = entry->type;
    state->name = name;
    state->pointer = pointer;
    state->owner = &owner;
    if (auto comment = f.string("Comment")) state->comment = *comment;

    state->query_language = context.machine_language;
    if (f.has("QueryLanguage")) {
        state->query_language = read_query_language(f);
        if (state->query_language == QueryLanguage::JSONPath && context.machine_language == QueryLanguage::JSONata)
            f.error_here("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
    }

    compile_type(*state, f, context);
    f.finish();
    return state;
}

void read_common_fields(State& state, Fields& f, const Capabilities& caps, Context& context) {
    const QueryLanguage lang = state.query_language;
    constexpr QueryLanguage kPath = QueryLanguage::JSONPath;
    constexpr QueryLanguage kAta = QueryLanguage::JSONata;

    if (caps.transition) {
        std::optional<std::string> next = f.string("Next");
        std::optional<bool> end = f.boolean("End");
        if (next) state.next_name = *next;
        state.end = end.value_or(false);
        if (next && state.end)
            f.error_here("Fields 'Next' and 'End' cannot be used together: a state either ends its scope or names its successor");
        else if (!next && !state.end && f.is_object())
            f.error_here("A " + std::string(state_type_name(state.type)) +
                         " state needs either 'Next' or \"End\": true");
    }
    if (caps.input_output_path) {
        if (f.language_gate("InputPath", lang, kPath)) state.input_path = read_optional_path(f, "InputPath", PathKind::Any);
        if (f.language_gate("OutputPath", lang, kPath)) state.output_path = read_optional_path(f, "OutputPath", PathKind::Any);
    }
    if (caps.parameters && f.language_gate("Parameters", lang, kPath)) state.parameters = read_template(f, "Parameters");
    if (caps.result_path && f.language_gate("ResultPath", lang, kPath))
        state.result_path = read_optional_path(f, "ResultPath", PathKind::Reference);
    if (caps.result_selector && f.language_gate("ResultSelector", lang, kPath)) {
        if (f.has("ResultSelector") && !f.take("ResultSelector")->is_object())
            f.error("ResultSelector", "Field 'ResultSelector' must be an object");
        else
            state.result_selector = read_template(f, "ResultSelector");
    }
    if (caps.arguments && f.language_gate("Arguments", lang, kAta)) state.arguments = read_jsonata_value(f, "Arguments");
    if (caps.output && f.language_gate("Output", lang, kAta)) state.output = read_jsonata_value(f, "Output");
    if (caps.assign) state.assign = read_assign(f, lang);
    if (caps.retry_catch) {
        state.retry = read_retry(f, context);
        state.catch_ = read_catch(f, lang, context);
    }
}

}  // namespace stepwise::asl::detail
