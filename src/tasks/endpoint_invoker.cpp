#include "tasks/endpoint_invoker.h"

#include <algorithm>
#include <ctime>

#include "tasks/aws_protocols.h"
#include "tasks/aws_settings.h"
#include "tasks/http_client.h"
#include "tasks/http_task.h"
#include "tasks/project_config.h"

namespace stepwise::tasks {
namespace {

// AWS's HTTP Task gives up after 60 s (States.Http.Socket); the SDKs' default
// read timeouts are of the same order.
constexpr std::chrono::seconds kCallTimeout{60};

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// The call's deadline, and whether it is the state's (TimeoutSeconds) rather than ours.
std::pair<Clock::time_point, bool> deadline_of(const TaskRequest& request) {
    Clock::time_point ours = Clock::now() + kCallTimeout;
    if (request.timeout_seconds) {
        auto state = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(*request.timeout_seconds));
        if (state < ours) return {state, true};
    }
    return {ours, false};
}

}  // namespace

struct EndpointInvoker::Impl {
    EndpointOptions options;
    Environment env;

    // The service's key for AWS_ENDPOINT_URL_<KEY> and "endpoints".
    static std::string endpoint_key(const asl::Resource& resource) {
        if (const AwsService* service = find_aws_service(resource)) return std::string(service->endpoint_key);
        return resource.service;
    }

    std::string endpoint_url(const asl::Resource& resource) const {
        std::string key = endpoint_key(resource);
        if (auto url = env(endpoint_variable(key))) return *url;
        if (auto url = env("AWS_ENDPOINT_URL")) return *url;
        if (auto it = options.service_urls.find(key); it != options.service_urls.end()) return it->second;
        return options.default_url;
    }

    bool host_allowed(const std::string& host) const {
        if (is_loopback_host(host)) return true;
        return std::any_of(options.http_hosts.begin(), options.http_hosts.end(), [&](const std::string& allowed) {
            return upper(allowed) == upper(host);
        });
    }

    TaskOutcome call_service(const asl::Resource& resource, const TaskRequest& request) const;
    TaskOutcome call_http(const TaskRequest& request) const;
};

TaskOutcome EndpointInvoker::Impl::call_service(const asl::Resource& resource, const TaskRequest& request) const {
    std::string why;
    std::optional<AwsCall> call = aws_call_for(resource, &why);
    if (!call) return TaskOutcome::failure("States.Runtime", why);
    std::string base = endpoint_url(resource);
    std::string key = endpoint_key(resource);
    if (base.empty()) {
        return TaskOutcome::failure("States.Runtime", "No endpoint for " + resource.integration() + ": set " +
                                                          endpoint_variable(key) + " (or AWS_ENDPOINT_URL, or \"endpoints\": {\"" +
                                                          key + "\": URL} in stepwise.json)");
    }
    HttpUrl url;
    try {
        url = parse_http_url(base);
    } catch (const HttpError& e) {
        return TaskOutcome::failure("States.Runtime", "The endpoint of " + key + " must be a plain http:// URL (stepwise's client "
                                                      "does not speak TLS): " + e.what());
    }
    aws::Credentials credentials;
    try {
        credentials = resolve_credentials(env);
    } catch (const CredentialsError& e) {
        return TaskOutcome::failure("States.Runtime", std::string(e.what()) + " (needed to sign " + resource.integration() +
                                                          " for " + base + ")");
    }

    aws::SignedRequest http_call = signed_request(url, encode_json_request(*call, request.parameters), credentials,
                                               resolve_region(env, options.region), call->service->signing_name,
                                               static_cast<int64_t>(std::time(nullptr)));

    auto [deadline, state_first] = deadline_of(request);
    HttpResponse response;
    try {
        response = http_request(url, http_call.method, http_call.path, http_call.headers,
                                http_call.body, deadline);
    } catch (const std::exception& e) {
        if (state_first && Clock::now() >= deadline) return TaskOutcome::timeout();
        return TaskOutcome::failure("States.TaskFailed", std::string("Unable to execute HTTP request: ") + e.what() +
                                                             " (" + std::string(call->service->sdk_name) + " endpoint " + base + ")");
    }
    TaskOutcome outcome = decode_json_response(*call, response);
    if (outcome.kind == TaskOutcome::Kind::Succeeded && resource.pattern == asl::IntegrationPattern::WaitForTaskToken)
        outcome.kind = TaskOutcome::Kind::Submitted;
    outcome.logs.push_back(http_call.method + " " + base + " " + std::string(call->service->target_prefix) + "." +
                           call->operation + " -> " + std::to_string(response.status));
    return outcome;
}

TaskOutcome EndpointInvoker::Impl::call_http(const TaskRequest& request) const {
    TaskOutcome failure;
    std::optional<HttpTaskRequest> http = parse_http_task(request.parameters, &failure);
    if (!http) return failure;
    if (!host_allowed(http->host)) {
        return TaskOutcome::failure("States.Runtime", "http:invoke to " + http->api_endpoint + " is not allowed: stepwise "
                                                      "calls loopback hosts only, unless the host is in \"httpHosts\" of "
                                                      "stepwise.json (--allow-http-host " + http->host + ")");
    }
    if (http->scheme != "http") {
        return TaskOutcome::failure("States.Runtime", "http:invoke to " + http->api_endpoint + ": stepwise's HTTP client "
                                                      "speaks plain http only, not https; point ApiEndpoint at http://");
    }
    HttpUrl url;
    try {
        url = parse_http_url("http://" + http->authority);
    } catch (const HttpError& e) {
        return TaskOutcome::failure("States.Runtime", std::string("http:invoke: ") + e.what());
    }
    auto [deadline, state_first] = deadline_of(request);
    HttpResponse response;
    try {
        response = http_request(url, http->method, http->target, http->headers, http->body, deadline);
    } catch (const std::exception& e) {
        if (Clock::now() >= deadline) {
            if (state_first) return TaskOutcome::timeout();
            return TaskOutcome::failure("States.Http.Socket", std::string(e.what()) + " (" + http->api_endpoint + ")");
        }
        return TaskOutcome::failure("States.TaskFailed", std::string("Unable to call ") + http->api_endpoint + ": " + e.what());
    }
    TaskOutcome outcome = http_task_outcome(response);
    outcome.logs.push_back(http->method + " " + http->api_endpoint + " -> " + std::to_string(response.status) + " " +
                           response.reason);
    return outcome;
}

EndpointInvoker::EndpointInvoker(EndpointOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->env = make_environment(options.environment, options.use_process_environment);
    impl_->options = std::move(options);
}

EndpointInvoker::~EndpointInvoker() = default;

bool EndpointInvoker::serves(const TaskRequest& request) const {
    const asl::Resource* resource = request.resource;
    if (!resource || resource->kind != asl::Resource::Kind::Service) return false;
    if (resource->is_service("http", "invoke")) {
        // Parameters that are not an HTTP Task's are served, to fail with what is wrong.
        std::optional<HttpTaskRequest> http = parse_http_task(request.parameters, nullptr);
        return !http || impl_->host_allowed(http->host);
    }
    return !impl_->endpoint_url(*resource).empty();
}

TaskOutcome EndpointInvoker::invoke(const TaskRequest& request) {
    const asl::Resource* resource = request.resource;
    if (!resource || resource->kind != asl::Resource::Kind::Service)
        return TaskOutcome::failure("States.Runtime", "The endpoint invoker calls service integrations; " + request.resource_arn() +
                                                          " is not one");
    try {
        if (resource->is_service("http", "invoke")) return impl_->call_http(request);
        return impl_->call_service(*resource, request);
    } catch (const std::exception& e) {
        return TaskOutcome::failure("States.TaskFailed", std::string("Endpoint call of ") + request.resource_arn() + " failed: " + e.what());
    }
}

std::string EndpointInvoker::setting_for(const asl::Resource& resource) const {
    if (resource.is_service("http", "invoke")) {
        return "an ApiEndpoint on a loopback host (localhost, 127.0.0.1), or its host in \"httpHosts\" of stepwise.json "
               "(--allow-http-host HOST)";
    }
    std::string key = Impl::endpoint_key(resource);
    return "set " + endpoint_variable(key) + " (or AWS_ENDPOINT_URL, or \"endpoints\": {\"" + key + "\": URL} in stepwise.json)";
}

EndpointOptions endpoint_options(const ProjectConfig* project, const std::vector<std::string>& allowed_http_hosts) {
    EndpointOptions options;
    if (project) {
        options.service_urls = project->endpoints();
        options.http_hosts = project->http_hosts();
        options.region = project->region();
    }
    options.http_hosts.insert(options.http_hosts.end(), allowed_http_hosts.begin(), allowed_http_hosts.end());
    return options;
}

}  // namespace stepwise::tasks
