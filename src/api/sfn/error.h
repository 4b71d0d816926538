// An AWS error an operation answers with: thrown by the synchronous part of a
// Step Functions operation, turned into {"__type", "message"} (HTTP 400) by
// StepFunctionsService::handle.
#pragma once

#include <stdexcept>
#include <string>

namespace stepwise::api {

class SfnError : public std::runtime_error {
public:
    SfnError(std::string type, std::string message, int status = 400)
        : std::runtime_error(message), type_(std::move(type)), status_(status) {}
    const std::string& type() const noexcept { return type_; }
    int status() const noexcept { return status_; }

private:
    std::string type_;
    int status_;
};

// AWS's "<Type> Does Not Exist: '<arn>'"-style messages, shared by operations.
inline SfnError state_machine_does_not_exist(const std::string& arn) {
    return {"StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'"};
}
inline SfnError execution_does_not_exist(const std::string& arn) {
    return {"ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"};
}
inline SfnError activity_does_not_exist(const std::string& arn) {
    return {"ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'"};
}
inline SfnError resource_not_found(const std::string& arn) {
    return {"ResourceNotFound", "Resource not found: '" + arn + "'"};
}
inline SfnError invalid_name(const std::string& name) { return {"InvalidName", "Invalid Name: '" + name + "'"}; }
inline SfnError invalid_arn(const std::string& message) { return {"InvalidArn", message}; }

}  // namespace stepwise::api
