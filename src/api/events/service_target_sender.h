// The events::TargetCallbacks::call_service of `stepwise serve`: SQS, SNS,
// Kinesis and Firehose targets (and dead-letter queues) go to the endpoint
// the user configured for their service (tasks::ServiceSender), else to
// their local outbox.
#pragma once

#include <functional>

#include "events/bus/target_delivery.h"
#include "tasks/endpoint_invoker.h"

namespace stepwise::api {

std::function<bool(const events::ServiceCall&, events::DeliveryDone)> events_service_caller(
    tasks::EndpointOptions options);

}  // namespace stepwise::api
