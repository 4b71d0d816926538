#include "tasks/service_sender.h"

#include <ctime>

#include "aws/uri.h"
#include "tasks/aws_protocols.h"
#include "tasks/http_client.h"

namespace stepwise::tasks {
namespace {

constexpr std::chrono::seconds kCallTimeout{60};

// application/x-www-form-urlencoded as the query protocol sends it (RFC 3986 unreserved kept).
// The text of the first <tag>...</tag> of an XML answer ("" when none).
std::string xml_element(const std::string& xml, const std::string& tag) {
    size_t open = xml.find("<" + tag + ">");
    if (open == std::string::npos) return "";
    open += tag.size() + 2;
    size_t close = xml.find("</" + tag + ">", open);
    return close == std::string::npos ? "" : xml.substr(open, close - open);
}

// The query protocol's request: SNS Publish's members are top-level strings.
WireRequest encode_query_request(const std::string& operation, std::string_view version, const json::Value& parameters) {
    WireRequest request;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body = "Action=" + aws::uri_encode(operation) + "&Version=" + aws::uri_encode(version);
    if (parameters.is_object()) {
        for (const json::Member& m : parameters.as_object()) {
            if (!m.value.is_string()) continue;
            request.body += "&" + aws::uri_encode(m.name()) + "=" + aws::uri_encode(m.value.as_string());
        }
    }
    return request;
}

}  // namespace

ServiceSender::ServiceSender(EndpointOptions options)
    : options_(std::move(options)), env_(make_environment(options_.environment, options_.use_process_environment)) {}

std::string ServiceSender::endpoint_url(std::string_view service) const {
    const AwsService* known = find_aws_service_by_key(service);
    if (!known) return "";
    std::string key(known->endpoint_key);
    if (auto url = env_(endpoint_variable(key))) return *url;
    if (auto url = env_("AWS_ENDPOINT_URL")) return *url;
    if (auto it = options_.service_urls.find(key); it != options_.service_urls.end()) return it->second;
    return options_.default_url;
}

std::string ServiceSender::send(std::string_view service_key, const std::string& operation,
                                const json::Value& parameters) const {
    const AwsService* service = find_aws_service_by_key(service_key);
    if (!service) return "INVALID_PARAMETER: stepwise does not know the service " + std::string(service_key);
    std::string base = endpoint_url(service_key);
    if (base.empty())
        return "INVALID_PARAMETER: no endpoint for " + std::string(service_key) + ": set " +
               endpoint_variable(service->endpoint_key);
    HttpUrl url;
    aws::Credentials credentials;
    try {
        url = parse_http_url(base);
        credentials = resolve_credentials(env_);
    } catch (const std::exception& e) {
        return "INVALID_PARAMETER: cannot send " + std::string(service->sdk_name) + " " + operation + " to " + base +
               ": " + e.what();
    }
    WireRequest wire;
    if (service->protocol == WireProtocol::Json) {
        AwsCall call{service, operation, std::string(service->sdk_error_prefix)};
        wire = encode_json_request(call, parameters);
    } else if (service->protocol == WireProtocol::Query && service->sdk_name == "sns") {
        wire = encode_query_request(operation, "2010-03-31", parameters);
    } else {
        return "INVALID_PARAMETER: stepwise does not speak the " + std::string(protocol_name(service->protocol)) +
               " protocol of " + std::string(service->sdk_name);
    }
    aws::SignedRequest request = signed_request(url, std::move(wire), credentials, resolve_region(env_, options_.region),
                                                service->signing_name, static_cast<int64_t>(std::time(nullptr)));
    HttpResponse response;
    try {
        response = http_request(url, request.method, request.path, request.headers, request.body,
                                Clock::now() + kCallTimeout);
    } catch (const std::exception& e) {
        return "CONNECTION_FAILURE: " + std::string(service->sdk_name) + " " + operation + " to " + base + ": " +
               e.what();
    }
    if (response.status >= 200 && response.status < 300) return "";
    std::string code, message = response.body.substr(0, 512);
    if (service->protocol == WireProtocol::Json) {
        AwsCall call{service, operation, std::string(service->sdk_error_prefix)};
        TaskOutcome outcome = decode_json_response(call, response);
        code = outcome.error;
        message = outcome.cause;
    } else {
        code = xml_element(response.body, "Code");
        if (std::string m = xml_element(response.body, "Message"); !m.empty()) message = m;
    }
    return "SDK_CLIENT_ERROR: " + std::string(service->sdk_name) + " " + operation + " to " + base + " answered " +
           std::to_string(response.status) + (code.empty() ? "" : " " + code) + ": " + message;
}

}  // namespace stepwise::tasks
