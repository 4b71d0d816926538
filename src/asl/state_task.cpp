// Task: invokes a Resource, with timeouts, heartbeats and credentials.
#include "asl/compiler.h"
#include "asl/resource.h"

namespace stepwise::asl::detail {

namespace {

// Credentials: the role the Task assumes, `RoleArn` (JSONata: a string or a
// `{% %}` expression) or, in JSONPath, `RoleArn.$` (a path or an intrinsic call).
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
void read_credentials(TaskState& state, Fields& f, Context& context) {
    const json::Value* credentials = f.object("Credentials");
    if (!credentials) return;
    state.credentials = *credentials;
    const bool jsonpath = state.query_language == QueryLanguage::JSONPath;
    Fields c(*credentials, f.pointer_of("Credentials"), context.diags, "Field 'Credentials'");
    if (jsonpath) c.exclusive({"RoleArn", "RoleArn.$"});
    if (!c.has("RoleArn") && !(jsonpath && c.has("RoleArn.$")))
        c.error_here(jsonpath ? "Field 'Credentials' needs 'RoleArn' or 'RoleArn.$'" : "These fields are required: [RoleArn]");
    c.string("RoleArn");
    if (!jsonpath) state.credentials_jsonata = compile_jsonata(*credentials, f.pointer_of("Credentials"), &context.diags);
    if (jsonpath) {
        c.take("RoleArn.$");
        read_template(f, "Credentials");  // reports a `RoleArn.$` that is no path or intrinsic call
    }
    c.finish();
}

}  // namespace

void compile_task(TaskState& state, Fields& f, Context& context) {
    Capabilities caps;
    caps.parameters = true;
    caps.result_path = true;
    caps.result_selector = true;
    caps.arguments = true;
    caps.retry_catch = true;
    read_common_fields(state, f, caps, context);

    f.require({"Resource"});
    if (auto resource = f.string("Resource")) {
        std::string problem;
        if (std::optional<Resource> parsed = parse_resource(*resource, &problem)) {
            state.resource = std::move(*parsed);
        } else {
            state.resource.arn = *resource;
            context.diags.add(f.pointer_of("Resource"), code::kInvalidResource, problem);
        }
    }
    state.timeout_seconds =
        read_dynamic_number(f, "TimeoutSeconds", "TimeoutSecondsPath", state.query_language, 1, kMaxSeconds);
    state.heartbeat_seconds =
        read_dynamic_number(f, "HeartbeatSeconds", "HeartbeatSecondsPath", state.query_language, 1, kMaxSeconds);
    if (state.timeout_seconds.literal && state.heartbeat_seconds.literal &&
        *state.heartbeat_seconds.literal >= *state.timeout_seconds.literal)
        f.error("HeartbeatSeconds", "Field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
    read_credentials(state, f, context);
}

}  // namespace stepwise::asl::detail
