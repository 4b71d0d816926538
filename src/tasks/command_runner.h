// The command runtime: any executable, run once per invocation. It reads the
// event as JSON on stdin and writes the response as JSON on stdout; stderr is
// the invocation's log. Exit status 0 = success. A non-zero exit fails the
// invocation with Runtime.ExitError (what Lambda reports when a runtime
// process exits mid-invocation), whose message carries the tail of stderr;
// unless stdout holds an error document ({"errorType": ..., "errorMessage":
// ...}), which is then the function error as is (so a command can raise a
// typed error a Retry/Catch can match). The context comes in environment
// variables: AWS_LAMBDA_FUNCTION_NAME, ..., STEPWISE_REQUEST_ID,
// STEPWISE_DEADLINE_MS, STEPWISE_INVOKED_FUNCTION_ARN.
#pragma once

#include "tasks/function_runner.h"
#include "tasks/project_config.h"

namespace stepwise::tasks {

class CommandRunner : public FunctionRunner {
public:
    CommandRunner(FunctionConfig function, std::string region);
    InvokeResult invoke(const InvokeRequest& request) override;

private:
    FunctionConfig function_;
    std::string region_;
};

}  // namespace stepwise::tasks
