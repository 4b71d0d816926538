// The AWS protocol envelope around a call, independent of the HTTP library:
// which operation an X-Amz-Target names, the region a SigV4 signature was made
// for, the content type an answer carries, and AWS's error document.
//
// AWS JSON 1.0 (Step Functions) and 1.1 (EventBridge) calls are POST / with an
// X-Amz-Target; everything else is a REST-JSON call (Schemas) routed by path.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/http/request.h"

namespace stepwise::api {

inline constexpr std::string_view kAwsJson10 = "application/x-amz-json-1.0";
inline constexpr std::string_view kAwsJson11 = "application/x-amz-json-1.1";
inline constexpr std::string_view kRestJson = "application/json";

struct AwsTarget {
    std::string service;    // "AWSStepFunctions"
    std::string operation;  // "StartExecution"
};

// "AWSStepFunctions.StartExecution" -> {service, operation}; nullopt when the
// text is not exactly two non-empty identifier parts joined by one dot.
std::optional<AwsTarget> parse_target(std::string_view target);

// The region of a SigV4 Authorization header's credential scope
// ("... Credential=AKID/20250101/eu-west-1/states/aws4_request, ..."), or
// nullopt when the header is absent, not SigV4, or the region is not plausible.
std::optional<std::string> region_from_authorization(std::string_view authorization);

// The AWS JSON content type to answer a call with: the request's own protocol
// when it names one, else the protocol the service speaks (EventBridge: 1.1).
std::string_view answer_content_type(std::string_view request_content_type, std::string_view service);

// Completes `request` (whose method, path, query, headers and body are set)
// with service, operation, region and account. Returns the error to answer
// instead when the request is an AWS JSON call with a missing or garbled
// target: 400 UnknownOperationException, as AWS JSON services answer it (the
// common-errors page says 404; observed answers and SDK reports say 400).
std::optional<Response> apply_aws_envelope(Request& request, std::string_view default_region,
                                           std::string_view account);

// GET /health, and GET / from a client that does not accept text/html (a
// browser gets the web page there): a readiness probe answered by the server
// itself, before any credentials check.
bool is_health_check(const Request& request);
Response health_response();

// Whether an Accept header names text/html (not with q=0); "*/*" does not
// count, so curl, the SDKs and health checks get JSON.
bool accepts_html(std::string_view accept);

// A fresh random (version 4) UUID for the x-amzn-RequestId header.
std::string new_request_id();

// The JSON string literal for `text`, quotes included.
std::string json_quote(std::string_view text);

}  // namespace stepwise::api
