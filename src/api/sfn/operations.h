// Every Step Functions operation, one function each, grouped by file:
// state_machines.cpp, versions.cpp, aliases.cpp, executions.cpp,
// history.cpp, callbacks.cpp, activities.cpp, validate.cpp, tags.cpp,
// map_runs.cpp.
#pragma once

#include "api/sfn/call.h"

namespace stepwise::api::sfn {

void create_state_machine(SfnCall& call);
void describe_state_machine(SfnCall& call);
void update_state_machine(SfnCall& call);
void delete_state_machine(SfnCall& call);
void list_state_machines(SfnCall& call);
void describe_state_machine_for_execution(SfnCall& call);

void publish_state_machine_version(SfnCall& call);
void list_state_machine_versions(SfnCall& call);
void delete_state_machine_version(SfnCall& call);

void create_state_machine_alias(SfnCall& call);
void describe_state_machine_alias(SfnCall& call);
void update_state_machine_alias(SfnCall& call);
void delete_state_machine_alias(SfnCall& call);
void list_state_machine_aliases(SfnCall& call);

void start_execution(SfnCall& call);
// StartExecution for a caller in this process (see StepFunctionsService).
// Throws SfnError for what the API refuses before the host has the call.
void start_execution_in_process(SfnShared& shared, const std::string& state_machine_arn,
                                const std::optional<std::string>& name, std::string input,
                                std::function<void(runtime::StartResult)> done,
                                std::function<void(const store::ExecutionRecord&)> on_end = {},
                                std::function<void(runtime::StartRequest&)> adjust = {});
void start_sync_execution(SfnCall& call);
void describe_execution(SfnCall& call);
void list_executions(SfnCall& call);
void stop_execution(SfnCall& call);
void redrive_execution(SfnCall& call);
void get_execution_history(SfnCall& call);

void send_task_success(SfnCall& call);
void send_task_failure(SfnCall& call);
void send_task_heartbeat(SfnCall& call);

void create_activity(SfnCall& call);
void describe_activity(SfnCall& call);
void delete_activity(SfnCall& call);
void list_activities(SfnCall& call);
void get_activity_task(SfnCall& call);

void validate_state_machine_definition(SfnCall& call);
void test_state(SfnCall& call);  // test_state.cpp

void tag_resource(SfnCall& call);
void untag_resource(SfnCall& call);
void list_tags_for_resource(SfnCall& call);

void describe_map_run(SfnCall& call);
void list_map_runs(SfnCall& call);
void update_map_run(SfnCall& call);

}  // namespace stepwise::api::sfn
