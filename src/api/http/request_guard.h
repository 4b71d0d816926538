// Who may call `stepwise serve`: the checks every request passes before any
// route sees it.
//
// 1. Host (DNS rebinding). A web page on evil.example whose name is made to
//    resolve to 127.0.0.1 reaches the server with "Host: evil.example:8083".
//    Only these names are served: localhost and the names under it
//    (stepwise.localhost, sync-stepwise.localhost), loopback IP literals, the address
//    bound (--host), any IP literal when bound to every interface (0.0.0.0,
//    ::), and the names given as host aliases. The port is not compared: a
//    browser cannot send a served name for another origin's port, and port
//    forwarding (docker -p, ssh -L) legitimately changes it.
// 2. Cross-site browser requests. No answer carries CORS headers (no
//    Access-Control-Allow-Origin, preflights are never approved), and:
//    - a request with an Origin other than its own ("http://" + Host), or
//      with "Sec-Fetch-Site: cross-site|same-site", is refused;
//    - a POST must prove it is not a "simple" request that a <form> or a
//      no-cors fetch() could send from any page without a preflight: it
//      carries a JSON content type (application/json,
//      application/x-amz-json-1.0/1.1; simple requests may only send
//      text/plain, multipart/form-data or application/x-www-form-urlencoded,
//      or none at all) or a header no simple request may carry
//      (Authorization, X-Amz-*, X-Stepwise-*). Every AWS JSON call carries
//      X-Amz-Target; the SDKs send Authorization and X-Amz-Date on every
//      REST call (Schemas), and application/json with its body.
//    - GET and HEAD pass: they only read, and a cross-site page cannot read
//      the answer without CORS. Every other method (PUT, DELETE, ...) needs a
//      preflight, which is never approved, so a browser never sends it.
// 3. Credentials, when configured (--access-key-id/--secret-access-key,
//    --auth-token): an AWS SigV4 signature with that key pair
//    (api/http/sigv4.h), or "Authorization: Bearer <token>".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/request.h"

namespace stepwise::api {

struct AccessPolicy {
    std::string host = "127.0.0.1";         // the address the server is bound to
    std::vector<std::string> host_aliases;  // more names the Host header may carry
    // Requests must be signed with this key pair (both set) ...
    std::string access_key_id;
    std::string secret_access_key;
    // ... or carry "Authorization: Bearer <auth_token>" (when set).
    std::string auth_token;

    bool requires_credentials() const { return !access_key_id.empty() || !auth_token.empty(); }
};

// 127.0.0.0/8, ::1 (with or without brackets), "localhost" and the names
// under it ("sync-stepwise.localhost").
bool is_loopback_name(std::string_view host);

// The name part of a Host header: "[::1]:8083" -> "::1", "Example.com.:80" ->
// "example.com"; nullopt when it is malformed (a port that is not a number).
std::optional<std::string> host_name_of(std::string_view host_header);

// Checks 1 and 2: nullopt when the request may go on, else the 403 to answer.
std::optional<Response> check_origin(const Request& request, const AccessPolicy& policy);

// Check 3: nullopt when no credentials are configured or the request carries
// valid ones (`now_seconds`: the server's clock, for the signature's date).
std::optional<Response> check_credentials(const Request& request, const AccessPolicy& policy, int64_t now_seconds);

}  // namespace stepwise::api
