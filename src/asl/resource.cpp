#include "asl/resource.h"

#include <array>
#include <vector>

namespace stepwise::asl {

namespace {

std::vector<std::string_view> split_colons(std::string_view text, size_t max_parts) {
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < max_parts) {
        size_t colon = text.find(':');
        if (colon == std::string_view::npos) break;
        parts.push_back(text.substr(0, colon));
        text.remove_prefix(colon + 1);
    }
    parts.push_back(text);
    return parts;
}

bool known_partition(std::string_view p) { return p == "aws" || p.starts_with("aws-"); }

// Splits "startExecution.sync:2" into the action and its pattern.
bool split_pattern(std::string_view text, std::string_view& action, IntegrationPattern& pattern) {
    constexpr std::array<std::pair<std::string_view, IntegrationPattern>, 3> kSuffixes{{
        {".waitForTaskToken", IntegrationPattern::WaitForTaskToken},
        {".sync:2", IntegrationPattern::Sync2},
        {".sync", IntegrationPattern::Sync},
    }};
    for (const auto& [suffix, p] : kSuffixes) {
        if (text.size() > suffix.size() && text.ends_with(suffix)) {
            action = text.substr(0, text.size() - suffix.size());
            pattern = p;
            return action.find('.') == std::string_view::npos;
        }
    }
    action = text;
    pattern = IntegrationPattern::RequestResponse;
    return !text.empty() && text.find('.') == std::string_view::npos;
}

bool is_name(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c == ':' || c == '/' || c == ' ' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

}  // namespace

std::string_view pattern_suffix(IntegrationPattern pattern) {
    switch (pattern) {
        case IntegrationPattern::RequestResponse: return "";
        case IntegrationPattern::Sync: return ".sync";
        case IntegrationPattern::Sync2: return ".sync:2";
        case IntegrationPattern::WaitForTaskToken: return ".waitForTaskToken";
    }
    return "";
}

std::string Resource::integration() const {
    if (kind != Kind::Service) return {};
    return (aws_sdk ? "aws-sdk:" : "") + service + ":" + action;
}

std::string Resource::history_type() const {
    switch (kind) {
        case Kind::Activity: return "activity";
        case Kind::LambdaFunction: return "lambda";
        case Kind::Service: return aws_sdk ? "aws-sdk:" + service : service;
        case Kind::Placeholder: return "unknown";
    }
    return "unknown";
}

std::string Resource::history_name() const {
    if (kind != Kind::Service) return arn;
    return action + std::string(pattern_suffix(pattern));
}

std::optional<Resource> parse_resource(std::string_view text, std::string* error) {
    auto fail = [&]() -> std::optional<Resource> {
        if (error)
            *error = "The resource provided " + std::string(text) +
                     " is not recognized. The value is not a valid resource ARN, or the resource is not available in "
                     "this region.";
        return std::nullopt;
    };
    Resource r;
    r.arn = std::string(text);
    if (text.find("${") != std::string_view::npos) {
        r.kind = Resource::Kind::Placeholder;
        return r;
    }
    // arn : partition : service : region : account : rest
    std::vector<std::string_view> parts = split_colons(text, 6);
    if (parts.size() < 6 || parts[0] != "arn" || !known_partition(parts[1])) return fail();
    r.partition = std::string(parts[1]);
    const std::string_view service = parts[2], region = parts[3], account = parts[4], rest = parts[5];

    if (service == "lambda") {
        // function:<name>[:<qualifier>]
        std::vector<std::string_view> fn = split_colons(rest, 3);
        if (fn.size() < 2 || fn[0] != "function" || !is_name(fn[1]) || region.empty() || account.empty()) return fail();
        if (fn.size() == 3 && !is_name(fn[2])) return fail();
        r.kind = Resource::Kind::LambdaFunction;
        r.region = std::string(region);
        r.account = std::string(account);
        r.name = std::string(fn[1]);
        if (fn.size() == 3) r.qualifier = std::string(fn[2]);
        return r;
    }
    if (service != "states") return fail();

    if (!region.empty() || !account.empty()) {
        // activity:<name>
        std::vector<std::string_view> activity = split_colons(rest, 2);
        if (activity.size() != 2 || activity[0] != "activity" || !is_name(activity[1]) || region.empty() ||
            account.empty())
            return fail();
        r.kind = Resource::Kind::Activity;
        r.region = std::string(region);
        r.account = std::string(account);
        r.name = std::string(activity[1]);
        return r;
    }

    // <service>:<action>[suffix] or aws-sdk:<service>:<action>[suffix]
    r.kind = Resource::Kind::Service;
    std::string_view integration = rest;
    if (integration.starts_with("aws-sdk:")) {
        r.aws_sdk = true;
        integration.remove_prefix(8);
    }
    size_t colon = integration.find(':');
    if (colon == std::string_view::npos || colon == 0) return fail();
    std::string_view action;
    if (!split_pattern(integration.substr(colon + 1), action, r.pattern)) return fail();
    r.service = std::string(integration.substr(0, colon));
    r.action = std::string(action);
    if (!is_name(r.service) || !is_name(r.action)) return fail();
    return r;
}

}  // namespace stepwise::asl
