// ValidateStateMachineDefinition: the compiler's diagnostics as AWS's result.
#include "api/sfn/fields.h"
#include "api/sfn/operations.h"
#include "asl/compile.h"

namespace stepwise::api::sfn {

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
void validate_state_machine_definition(SfnCall& call) {
    Fields fields(call.body);
    auto definition = fields.text("definition", rule::required(1, 1048576));
    fields.text("type", rule::one_of({"STANDARD", "EXPRESS"}));
    fields.text("severity", rule::one_of({"ERROR", "WARNING"}));
    auto max_results = fields.integer("maxResults", 0, 100);
    fields.check();
    size_t limit = max_results.value_or(0) > 0 ? static_cast<size_t>(*max_results) : 100;

    auto compiled = asl::compile(*definition);
    json::Array diagnostics;
    for (const auto& error : compiled.errors) {
        if (diagnostics.size() == limit) break;
        json::Object diagnostic{{"severity", "ERROR"}, {"code", error.code}, {"message", error.message}};
        if (!error.pointer.empty()) diagnostic.set("location", error.pointer);
        diagnostics.push_back(json::Value(std::move(diagnostic)));
    }
    call.answer(json::Object{{"result", compiled.ok() ? "OK" : "FAIL"},
                             {"diagnostics", json::Value(std::move(diagnostics))},
                             {"truncated", compiled.errors.size() > limit}});
}

}  // namespace stepwise::api::sfn
