// The ExecutionPort of `stepwise serve`: states:startExecution and
// aws-sdk:sfn:* Tasks start, stop and answer executions of this server as
// the StartExecution, StopExecution and SendTask* operations would.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "api/sfn/service.h"
#include "runtime/execution_host.h"
#include "store/store.h"
#include "tasks/integrations/execution_port.h"

namespace stepwise::api {

class ServerExecutionPort : public tasks::ExecutionPort {
public:
    // The host takes its task router (and so this port) before the Step
    // Functions service exists: connect() completes the port, before any
    // execution runs.
    explicit ServerExecutionPort(store::Store& store) : store_(store) {}
    void connect(StepFunctionsService& sfn, runtime::ExecutionHost& host) {
        sfn_ = &sfn;
        host_ = &host;
    }

    void start_execution(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                         std::function<void(tasks::ChildEnded)> ended) override;
    void stop_execution(const std::string& execution_arn, const std::string& error, const std::string& cause) override;
    std::optional<tasks::ChildEnded> ended_execution(const std::string& execution_arn) override;
    void redrive_execution(const std::string& execution_arn, std::function<void(tasks::PortError)> redriven,
                           std::function<void(tasks::ChildEnded)> ended) override;
    void send_task_success(const std::string& token, const std::string& output,
                           std::function<void(tasks::PortError)> done) override;
    void send_task_failure(const std::string& token, const std::optional<std::string>& error,
                           const std::optional<std::string>& cause, std::function<void(tasks::PortError)> done) override;
    void send_task_heartbeat(const std::string& token, std::function<void(tasks::PortError)> done) override;

private:
    // A Distributed Map's child: its machine comes with the start; its
    // definition id names it inside its parent's (api/sfn/definitions.h).
    void start_map_child(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                         std::function<void(tasks::ChildEnded)> ended);
    // The port's answer to a start the host answered; a child of the same derived name and input that
    // exists already (started before a crash) is adopted, and `watch` told its end.
    tasks::ChildStarted start_answer(const runtime::StartResult& result, bool name_derived, const std::string& would_be,
                                     const std::string& input,
                                     const std::function<void(const store::ExecutionRecord&)>& watch);

    StepFunctionsService* sfn_ = nullptr;
    runtime::ExecutionHost* host_ = nullptr;
    store::Store& store_;
    std::mutex mutex_;
    std::map<std::string, int> depth_;  // running child ARN -> how deep it nests (this process's starts only)
};

}  // namespace stepwise::api
