// A Task state's Resource, parsed once when the definition compiles: an
// activity, a Lambda function, or a service integration with its pattern.
// Everything that asks "what does this Task call" asks this type; nothing
// tests the ARN's text.
//
//   arn:aws:states:us-east-1:123456789012:activity:Approve      Activity  name=Approve
//   arn:aws:lambda:us-east-1:123456789012:function:Fn[:alias]   LambdaFunction  name=Fn qualifier=alias
//   arn:aws:states:::lambda:invoke.waitForTaskToken             Service lambda:invoke, WaitForTaskToken
//   arn:aws:states:::states:startExecution.sync:2               Service states:startExecution, Sync2
//   arn:aws:states:::aws-sdk:dynamodb:putItem                   Service aws-sdk dynamodb:putItem
//   arn:aws:states:::http:invoke                                Service http:invoke
//   ${OrderFunctionArn}                                         Placeholder (no substitution given)
//
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stepwise::asl {

// How Step Functions waits for a service integration.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
enum class IntegrationPattern {
    RequestResponse,   // no suffix: the call's response is the result
    Sync,              // .sync: run a job, wait for it to end
    Sync2,             // .sync:2 (states:startExecution): as .sync, output as JSON
    WaitForTaskToken,  // .waitForTaskToken: the result comes from SendTaskSuccess/Failure
};

std::string_view pattern_suffix(IntegrationPattern pattern);  // "", ".sync", ".sync:2", ".waitForTaskToken"

struct Resource {
    enum class Kind {
        Activity,        // arn:<partition>:states:<region>:<account>:activity:<name>
        LambdaFunction,  // arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
        Service,         // arn:<partition>:states:::<service>:<action>[<pattern suffix>]
        Placeholder,     // still holds a ${Name} DefinitionSubstitutions placeholder
    };
    Kind kind = Kind::Service;
    std::string arn;        // as written (after substitutions)
    std::string partition;  // aws, aws-cn, aws-us-gov
    std::string region;     // Activity, LambdaFunction ("" for services)
    std::string account;
    std::string name;       // Activity: the activity name; LambdaFunction: the function name
    std::string qualifier;  // LambdaFunction: version or alias ("" when none)
    // Service: the service and its action. For AWS SDK integrations
    // (arn:aws:states:::aws-sdk:dynamodb:putItem) `aws_sdk` is set, `service`
    // is the SDK's service name ("dynamodb") and `action` the API action in
    // camel case ("putItem"); otherwise the optimized integration's ("lambda",
    // "invoke"), ("states", "startExecution"), ("http", "invoke").
    std::string service;
    std::string action;
    bool aws_sdk = false;
    IntegrationPattern pattern = IntegrationPattern::RequestResponse;

    bool is_activity() const { return kind == Kind::Activity; }
    bool is_lambda_function() const { return kind == Kind::LambdaFunction; }
    bool is_service(std::string_view s, std::string_view a) const {
        return kind == Kind::Service && !aws_sdk && service == s && action == a;
    }
    // The task hands a token to whatever it calls: .waitForTaskToken and activities.
    bool takes_task_token() const { return is_activity() || pattern == IntegrationPattern::WaitForTaskToken; }
    // "lambda:invoke", "aws-sdk:dynamodb:putItem" (no pattern suffix), "" for the other kinds.
    std::string integration() const;
    // The history's resourceType and resource: ("lambda", "invoke.waitForTaskToken"),
    // ("aws-sdk:dynamodb", "putItem"), activities ("activity", arn), Lambda functions ("lambda", arn).
    std::string history_type() const;
    std::string history_name() const;
};

// Where a Resource is written: a Task's Resource, or a Distributed Map's
// ItemReader or ResultWriter Resource (each allows its own integrations).
enum class ResourceField { Task, ItemReader, ResultWriter };

// Parses a Resource. On failure: nullopt, with `error` set to AWS's words
// for it (ValidateStateMachineDefinition's message). A Task accepts an
// activity, a Lambda function, an optimized integration with a pattern its
// service supports, or an aws-sdk integration without .sync.
std::optional<Resource> parse_resource(std::string_view text, std::string* error = nullptr,
                                       ResourceField field = ResourceField::Task);

}  // namespace stepwise::asl
