// What a Task's resource returns, where the AWS service models say: the
// output of the API operation behind it (testing/service_shapes.h), with
// what Step Functions changes, and whether a value (a mock's Return) fits it.
//
//   arn:aws:states:::lambda:invoke            Lambda Invoke: StatusCode, Payload (any JSON), ...
//                                             plus SdkHttpMetadata, SdkResponseMetadata (every
//                                             optimized integration returns them)
//   arn:aws:states:::aws-sdk:dynamodb:getItem DynamoDB GetItem: Item, ConsumedCapacity
//   arn:aws:states:::states:startExecution.sync[:2]   Step Functions DescribeExecution
//                                             (.sync:2: Input and Output parsed JSON)
//
// No shape, so any value fits: a Lambda function ARN (its result is the
// function's), an activity, .waitForTaskToken (what the callback sends),
// other .sync jobs, the integrations that are no API operation (http:invoke,
// apigateway:invoke, eks:call, ...), and services or actions botocore lacks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "asl/resource.h"
#include "json/value.h"
#include "testing/service_shapes.h"

namespace stepwise::testing {

struct OutputMisfit {
    bool error = true;    // false: a warning
    std::string pointer;  // in the value: "" (the value itself), "/Payloadx", "/Item/id/Sx"
    std::string message;
};

class TaskOutput {
public:
    // nullopt when the resource's result has no known shape.
    static std::optional<TaskOutput> of(const asl::Resource& resource);

    // "lambda Invoke": the operation whose output this is.
    const std::string& operation() const { return operation_; }
    // Empty when the value fits: members the output does not have, types
    // that differ (string, number, boolean, object, array), nulls (a warning:
    // services leave absent members out).
    std::vector<OutputMisfit> misfits(const json::Value& value) const;

private:
    TaskOutput(ServiceShapes shapes, std::string operation, std::string_view type, std::vector<ShapeMember> members,
               std::string hint);
    void fit(const json::Value& value, std::string_view type, const std::vector<ShapeMember>& members,
             const std::string& at, std::vector<OutputMisfit>& out) const;

    ServiceShapes shapes_;
    std::string operation_;
    std::string_view type_;             // the output's: a structure, or "e" (none)
    std::vector<ShapeMember> members_;  // its members, with Step Functions' changes
    std::string hint_;                  // added to top-level misfits ("" none)
};

}  // namespace stepwise::testing
