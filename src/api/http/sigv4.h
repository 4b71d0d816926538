// Checking AWS Signature Version 4 on a request, with the one key pair that
// `stepwise serve --access-key-id ID --secret-access-key SECRET` configures.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
//
// The server recomputes the signature the client made: the canonical request
// (method, path encoded once more as the SDKs do for every service but S3,
// sorted query, the signed headers, the SHA-256 of the body), the string to
// sign (X-Amz-Date, credential scope, hash of the canonical request), and
// the HMAC-SHA256 chain of the secret over date, region, service and
// "aws4_request". Any region and service the client signed for are accepted.
// The canonical forms, the key and the signature are aws/sigv4.h's, the same
// code that signs stepwise's own calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/http/request.h"

namespace stepwise::api {

// The parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header.
struct SigV4Authorization {
    std::string access_key_id;
    std::string date;     // yyyymmdd of the credential scope
    std::string region;
    std::string service;
    std::string signed_headers;  // "host;x-amz-date", lower case, ';'-separated
    std::string signature;       // hex
    std::string scope() const { return date + "/" + region + "/" + service + "/aws4_request"; }
};

// nullopt when the header is not a complete SigV4 Authorization.
std::optional<SigV4Authorization> parse_sigv4_authorization(std::string_view header);

std::string sigv4_canonical_request(const Request& request, std::string_view signed_headers);
std::string sigv4_string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request);
// Hex signature of `string_to_sign` with the secret's key for date/region/service.
std::string sigv4_signature(std::string_view secret, const SigV4Authorization& auth, std::string_view string_to_sign);

// "20150830T123600Z" -> seconds since the epoch; nullopt when malformed.
std::optional<int64_t> parse_amz_date(std::string_view amz_date);

// How far X-Amz-Date may be from the server's clock, as AWS allows.
inline constexpr int64_t kSigV4MaxSkewSeconds = 15 * 60;

// nullopt when `request` is signed by `access_key_id` with `secret` at a time
// within 15 minutes of `now_seconds`; else the AWS error to answer (403
// MissingAuthenticationTokenException, IncompleteSignatureException,
// UnrecognizedClientException, InvalidSignatureException), in `content_type`.
std::optional<Response> check_sigv4(const Request& request, std::string_view access_key_id, std::string_view secret,
                                    int64_t now_seconds, std::string_view content_type);

}  // namespace stepwise::api
