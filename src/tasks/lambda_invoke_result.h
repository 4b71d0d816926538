// The result of the optimized integration arn:aws:states:::lambda:invoke, as
// AWS returns it: {"ExecutedVersion", "Payload", "SdkHttpMetadata":
// {"AllHttpHeaders", "HttpHeaders", "HttpStatusCode"}, "SdkResponseMetadata":
// {"RequestId"}, "StatusCode"}. Header names, order and values follow
// captured executions (examples/vehicle-order-cancellation/mocks.json):
// Content-Length is the byte length of the function's response text.
#pragma once

#include <string>
#include <string_view>

#include "json/value.h"

namespace stepwise::tasks {

struct LambdaInvokeMetadata {
    std::string request_id;
    std::string executed_version = "$LATEST";
    std::string date;      // RFC 7231, e.g. "Tue, 21 Oct 2025 14:03:11 GMT"; empty: now
    std::string trace_id;  // X-Amzn-Trace-Id; empty: a new one
};

// `payload_text` is the function's response as it came over the wire; Payload
// is its parsed JSON (the text itself, as a string, when it is not JSON).
json::Value lambda_invoke_result(std::string_view payload_text, const LambdaInvokeMetadata& metadata);

std::string http_date_now();
std::string http_date(int64_t unix_ms);  // RFC 7231: "Tue, 21 Oct 2025 14:03:11 GMT"
std::string new_trace_id();

}  // namespace stepwise::tasks
