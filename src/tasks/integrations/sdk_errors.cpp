#include "tasks/integrations/sdk_errors.h"

#include "query/uuid.h"

namespace stepwise::tasks {

TaskOutcome sdk_error_outcome(const std::string& service, const std::string& code, const std::string& message,
                              int status_code) {
    const std::string exception = code.ends_with("Exception") ? code : code + "Exception";
    // Derived from the error, so a run that fails a call the same way prints the same trace.
    const std::string id = query::format_uuid_v4(std::hash<std::string>{}(service + code),
                                                 std::hash<std::string>{}(message));
    const std::string status = std::to_string(status_code);
    if (service == "Sfn")
        return TaskOutcome::failure(service + "." + exception, message + " (Service: " + service + ", Status Code: " +
                                                                   status + ", Request ID: " + id +
                                                                   ") (SDK Attempt Count: 1)");
    return TaskOutcome::failure(service + "." + exception,
                                message + " (Service: AWS" + service + "; Status Code: " + status + "; Error Code: " +
                                    code + "; Request ID: " + id + "; Proxy: null)");
}

}  // namespace stepwise::tasks
