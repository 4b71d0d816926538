// AWS Signature Version 4: the pieces both sides compute, and signing a request.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
//
// A signature is the HMAC-SHA256, under a key derived from the secret, the
// date, the region and the service, of a "string to sign" that hashes the
// canonical request (method, path, sorted query, signed headers, payload
// hash). `stepwise serve` verifies requests with these functions
// (api/http/sigv4.h); the endpoint invoker signs its calls with sigv4_sign.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/uri.h"

namespace stepwise::aws {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A header name as SigV4 signs it and as HTTP compares them: ASCII lower case.
std::string canonical_header_name(std::string_view name);

// The path as sent, encoded once more (what the SDKs sign for every service
// but S3); "/" for an empty path.
std::string sigv4_canonical_uri(std::string_view path);
// Decoded name/value pairs, encoded and sorted: "a=1&b=2".
std::string sigv4_canonical_query(const HeaderList& decoded_params);
// A header value trimmed, runs of spaces as one.
std::string sigv4_canonical_header_value(std::string_view value);

// `headers` are the signed ones, lower-case names, in the order of
// `signed_headers` ("content-type;host;x-amz-date").
std::string sigv4_canonical_request(std::string_view method, std::string_view canonical_uri,
                                    std::string_view canonical_query, const HeaderList& headers,
                                    std::string_view signed_headers, std::string_view payload_hash_hex);
// yyyymmdd/region/service/aws4_request
std::string sigv4_scope(std::string_view date, std::string_view region, std::string_view service);
std::string sigv4_string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request);
// The raw key: HMAC chain of "AWS4"+secret over date, region, service, "aws4_request".
std::string sigv4_signing_key(std::string_view secret, std::string_view date, std::string_view region,
                              std::string_view service);
// Hex signature.
std::string sigv4_signature(std::string_view signing_key, std::string_view string_to_sign);

// Seconds since the epoch -> "20150830T123600Z".
std::string amz_date(int64_t epoch_seconds);

struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // "" for long-term keys
};

struct SignedRequest {
    std::string method;
    std::string path;         // as sent: "/" or "/2015-03-31/functions"
    HeaderList query;         // decoded name/value pairs
    HeaderList headers;       // as sent; must hold Host
    std::string body;
};

// Adds X-Amz-Date, X-Amz-Security-Token (session credentials) and
// Authorization to `request.headers`. Every header already there is signed.
void sigv4_sign(SignedRequest& request, const Credentials& credentials, std::string_view region,
                std::string_view service, int64_t epoch_seconds);

}  // namespace stepwise::aws
