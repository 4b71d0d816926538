#include "api/http/aws_protocol.h"

#include "json/write.h"
#include "query/uuid.h"

#include <array>
#include <cstdint>
#include <random>

namespace stepwise::api {
namespace {

bool is_identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 128) return false;
    for (char c : text)
        if (!is_identifier_char(c)) return false;
    return true;
}

bool is_plausible_region(std::string_view region) {
    if (region.empty() || region.size() > 32) return false;
    for (char c : region)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    return text;
}

// "application/x-amz-json-1.1; charset=utf-8" -> "application/x-amz-json-1.1"
std::string media_type(std::string_view content_type) {
    return lower(trim(content_type.substr(0, content_type.find(';'))));
}

std::string header(const Request& request, const std::string& name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : it->second;
}

}  // namespace

std::optional<AwsTarget> parse_target(std::string_view target) {
    auto dot = target.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto service = target.substr(0, dot);
    auto operation = target.substr(dot + 1);
    if (!is_identifier(service) || !is_identifier(operation)) return std::nullopt;
    return AwsTarget{std::string(service), std::string(operation)};
}

std::optional<std::string> region_from_authorization(std::string_view authorization) {
    constexpr std::string_view kScheme = "AWS4-HMAC-SHA256";
    constexpr std::string_view kCredential = "Credential=";
    if (authorization.substr(0, kScheme.size()) != kScheme) return std::nullopt;
    auto start = authorization.find(kCredential);
    if (start == std::string_view::npos) return std::nullopt;
    auto scope = authorization.substr(start + kCredential.size());
    scope = scope.substr(0, scope.find_first_of(", "));
    // AKID/date/region/service/aws4_request
    std::array<std::string_view, 5> parts;
    size_t count = 0;
    while (count < parts.size()) {
        auto slash = scope.find('/');
        parts[count++] = scope.substr(0, slash);
        if (slash == std::string_view::npos) break;
        scope.remove_prefix(slash + 1);
    }
    if (count != parts.size() || parts[4] != "aws4_request") return std::nullopt;
    if (!is_plausible_region(parts[2])) return std::nullopt;
    return std::string(parts[2]);
}

std::string_view answer_content_type(std::string_view request_content_type, std::string_view service) {
    auto type = media_type(request_content_type);
    if (type == kAwsJson10) return kAwsJson10;
    if (type == kAwsJson11) return kAwsJson11;
    return service == "AWSEvents" ? kAwsJson11 : kAwsJson10;
}

std::optional<Response> apply_aws_envelope(Request& request, std::string_view default_region,
                                           std::string_view account) {
    request.account = std::string(account);
    auto region = region_from_authorization(header(request, "authorization"));
    request.region = region ? *region : std::string(default_region);

    auto target_header = request.headers.find("x-amz-target");
    bool is_json_call = target_header != request.headers.end() || (request.method == "POST" && request.path == "/");
    if (!is_json_call) return std::nullopt;  // a REST call: routed by method and path

    auto content_type = answer_content_type(header(request, "content-type"), "");
    if (target_header == request.headers.end())
        return aws_error(400, "UnknownOperationException", "Missing X-Amz-Target header", content_type);
    auto target = parse_target(target_header->second);
    if (!target)
        return aws_error(400, "UnknownOperationException", "Unknown operation " + target_header->second,
                         content_type);
    request.service = std::move(target->service);
    request.operation = std::move(target->operation);
    return std::nullopt;
}

bool is_health_check(const Request& request) {
    if (request.method != "GET") return false;
    if (request.path == "/health") return true;
    auto accept = request.headers.find("accept");
    return request.path == "/" && (accept == request.headers.end() || !accepts_html(accept->second));
}

bool accepts_html(std::string_view accept) {
    while (!accept.empty()) {
        auto comma = accept.find(',');
        std::string_view range = accept.substr(0, comma);
        accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
        auto semicolon = range.find(';');
        if (lower(trim(range.substr(0, semicolon))) != "text/html") continue;
        if (semicolon == std::string_view::npos) return true;
        // "q=0", "q=0.0", "q=0.000": refused; anything else accepts.
        std::string_view params = range.substr(semicolon);
        auto q = params.find("q=");
        if (q == std::string_view::npos) return true;
        std::string_view value = trim(params.substr(q + 2, params.find(';', q) - q - 2));
        return value.find_first_not_of("0.") != std::string_view::npos;
    }
    return false;
}

Response health_response() {
    return Response{200, R"({"status":"ok"})", std::string(kRestJson)};
}

// json::quoted writes a lone surrogate (a name or value a client sent as
// "\ud800") back as its escape: the answer stays valid UTF-8 JSON.
std::string json_quote(std::string_view text) { return json::quoted(text); }

Response aws_error(int status, std::string_view type, std::string_view message, std::string_view content_type) {
    std::string body = "{\"__type\":" + json_quote(type) + ",\"message\":" + json_quote(message) + "}";
    return Response{status, std::move(body), std::string(content_type)};
}

std::string new_request_id() { return query::random_uuid(); }

}  // namespace stepwise::api
