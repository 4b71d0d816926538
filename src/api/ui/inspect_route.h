// GET /ui/inspect?executionArn=ARN&eventId=N: what the state entry whose
// StateEntered event is N did with its data (engine/entry_inspection.h), for
// the web page's step inspector: {"entry": {"eventId", "state", "input",
// "afterInputPath"?, "afterParameters"?, "afterArguments"?, "afterItemsPath"?,
// "result"?, "afterResultSelector"?, "afterResultPath"?, "retries": [{"retrier",
// "delayMs"}], "catcher"?, "error"?: {"error"?, "cause"?}}}; a member is absent
// when the state did not reach that step (of its last attempt).
// The stored journal is replayed on a worker thread for each request.
// Errors are {"__type", "message"}: 400 ValidationException naming the
// parameter, 404 ExecutionDoesNotExist, 404 ResourceNotFound (no such entry).
#pragma once

#include <string_view>

#include "api/http/request.h"
#include "runtime/execution_host.h"

namespace stepwise::api {

inline constexpr std::string_view kInspectPath = "/ui/inspect";

void serve_inspect(runtime::ExecutionHost& host, const Request& request, Responder respond);

}  // namespace stepwise::api
