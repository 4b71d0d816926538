// The http runtime: a Lambda Invoke API endpoint such as `sam local
// start-lambda` (POST /2015-03-31/functions/NAME/invocations). A response
// with X-Amz-Function-Error is a function error; an error status is a Lambda
// service error (Lambda.<ErrorCode>); an unreachable endpoint is
// Lambda.SdkClientException, as the AWS SDK inside Step Functions reports it.
#pragma once

#include "tasks/function_runner.h"
#include "tasks/project_config.h"

namespace stepwise::tasks {

class HttpRunner : public FunctionRunner {
public:
    explicit HttpRunner(FunctionConfig function);
    InvokeResult invoke(const InvokeRequest& request) override;

private:
    FunctionConfig function_;
};

std::string base64_decode(std::string_view text);

}  // namespace stepwise::tasks
