#include "tasks/integrations/send_task.h"

#include "json/write.h"
#include "tasks/integrations/sdk_errors.h"

namespace stepwise::tasks {

namespace {

std::optional<std::string> text_member(const json::Value& parameters, std::string_view key) {
    const json::Value* v = parameters.is_object() ? parameters.find(key) : nullptr;
    if (!v || v->is_null()) return std::nullopt;
    return v->is_string() ? std::string(v->as_string()) : json::dump(*v);
}

}  // namespace

bool SendTaskIntegration::serves(const asl::Resource& r) const {
    return r.kind == asl::Resource::Kind::Service && r.aws_sdk && r.service == "sfn" &&
           r.pattern == asl::IntegrationPattern::RequestResponse &&
           (r.action == "sendTaskSuccess" || r.action == "sendTaskFailure" || r.action == "sendTaskHeartbeat");
}

TaskCancel SendTaskIntegration::start(const TaskRequest& request, TaskDone done) {
    const std::string& action = request.resource->action;
    std::optional<std::string> token = text_member(request.parameters, "TaskToken");
    if (!token) {
        done(sdk_error_outcome("Sfn", "ValidationException",
                               "1 validation error detected: Value null at 'taskToken' failed to satisfy constraint: "
                               "Member must not be null"));
        return {};
    }
    auto answered = [done](PortError error) {
        if (error) return done(sdk_error_outcome("Sfn", error.code, error.message));
        done(TaskOutcome::success(json::Value(json::Object{})));
    };
    if (action == "sendTaskSuccess") {
        std::optional<std::string> output = text_member(request.parameters, "Output");
        if (!output) {
            done(sdk_error_outcome("Sfn", "ValidationException",
                                   "1 validation error detected: Value null at 'output' failed to satisfy constraint: "
                                   "Member must not be null"));
            return {};
        }
        port_->send_task_success(*token, *output, answered);
    } else if (action == "sendTaskFailure") {
        port_->send_task_failure(*token, text_member(request.parameters, "Error"),
                                 text_member(request.parameters, "Cause"), answered);
    } else {
        port_->send_task_heartbeat(*token, answered);
    }
    return {};
}

}  // namespace stepwise::tasks
