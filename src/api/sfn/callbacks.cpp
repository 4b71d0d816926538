// SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat: answers to
// `.waitForTaskToken` tasks and activity tasks, handed to the host.
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/operations.h"
#include "json/parse.h"

namespace stepwise::api::sfn {

namespace {

std::function<void(runtime::HostError)> answer_empty(const Responder& respond) {
    return [respond](runtime::HostError failure) {
        if (failure) return respond(sfn_error(failure.type, failure.message));
        respond(sfn_ok(json::Value(json::Object{})));
    };
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html
void send_task_success(SfnCall& call) {
    Fields fields(call.body);
    auto token = fields.text("taskToken", rule::required(1, 2048));
    auto output = fields.text("output", rule::required(0, 262144));
    fields.check();
    std::string parse_error;
    if (!json::try_parse(*output, &parse_error))
        throw SfnError("InvalidOutput", "Invalid Output: '" + parse_error + "'");
    call.shared.host.send_task_success(*token, std::move(*output), answer_empty(call.responder));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html
void send_task_failure(SfnCall& call) {
    Fields fields(call.body);
    auto token = fields.text("taskToken", rule::required(1, 2048));
    auto error = fields.text("error", rule::optional(0, 256));
    auto cause = fields.text("cause", rule::optional(0, 32768));
    fields.check();
    call.shared.host.send_task_failure(*token, error, cause, answer_empty(call.responder));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskHeartbeat.html
void send_task_heartbeat(SfnCall& call) {
    Fields fields(call.body);
    auto token = fields.text("taskToken", rule::required(1, 2048));
    fields.check();
    call.shared.host.send_task_heartbeat(*token, answer_empty(call.responder));
}

}  // namespace stepwise::api::sfn
