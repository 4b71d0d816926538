#include "api/events/service_target_sender.h"

#include <memory>

#include "tasks/service_sender.h"

namespace stepwise::api {

std::function<bool(const events::ServiceCall&, events::DeliveryDone)> events_service_caller(
    tasks::EndpointOptions options) {
    auto sender = std::make_shared<const tasks::ServiceSender>(std::move(options));
    return [sender](const events::ServiceCall& call, events::DeliveryDone done) {
        if (!sender->serves(call.service)) return false;
        done(sender->send(call.service, call.operation, call.parameters));
        return true;
    };
}

}  // namespace stepwise::api
