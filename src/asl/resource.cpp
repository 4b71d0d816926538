#include "asl/resource.h"

#include <array>
#include <span>
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

// The patterns an optimized integration supports, as bits.
constexpr unsigned kRequestResponse = 1u << static_cast<int>(IntegrationPattern::RequestResponse);
constexpr unsigned kSync = 1u << static_cast<int>(IntegrationPattern::Sync);
constexpr unsigned kSync2 = 1u << static_cast<int>(IntegrationPattern::Sync2);
constexpr unsigned kToken = 1u << static_cast<int>(IntegrationPattern::WaitForTaskToken);

struct OptimizedIntegration {
    std::string_view service;
    std::string_view action;
    unsigned patterns;
};

// Every optimized integration a Task may name, with the patterns its service
// page lists (https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
// links one page a service). An API the page does not list is not an
// optimized integration: AWS rejects it (its aws-sdk: form may exist).
constexpr OptimizedIntegration kOptimizedIntegrations[] = {
    {"apigateway", "invoke", kRequestResponse | kToken},  // connect-api-gateway.html
    {"athena", "startQueryExecution", kRequestResponse | kSync},  // connect-athena.html
    {"athena", "stopQueryExecution", kRequestResponse},
    {"athena", "getQueryExecution", kRequestResponse},
    {"athena", "getQueryResults", kRequestResponse},
    {"batch", "submitJob", kRequestResponse | kSync},  // connect-batch.html
    // connect-bedrock.html lists RequestResponse and .sync; the overview table
    // also marks Bedrock for .waitForTaskToken, so that is accepted too.
    {"bedrock", "invokeModel", kRequestResponse | kToken},
    {"bedrock", "createModelCustomizationJob", kRequestResponse | kSync | kToken},
    {"codebuild", "startBuild", kRequestResponse | kSync},  // connect-codebuild.html
    {"codebuild", "stopBuild", kRequestResponse},
    {"codebuild", "batchDeleteBuilds", kRequestResponse},
    {"codebuild", "batchGetReports", kRequestResponse},
    {"codebuild", "startBuildBatch", kRequestResponse | kSync},
    {"codebuild", "stopBuildBatch", kRequestResponse},
    {"codebuild", "retryBuildBatch", kRequestResponse | kSync},
    {"codebuild", "deleteBuildBatch", kRequestResponse},
    {"databrew", "startJobRun", kRequestResponse | kSync},  // connect-databrew.html
    {"dynamodb", "getItem", kRequestResponse},  // connect-ddb.html
    {"dynamodb", "putItem", kRequestResponse},
    {"dynamodb", "updateItem", kRequestResponse},
    {"dynamodb", "deleteItem", kRequestResponse},
    {"ecs", "runTask", kRequestResponse | kSync | kToken},  // connect-ecs.html
    {"eks", "createCluster", kRequestResponse | kSync},  // connect-eks.html (no .waitForTaskToken)
    {"eks", "deleteCluster", kRequestResponse | kSync},
    {"eks", "createFargateProfile", kRequestResponse | kSync},
    {"eks", "deleteFargateProfile", kRequestResponse | kSync},
    {"eks", "createNodegroup", kRequestResponse | kSync},
    {"eks", "deleteNodegroup", kRequestResponse | kSync},
    {"eks", "runJob", kRequestResponse | kSync},
    {"eks", "call", kRequestResponse},
    {"elasticmapreduce", "createCluster", kRequestResponse | kSync},  // connect-emr.html
    {"elasticmapreduce", "terminateCluster", kRequestResponse | kSync},
    {"elasticmapreduce", "addStep", kRequestResponse | kSync},
    {"elasticmapreduce", "cancelStep", kRequestResponse},
    {"elasticmapreduce", "setClusterTerminationProtection", kRequestResponse},
    {"elasticmapreduce", "modifyInstanceFleetByName", kRequestResponse},
    {"elasticmapreduce", "modifyInstanceGroupByName", kRequestResponse},
    {"emr-containers", "createVirtualCluster", kRequestResponse},  // connect-emr-eks.html
    {"emr-containers", "deleteVirtualCluster", kRequestResponse | kSync},
    {"emr-containers", "startJobRun", kRequestResponse | kSync},
    {"emr-serverless", "createApplication", kRequestResponse | kSync},  // connect-emr-serverless.html
    {"emr-serverless", "startApplication", kRequestResponse | kSync},
    {"emr-serverless", "stopApplication", kRequestResponse | kSync},
    {"emr-serverless", "deleteApplication", kRequestResponse | kSync},
    {"emr-serverless", "startJobRun", kRequestResponse | kSync},
    {"emr-serverless", "cancelJobRun", kRequestResponse | kSync},
    {"events", "putEvents", kRequestResponse | kToken},  // connect-eventbridge.html
    {"glue", "startJobRun", kRequestResponse | kSync},  // connect-glue.html
    {"http", "invoke", kRequestResponse},  // call-https-apis.html
    {"lambda", "invoke", kRequestResponse | kToken},  // connect-lambda.html
    {"mediaconvert", "createJob", kRequestResponse | kSync},  // connect-mediaconvert.html
    {"sagemaker", "createEndpoint", kRequestResponse},  // connect-sagemaker.html
    {"sagemaker", "createEndpointConfig", kRequestResponse},
    {"sagemaker", "createHyperParameterTuningJob", kRequestResponse | kSync},
    {"sagemaker", "createLabelingJob", kRequestResponse | kSync},
    {"sagemaker", "createModel", kRequestResponse},
    {"sagemaker", "createProcessingJob", kRequestResponse | kSync},
    {"sagemaker", "createTrainingJob", kRequestResponse | kSync},
    {"sagemaker", "createTransformJob", kRequestResponse | kSync},
    {"sagemaker", "updateEndpoint", kRequestResponse},
    {"sns", "publish", kRequestResponse | kToken},  // connect-sns.html
    {"sqs", "sendMessage", kRequestResponse | kToken},  // connect-sqs.html
    {"states", "startExecution", kRequestResponse | kSync | kSync2 | kToken},  // connect-stepfunctions.html
};

// A Distributed Map's ItemReader reads S3 (input-output-itemreader.html);
// its ResultWriter writes there (input-output-resultwriter.html).
constexpr OptimizedIntegration kItemReaderIntegrations[] = {
    {"s3", "getObject", kRequestResponse},
    {"s3", "listObjectsV2", kRequestResponse},
};
constexpr OptimizedIntegration kResultWriterIntegrations[] = {
    {"s3", "putObject", kRequestResponse},
};

std::span<const OptimizedIntegration> integrations_for(ResourceField field) {
    switch (field) {
        case ResourceField::Task: return kOptimizedIntegrations;
        case ResourceField::ItemReader: return kItemReaderIntegrations;
        case ResourceField::ResultWriter: return kResultWriterIntegrations;
    }
    return {};
}

bool supports(const Resource& r, ResourceField field) {
    // AWS SDK integrations: any service and action, but no .sync (integrate-optimized.html).
    if (r.aws_sdk)
        return field == ResourceField::Task &&
               (r.pattern == IntegrationPattern::RequestResponse || r.pattern == IntegrationPattern::WaitForTaskToken);
    for (const OptimizedIntegration& i : integrations_for(field))
        if (i.service == r.service && i.action == r.action)
            return (i.patterns & (1u << static_cast<int>(r.pattern))) != 0;
    return false;
}

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

// A `${Name}` DefinitionSubstitutions placeholder: `${`, a name without
// blanks or braces, `}`. An unclosed `${name` is no placeholder, only text
// that is no ARN (AWS refuses it).
bool has_placeholder(std::string_view text) {
    for (size_t open = text.find("${"); open != std::string_view::npos; open = text.find("${", open + 2)) {
        size_t i = open + 2;
        // Template tools put more than a name inside: `${ Arn }` (Terraform),
        // `${opt:stage, 'dev'}` (Serverless Framework); only an unclosed one is no placeholder.
        while (i < text.size() && text[i] != '}' && text[i] != '{' && static_cast<unsigned char>(text[i]) >= 0x20)
            ++i;
        if (i > open + 2 && i < text.size() && text[i] == '}') return true;
    }
    return false;
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

std::optional<Resource> parse_resource(std::string_view text, std::string* error, ResourceField field) {
    // AWS answers text that is no ARN at all differently from an ARN that
    // names nothing it knows (see tests/unit/asl/resource_test.cpp).
    auto not_an_arn = [&]() -> std::optional<Resource> {
        if (error) *error = "Value is not a valid resource ARN";
        return std::nullopt;
    };
    auto not_recognized = [&]() -> std::optional<Resource> {
        if (error)
            *error = "The resource provided " + std::string(text) +
                     " is not recognized. The value is not a valid resource ARN, or the resource is not available in "
                     "this region.";
        return std::nullopt;
    };
    Resource r;
    r.arn = std::string(text);
    if (has_placeholder(text)) {
        r.kind = Resource::Kind::Placeholder;
        return r;
    }
    // arn : partition : service : region : account : rest
    std::vector<std::string_view> parts = split_colons(text, 6);
    if (parts.size() < 6 || parts[0] != "arn" || parts[1].empty() || parts[2].empty() || parts[5].empty())
        return not_an_arn();
    if (!known_partition(parts[1])) return not_recognized();
    r.partition = std::string(parts[1]);
    const std::string_view service = parts[2], region = parts[3], account = parts[4], rest = parts[5];

    if (service == "lambda") {
        // function:<name>[:<qualifier>]
        std::vector<std::string_view> fn = split_colons(rest, 3);
        if (field != ResourceField::Task || fn.size() < 2 || fn[0] != "function" || !is_name(fn[1]) ||
            region.empty() || account.empty())
            return not_recognized();
        if (fn.size() == 3 && !is_name(fn[2])) return not_recognized();
        r.kind = Resource::Kind::LambdaFunction;
        r.region = std::string(region);
        r.account = std::string(account);
        r.name = std::string(fn[1]);
        if (fn.size() == 3) r.qualifier = std::string(fn[2]);
        return r;
    }
    if (service != "states") return not_recognized();

    if (!region.empty() || !account.empty()) {
        // activity:<name>
        std::vector<std::string_view> activity = split_colons(rest, 2);
        if (field != ResourceField::Task || activity.size() != 2 || activity[0] != "activity" ||
            !is_name(activity[1]) || region.empty() || account.empty())
            return not_recognized();
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
    if (colon == std::string_view::npos || colon == 0) return not_recognized();
    std::string_view action;
    if (!split_pattern(integration.substr(colon + 1), action, r.pattern)) return not_recognized();
    r.service = std::string(integration.substr(0, colon));
    r.action = std::string(action);
    if (!is_name(r.service) || !is_name(r.action) || !supports(r, field)) return not_recognized();
    return r;
}

}  // namespace stepwise::asl
