// "Step Functions Execution Status Change" events: what AWS Step Functions
// puts on the default event bus whenever a standard execution starts,
// ends or is redriven.
// https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
#pragma once

#include <string>

#include "aws/scope.h"
#include "json/value.h"
#include "store/store.h"

namespace stepwise::api {

// The event (envelope and detail) for the execution's current status.
json::Value execution_status_change_event(const store::ExecutionRecord& record, const aws::Scope& scope,
                                          const std::string& event_id, int64_t now_ms);

}  // namespace stepwise::api
