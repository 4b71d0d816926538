// Placeholder until the hybrid-endpoint work lands: no endpoint is ever
// configured, so the router never picks this route and its error names the
// setting that will serve the call.
#include "tasks/endpoint_invoker.h"

namespace stepwise::tasks {

struct EndpointInvoker::Impl {
    EndpointOptions options;
};

EndpointInvoker::EndpointInvoker(EndpointOptions options) : impl_(std::make_unique<Impl>(Impl{std::move(options)})) {}
EndpointInvoker::~EndpointInvoker() = default;

bool EndpointInvoker::serves(const TaskRequest&) const { return false; }

TaskOutcome EndpointInvoker::invoke(const TaskRequest& request) {
    return TaskOutcome::failure("States.Runtime", "no endpoint is configured for " + request.resource_arn());
}

std::string EndpointInvoker::setting_for(const asl::Resource& resource) const {
    std::string service = resource.service;
    for (char& c : service) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "set AWS_ENDPOINT_URL_" + service + " to the service's endpoint";
}

}  // namespace stepwise::tasks
