#include "api/http/request_guard.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "api/http/aws_protocol.h"
#include "api/http/sigv4.h"

namespace stepwise::api {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

const std::string* header(const Request& request, const std::string& name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? nullptr : &it->second;
}

std::string unbracketed(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return std::string(host);
}

bool is_ipv4(const std::string& text, unsigned char* bytes = nullptr) {
    unsigned char buffer[4];
    if (inet_pton(AF_INET, text.c_str(), buffer) != 1) return false;
    if (bytes) std::memcpy(bytes, buffer, 4);
    return true;
}

bool is_ipv6(const std::string& text, unsigned char* bytes = nullptr) {
    unsigned char buffer[16];
    if (inet_pton(AF_INET6, text.c_str(), buffer) != 1) return false;
    if (bytes) std::memcpy(bytes, buffer, 16);
    return true;
}

bool is_ip_literal(const std::string& name) { return is_ipv4(name) || is_ipv6(name); }

bool is_wildcard(const std::string& address) {
    unsigned char bytes[16] = {};
    if (is_ipv4(address, bytes)) return std::all_of(bytes, bytes + 4, [](unsigned char b) { return b == 0; });
    if (is_ipv6(address, bytes)) return std::all_of(bytes, bytes + 16, [](unsigned char b) { return b == 0; });
    return false;
}

bool same_address(const std::string& a, const std::string& b) {
    unsigned char x[16] = {}, y[16] = {};
    if (is_ipv4(a, x) && is_ipv4(b, y)) return std::memcmp(x, y, 4) == 0;
    if (is_ipv6(a, x) && is_ipv6(b, y)) return std::memcmp(x, y, 16) == 0;
    return lower(a) == lower(b);
}

bool is_served_name(const std::string& name, const AccessPolicy& policy) {
    if (is_loopback_name(name)) return true;
    std::string bound = unbracketed(policy.host);
    if (same_address(name, bound)) return true;
    if (is_wildcard(bound) && is_ip_literal(name)) return true;
    return std::any_of(policy.host_aliases.begin(), policy.host_aliases.end(),
                       [&](const std::string& alias) { return lower(alias) == name; });
}

// The answer to a refused request: AWS's error document, in the request's
// AWS JSON protocol when it has one.
std::string error_content_type(const Request& request) {
    const std::string* target = header(request, "x-amz-target");
    if (!target) return std::string(kRestJson);
    const std::string* type = header(request, "content-type");
    return std::string(answer_content_type(type ? *type : "", ""));
}

Response forbidden(const Request& request, std::string_view type, std::string_view message) {
    return aws_error(403, type, message, error_content_type(request));
}

std::string media_type(std::string_view content_type) {
    auto type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
    return lower(type);
}

// A POST that a page cannot send cross-site without a preflight (see the header).
bool needs_preflight(const Request& request) {
    if (const std::string* type = header(request, "content-type")) {
        std::string media = media_type(*type);
        if (media == kRestJson || media == kAwsJson10 || media == kAwsJson11) return true;
    }
    for (const auto& [name, value] : request.headers)
        if (name == "authorization" || name.starts_with("x-amz-") || name.starts_with("x-stepwise-")) return true;
    return false;
}

}  // namespace

bool is_loopback_name(std::string_view host) {
    std::string name = lower(unbracketed(host));
    // RFC 6761 reserves every name under .localhost for loopback: resolvers
    // (glibc's myhostname, systemd-resolved) and browsers answer them locally,
    // never from DNS, so no rebinding page can send one. The SDKs need them:
    // StartSyncExecution and TestState go to "sync-" + the endpoint's host.
    if (name == "localhost" || (name.size() > 10 && name.ends_with(".localhost"))) return true;
    unsigned char bytes[16] = {};
    if (is_ipv4(name, bytes)) return bytes[0] == 127;
    static const unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (is_ipv6(name, bytes)) return std::memcmp(bytes, kLoopback6, 16) == 0;
    return false;
}

std::optional<std::string> host_name_of(std::string_view host) {
    std::string_view name = host, port;
    if (host.starts_with('[')) {
        auto close = host.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        name = host.substr(1, close - 1);
        auto rest = host.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return std::nullopt;
            port = rest.substr(1);
            if (port.empty()) return std::nullopt;
        }
    } else {
        auto colon = host.rfind(':');
        if (colon != std::string_view::npos) {
            name = host.substr(0, colon);
            port = host.substr(colon + 1);
            if (port.empty() || name.find(':') != std::string_view::npos) return std::nullopt;
        }
    }
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    if (name.ends_with('.')) name.remove_suffix(1);
    if (name.empty()) return std::nullopt;
    return lower(name);
}

std::optional<Response> check_origin(const Request& request, const AccessPolicy& policy) {
    const std::string* host = header(request, "host");
    // Browsers always send Host; a client without one is not a web page.
    if (host) {
        auto name = host_name_of(*host);
        if (!name || !is_served_name(*name, policy))
            return forbidden(request, "AccessDeniedException",
                             "Host '" + *host + "' is not served here (DNS rebinding protection); use localhost, a name under .localhost or " +
                                 policy.host + ", or give stepwise serve --host-alias NAME");
    }
    if (const std::string* origin = header(request, "origin")) {
        if (!host || lower(*origin) != "http://" + lower(*host))
            return forbidden(request, "AccessDeniedException",
                             "Cross-site request refused: Origin '" + *origin + "' is not this server's origin");
    }
    if (const std::string* site = header(request, "sec-fetch-site")) {
        std::string value = lower(*site);
        if (value == "cross-site" || value == "same-site")
            return forbidden(request, "AccessDeniedException",
                             "Cross-site request refused (Sec-Fetch-Site: " + *site + ")");
    }
    if (request.method == "POST" && !needs_preflight(request))
        return forbidden(request, "AccessDeniedException",
                         "POST " + request.path +
                             " needs Content-Type: application/json (or an AWS JSON type) or a signed request; "
                             "stepwise serve refuses what a cross-site form could send");
    return std::nullopt;
}

std::optional<Response> check_credentials(const Request& request, const AccessPolicy& policy, int64_t now_seconds) {
    if (!policy.requires_credentials()) return std::nullopt;
    const std::string* authorization = header(request, "authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization && authorization->starts_with(kBearer)) {
        std::string_view token = std::string_view(*authorization).substr(kBearer.size());
        bool valid = !policy.auth_token.empty() && token.size() == policy.auth_token.size();
        unsigned char difference = 0;
        for (size_t i = 0; valid && i < token.size(); ++i)
            difference |= static_cast<unsigned char>(token[i] ^ policy.auth_token[i]);
        if (valid && difference == 0) return std::nullopt;
        return forbidden(request, "UnrecognizedClientException", "The bearer token included in the request is invalid.");
    }
    if (policy.access_key_id.empty())
        return forbidden(request, "MissingAuthenticationTokenException",
                         "Missing Authentication Token: send Authorization: Bearer <the --auth-token>");
    return check_sigv4(request, policy.access_key_id, policy.secret_access_key, now_seconds,
                       error_content_type(request));
}

}  // namespace stepwise::api
