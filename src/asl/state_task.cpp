// Task: invokes a Resource, with timeouts, heartbeats and credentials.
#include "asl/compiler.h"
#include "asl/resource.h"

namespace stepwise::asl::detail {

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
    if (const json::Value* credentials = f.object("Credentials")) {
        if (state.query_language == QueryLanguage::JSONata) check_jsonata_strings(*credentials, f.pointer_of("Credentials"), context.diags);
        state.credentials = *credentials;
    }
}

}  // namespace stepwise::asl::detail
