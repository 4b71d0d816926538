#include "tasks/integrations/start_execution.h"

#include <mutex>
#include <optional>

#include "engine/timestamp.h"
#include "json/parse.h"
#include "aws/digest.h"
#include "json/write.h"
#include "query/uuid.h"
#include "tasks/integrations/sdk_errors.h"
#include "tasks/lambda_invoke_result.h"

namespace stepwise::tasks {

namespace {

using Pattern = asl::IntegrationPattern;

// The optimized integration's response metadata, in the shape recorded
// against AWS (conformance task_services/start_execution_input_json).
json::Value response_metadata(const std::string& request_id, size_t content_length, int64_t date_ms) {
    auto one = [](std::string_view v) { return json::Value(json::Array{json::Value(v)}); };
    const std::string length = std::to_string(content_length);
    const std::string date = http_date(date_ms);
    json::Object all{
        {"x-amzn-RequestId", json::Value(request_id)},
        {"connection", one("keep-alive")},
        {"Content-Length", one(length)},
        {"Date", json::Value(date)},
        {"Content-Type", one("application/x-amz-json-1.0")},
    };
    json::Object headers{
        {"connection", "keep-alive"},
        {"Content-Length", length},
        {"Content-Type", "application/x-amz-json-1.0"},
        {"Date", date},
        {"x-amzn-RequestId", request_id},
    };
    return json::Value(json::Object{
        {"AllHttpHeaders", json::Value(std::move(all))},
        {"HttpHeaders", json::Value(std::move(headers))},
        {"HttpStatusCode", 200},
    });
}

// Dates as the optimized integration returns them (epoch milliseconds), and
// as AWS SDK integrations do (ISO 8601).
json::Value date_value(int64_t ms, bool aws_sdk) {
    return aws_sdk ? json::Value(engine::format_iso8601_ms(ms)) : json::Value(static_cast<long long>(ms));
}

json::Value start_response(const ChildStarted& started, bool aws_sdk) {
    json::Object o{{"ExecutionArn", started.execution_arn}};
    if (!aws_sdk) {
        // Derived from the child, so a run's history is the same every time.
        const std::string id = query::format_uuid_v4(std::hash<std::string>{}(started.execution_arn),
                                                     std::hash<std::string>{}(started.execution_arn + "#request"));
        const std::string body = R"({"executionArn":")" + started.execution_arn + R"(","startDate":)" +
                                 std::to_string(started.start_ms / 1000) + ".000}";
        o.set("SdkHttpMetadata", response_metadata(id, body.size(), started.start_ms));
        o.set("SdkResponseMetadata", json::Value(json::Object{{"RequestId", id}}));
    }
    o.set("StartDate", date_value(started.start_ms, aws_sdk));
    return json::Value(std::move(o));
}

// DescribeExecution's fields for a .sync / .sync:2 result.
json::Value describe(const ChildEnded& ended, bool as_json) {
    auto payload = [&](const std::string& text) {
        if (!as_json) return json::Value(text);
        if (auto parsed = json::try_parse(text)) return std::move(*parsed);
        return json::Value(text);
    };
    json::Object o;
    if (ended.cause) o.set("Cause", *ended.cause);
    if (ended.error) o.set("Error", *ended.error);
    o.set("ExecutionArn", ended.execution_arn);
    o.set("Input", payload(ended.input));
    o.set("InputDetails", json::Value(json::Object{{"Included", true}}));
    o.set("Name", ended.name);
    if (ended.output) {
        o.set("Output", payload(*ended.output));
        o.set("OutputDetails", json::Value(json::Object{{"Included", true}}));
    }
    o.set("StartDate", date_value(ended.start_ms, false));
    o.set("StateMachineArn", ended.state_machine_arn);
    o.set("Status", ended.status);
    o.set("StopDate", date_value(ended.stop_ms, false));
    return json::Value(std::move(o));
}

// The call's parameters; an error message when they are not StartExecution's.
std::string read_start(const json::Value& parameters, const std::string& parent, ChildStart& out) {
    if (!parameters.is_object()) return "the parameters must be an object with \"StateMachineArn\"";
    const json::Value* arn = parameters.find("StateMachineArn");
    if (!arn || !arn->is_string()) return "the parameters have no \"StateMachineArn\" string";
    out.state_machine_arn = std::string(arn->as_string());
    if (const json::Value* name = parameters.find("Name"); name && !name->is_null()) {
        if (!name->is_string()) return "\"Name\" must be a string";
        out.name = std::string(name->as_string());
    }
    const json::Value* input = parameters.find("Input");
    if (!input || input->is_null()) out.input = "{}";
    else if (input->is_string()) out.input = std::string(input->as_string());
    else out.input = json::dump(*input);
    out.parent_execution_arn = parent;
    return {};
}

// A UUID from the parent's execution and task: the same every time this
// attempt's call is made (after a restart too), different for each attempt.
std::string derived_name(const std::string& parent_execution_arn, uint64_t task_id) {
    const std::string digest = aws::sha256(parent_execution_arn + "#" + std::to_string(task_id));
    uint64_t high = 0, low = 0;
    for (int i = 0; i < 8; ++i) high = high << 8 | static_cast<unsigned char>(digest[i]);
    for (int i = 8; i < 16; ++i) low = low << 8 | static_cast<unsigned char>(digest[i]);
    return query::format_uuid_v4(high, low);
}

// Shared by the callbacks of one call: `done` runs once for the end, never
// before the Submitted answer (a fast child may end before its start is
// acknowledged), and a cancel that comes first stops the child.
struct ChildCall {
    std::mutex mutex;
    std::string execution_arn;
    bool ended = false;
    bool cancelled = false;
    bool submitted = false;                // the Submitted answer went out
    std::optional<TaskOutcome> early_end;  // the end, held until then
};

}  // namespace

bool StartExecutionIntegration::serves(const asl::Resource& r) const {
    if (r.kind != asl::Resource::Kind::Service) return false;
    return r.is_service("states", "startExecution") || (r.aws_sdk && r.service == "sfn" && r.action == "startExecution");
}

TaskCancel StartExecutionIntegration::start(const TaskRequest& request, TaskDone done) {
    const asl::Resource& resource = *request.resource;
    const bool aws_sdk = resource.aws_sdk;
    ChildStart start;
    if (std::string problem = read_start(request.parameters, request.execution_arn, start); !problem.empty()) {
        done(TaskOutcome::failure("States.Runtime", "An error occurred while executing the state '" +
                                                        request.state_name + "' (resource " + resource.arn + "): " +
                                                        problem));
        return {};
    }
    if (!start.name) {
        start.name = derived_name(request.execution_arn, request.task_id);
        start.name_derived = true;
    }
    const Pattern pattern = resource.pattern;
    const bool waits_for_end = pattern == Pattern::Sync || pattern == Pattern::Sync2;
    auto call = std::make_shared<ChildCall>();
    auto on_started = [done, aws_sdk, pattern, waits_for_end, call, port = port_](ChildStarted started) {
        if (started.error) {
            done(sdk_error_outcome(aws_sdk ? "Sfn" : "StepFunctions", started.error.code, started.error.message));
            return;
        }
        bool stop_now = false;
        {
            std::lock_guard lock(call->mutex);
            call->execution_arn = started.execution_arn;
            stop_now = call->cancelled && !call->ended;
        }
        if (stop_now) {
            port->stop_execution(started.execution_arn, "", "The parent execution's task ended first");
            return;
        }
        json::Value response = start_response(started, aws_sdk);
        if (!waits_for_end && pattern != Pattern::WaitForTaskToken) return done(TaskOutcome::success(std::move(response)));
        done(TaskOutcome::submitted(std::move(response)));
        std::optional<TaskOutcome> early;
        {
            std::lock_guard lock(call->mutex);
            call->submitted = true;
            early = std::exchange(call->early_end, std::nullopt);
        }
        if (early) done(std::move(*early));
    };
    std::function<void(ChildEnded)> on_ended;
    if (waits_for_end) {
        on_ended = [done, pattern, call](ChildEnded ended) {
            json::Value description = describe(ended, pattern == Pattern::Sync2);
            TaskOutcome outcome = ended.status == "SUCCEEDED"
                                      ? TaskOutcome::success(std::move(description))
                                      : TaskOutcome::failure("States.TaskFailed", json::dump(description));
            {
                std::lock_guard lock(call->mutex);
                if (call->cancelled || call->ended) return;
                call->ended = true;
                if (!call->submitted) {
                    call->early_end = std::move(outcome);
                    return;
                }
            }
            done(std::move(outcome));
        };
    }
    port_->start_execution(std::move(start), std::move(on_started), std::move(on_ended));
    if (!waits_for_end) return {};
    return [call, port = port_] {
        std::string arn;
        {
            std::lock_guard lock(call->mutex);
            if (call->ended || call->cancelled) return;
            call->cancelled = true;
            arn = call->execution_arn;
        }
        if (!arn.empty()) port->stop_execution(arn, "", "The parent execution's task ended first");
    };
}

}  // namespace stepwise::tasks
