// Succeed and Fail: the states that end a scope without `End`.
#include "asl/compiler.h"

namespace stepwise::asl::detail {

void compile_succeed(SucceedState& state, Fields& f, Context& context) {
    Capabilities caps;
    caps.transition = false;
    caps.assign = false;
    read_common_fields(state, f, caps, context);
}

namespace {

// The intrinsics that return a string, the only ones ErrorPath and CausePath
// take (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html).
constexpr std::string_view kStringIntrinsics[] = {"States.Format",       "States.JsonToString", "States.ArrayGetItem",
                                                  "States.Base64Encode", "States.Base64Decode", "States.Hash",
                                                  "States.UUID"};

void check_string_intrinsic(Fields& f, std::string_view key, const PathOrIntrinsic& path) {
    if (!path.intrinsic) return;
    std::string_view name = path.intrinsic.function_name();
    for (std::string_view allowed : kStringIntrinsics)
        if (name == allowed) return;
    std::string list;
    for (std::string_view allowed : kStringIntrinsics) list += (list.empty() ? "" : ", ") + std::string(allowed);
    f.error(key, "The value for the field " + quoted_field(key) + " must be a JSONPath or a call of " + list +
                     ", not " + std::string(name));
}

// Error / Cause: a literal (JSONata: or a `{% %}` expression); ErrorPath /
// CausePath: a path or an intrinsic call (JSONPath only).
void read_error_field(FailState& state, Fields& f, std::string_view key, std::string_view path_key,
                      std::optional<std::string>& literal, std::optional<JsonataValue>& jsonata, PathOrIntrinsic& path) {
    f.exclusive({key, path_key});
    if (auto text = f.string(key)) {
        if (state.query_language == QueryLanguage::JSONata) {
            bool expression = is_jsonata_expression(*text);
            if (text->substr(0, 2) == "{%" && !expression)
                f.error(key, "A JSONata expression must start with '{%' and end with '%}'");
            jsonata = compile_jsonata(json::Value(*text), f.pointer_of(key), expression ? &f.diags() : nullptr);
        }
        literal = *text;
    }
    if (f.language_gate(path_key, state.query_language, QueryLanguage::JSONPath)) {
        path = read_path_or_intrinsic(f, path_key);
        check_string_intrinsic(f, path_key, path);
    }
}

}  // namespace

void compile_fail(FailState& state, Fields& f, Context& context) {
    Capabilities caps;
    caps.transition = false;
    caps.input_output_path = false;
    caps.output = false;
    caps.assign = false;
    read_common_fields(state, f, caps, context);
    read_error_field(state, f, "Error", "ErrorPath", state.error, state.error_jsonata, state.error_path);
    read_error_field(state, f, "Cause", "CausePath", state.cause, state.cause_jsonata, state.cause_path);
}

}  // namespace stepwise::asl::detail
