#include "tasks/integrations/sdk_errors.h"

#include "query/uuid.h"

namespace stepwise::tasks {

std::string random_request_id() { return query::random_uuid(); }

TaskOutcome sdk_error_outcome(const std::string& service, const std::string& code, const std::string& message,
                              int status_code) {
    const std::string exception = code.ends_with("Exception") ? code : code + "Exception";
    const std::string id = random_request_id();
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
