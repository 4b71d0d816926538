// The bus's HTTP client, events::TargetCallbacks::http_request: http://
// targets and API destinations send their requests with tasks' HTTP client,
// on the delivery worker that calls it. No answer before `timeout` is an
// answer of status 0 (the attempt fails, then it is retried and
// dead-lettered). Plain http:// only; an https:// URL fails with a clear error.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "events/bus/target_delivery.h"

namespace stepwise::api {

// AWS times out a request to an API destination after five seconds:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
inline constexpr std::chrono::milliseconds kHttpTargetTimeout = std::chrono::seconds(5);

// Any method, headers and body, sent to the URL's path and query as written;
// answers with the status and body, or (status 0) why there is none.
std::function<void(events::HttpCall call, std::function<void(events::HttpAnswer)> done)> events_http_requester(
    std::chrono::milliseconds timeout = kHttpTargetTimeout);

}  // namespace stepwise::api
