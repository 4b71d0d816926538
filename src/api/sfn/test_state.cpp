// TestState: runs one state (given alone, or picked from a whole machine by
// stateName) on an input, with mocks standing in for the work of Task, Map
// and Parallel states, and answers its output or error, the next state and,
// at DEBUG/TRACE, the inspection data.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
#include <chrono>

#include "api/sfn/definition_check.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/operations.h"
#include "api/sfn/test_state_configuration.h"
#include "engine/task_token.h"
#include "engine/test_state.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api::sfn {

namespace {

constexpr size_t kMaxPayload = 262144;

engine::InspectionLevel inspection_level(const std::optional<std::string>& level) {
    if (level == "DEBUG") return engine::InspectionLevel::Debug;
    if (level == "TRACE") return engine::InspectionLevel::Trace;
    return engine::InspectionLevel::Info;
}

// A member that holds JSON as text (input, variables, context, mock.result).
std::optional<json::Value> json_text(const std::optional<std::string>& text, const std::string& error_type,
                                     const std::string& what) {
    if (!text) return std::nullopt;
    std::string error;
    auto value = json::try_parse(*text, &error);
    if (!value) throw SfnError(error_type, what + ": '" + error + "'");
    return value;
}

std::optional<std::string> member_text(const json::Value& object, std::string_view name, std::string_view shown) {
    const json::Value* v = object.find(name);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string())
        throw SfnError("SerializationException", "'" + std::string(shown) + "' can not be converted to a String");
    return std::string(v->as_string());
}

std::optional<engine::TestStateMock> read_mock(const json::Value* mock) {
    if (!mock) return std::nullopt;
    engine::TestStateMock out;
    if (auto result = member_text(*mock, "result", "mock.result")) {
        if (result->size() > kMaxPayload)
            throw SfnError("ValidationException", "1 validation error detected: Value at 'mock.result' failed to "
                                                  "satisfy constraint: Member must have length less than or equal to 262144");
        out.result = json_text(result, "ValidationException", "Invalid mock result");
    }
    if (const json::Value* error_output = mock->find("errorOutput"); error_output && !error_output->is_null()) {
        if (!error_output->is_object())
            throw SfnError("SerializationException", "'mock.errorOutput' can not be converted to a Structure");
        out.error = member_text(*error_output, "error", "mock.errorOutput.error");
        out.cause = member_text(*error_output, "cause", "mock.errorOutput.cause");
        if (!out.error) out.error = "";
    }
    if (auto mode = member_text(*mock, "fieldValidationMode", "mock.fieldValidationMode");
        mode && *mode != "STRICT" && *mode != "PRESENT" && *mode != "NONE")
        throw SfnError("ValidationException",
                       "1 validation error detected: Value '" + *mode +
                           "' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum "
                           "value set: [STRICT, PRESENT, NONE]");
    if (out.result.has_value() == out.error.has_value())
        throw SfnError("ValidationException", "A mock must specify exactly one of 'result' or 'errorOutput'");
    return out;
}

// States that run their work only against a mock: Map, Parallel, activities
// and the .sync / .waitForTaskToken patterns.
bool needs_mock(const asl::State& state) {
    if (state.type == asl::StateType::Map || state.type == asl::StateType::Parallel) return true;
    if (state.type != asl::StateType::Task) return false;
    const asl::Resource& resource = state.as<asl::TaskState>().resource;
    return resource.takes_task_token() || resource.pattern == asl::IntegrationPattern::Sync ||
           resource.pattern == asl::IntegrationPattern::Sync2;
}

bool takes_mock(const asl::State& state) {
    return state.type == asl::StateType::Task || state.type == asl::StateType::Map ||
           state.type == asl::StateType::Parallel;
}

void check_mock_fits(const asl::State& state, const std::optional<engine::TestStateMock>& mock) {
    std::string type(asl::state_type_name(state.type));
    if (mock && !takes_mock(state))
        throw SfnError("ValidationException", "State type '" + type + "' is not supported when a mock is specified");
    if (!mock && needs_mock(state))
        throw SfnError("ValidationException", "State type '" + type + "' with this resource is only supported when a "
                                              "mock is specified");
}

const asl::State& definition_state(const engine::TestStateDefinition& compiled) {
    if (!compiled.missing_state.empty())
        throw SfnError("ValidationException", "State '" + compiled.missing_state + "' does not exist in the definition");
    if (!compiled.machine) {
        std::string problems;
        for (const auto& error : compiled.errors) problems += (problems.empty() ? "" : ", ") + error.to_string();
        throw SfnError("InvalidDefinition", "Invalid State Machine Definition: '" + problems + "'");
    }
    return *compiled.state;
}

json::Value answer(const engine::TestStateResult& result) {
    json::Object out;
    if (result.output) out.set("output", json::dump(*result.output));
    if (result.error) out.set("error", *result.error);
    if (result.cause) out.set("cause", *result.cause);
    if (result.inspection) out.set("inspectionData", result.inspection->to_json());
    if (result.next_state) out.set("nextState", *result.next_state);
    out.set("status", test_status_name(result.status));
    return json::Value(std::move(out));
}

}  // namespace

void test_state(SfnCall& call) {
    Fields fields(call.body);
    auto definition = fields.text("definition", rule::required(1, 1048576));
    auto role_arn = fields.text("roleArn", rule::optional(1, 256));
    auto input = fields.text("input", rule::optional(0, kMaxPayload));
    auto level = fields.text("inspectionLevel", rule::one_of({"INFO", "DEBUG", "TRACE"}));
    fields.flag("revealSecrets");  // only HTTP Tasks have secrets to reveal, and they are not run here
    auto variables = fields.text("variables", rule::optional(0, kMaxPayload));
    auto state_name = fields.text("stateName", rule::optional(1, 80));
    auto context = fields.text("context", rule::optional(0, kMaxPayload));
    const json::Value* mock = fields.object("mock");
    const json::Value* configuration = fields.object("stateConfiguration");
    fields.check();
    StateConfiguration state_configuration = read_state_configuration(configuration);
    if (role_arn) check_role_arn(*role_arn);

    engine::TestStateRequest request;
    request.mock = read_mock(mock);
    if (!role_arn && !request.mock)
        throw SfnError("ValidationException", "1 validation error detected: Value null at 'roleArn' failed to satisfy "
                                              "constraint: Member must not be null when no mock is specified");
    if (context && !request.mock)
        throw SfnError("ValidationException", "The 'context' field may only be specified together with a 'mock'");
    auto compiled = engine::compile_test_state(*definition, state_name.value_or(""));
    const asl::State& state = definition_state(compiled);
    check_mock_fits(state, request.mock);

    request.state = &state;
    if (auto parsed = json_text(input, "InvalidExecutionInput", "Invalid State Machine Execution Input"))
        request.input = std::move(*parsed);
    if (auto parsed = json_text(variables, "ValidationException", "Invalid variables")) {
        if (!parsed->is_object()) throw SfnError("ValidationException", "Invalid variables: must be a JSON object");
        request.variables = std::move(*parsed);
    }
    request.context = json_text(context, "ValidationException", "Invalid context");
    apply_state_configuration(state_configuration, state, request);
    request.level = inspection_level(level);
    request.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    request.scope = call.scope();
    request.role_arn = role_arn.value_or("");
    engine::TestStateResult result = engine::test_state(compiled.machine, request);
    if (result.invalid_request) throw SfnError("ValidationException", *result.invalid_request);
    call.answer(answer(result));
}

}  // namespace stepwise::api::sfn
