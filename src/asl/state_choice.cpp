// Choice: the first matching rule picks the next state, else Default.
#include "asl/compiler.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

void compile_choice(ChoiceState& state, Fields& f, Context& context) {
    Capabilities caps;
    caps.transition = false;
    read_common_fields(state, f, caps, context);

    f.require({"Choices"});
    if (const json::Value* choices = f.array("Choices")) {
        if (choices->size() == 0) f.error("Choices", "Field 'Choices' must hold at least one Choice rule");
        std::string pointer = f.pointer_of("Choices");
        size_t i = 0;
        for (const json::Value& item : choices->as_array()) {
            auto rule = compile_choice_rule(item, json::pointer_child(pointer, i++), true, state.query_language, context);
            if (rule) state.choices.push_back(std::move(*rule));
        }
    }
    if (auto default_name = f.string("Default")) state.default_name = *default_name;
}

}  // namespace stepwise::asl::detail
