// What a definition needs around it to run, prepared once and shared by every
// run of it (`stepwise run`, each case of `stepwise test`): its substitutions
// (project file, SAM template, then the caller's, later ones winning), the
// compiled machine, the project's local functions and endpoints, the machines
// its states:startExecution Tasks may start, and the schema folders its events
// are checked against. Each run then asks for its own services and event bus.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "asl/compile.h"
#include "asl/definition_file.h"
#include "aws/scope.h"
#include "cli/run_events.h"
#include "cli/run_machines.h"
#include "runtime/run.h"
#include "tasks/endpoint_invoker.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/map_run/local_s3.h"
#include "tasks/project_config.h"
#include "tasks/sam_template.h"

namespace stepwise::cli {

struct WorldSources {
    std::string machine_file;        // the definition; "" when it comes from the template
    std::string template_file;       // a SAM/CloudFormation template ("" = none)
    std::string template_machine;    // the template's state machine (logical id) that is the definition
    std::string project_file;        // "" = stepwise.json beside the definition, when there is one
    std::map<std::string, std::string> substitutions;  // the caller's, winning over the project's and template's
    std::string state_machine_name;  // "" = the definition's file name (or the template's name for it)
    std::vector<std::string> machine_dirs;
    std::vector<std::string> schema_dirs;
    std::vector<std::string> allowed_http_hosts;
    std::string s3_dir;              // --s3-dir ("" = the project file's "s3Dir", if any)
    aws::Scope scope;                // --account, --region: the account and region of the run's ARNs
    std::string type;                // --type STANDARD | EXPRESS ("" = the template's Type, else STANDARD)
};

// A source that cannot be used: the message names it. Compile errors come
// with every diagnostic, one per line, each prefixed by the definition's path.
class WorldError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
class DefinitionInvalid : public WorldError {
public:
    using WorldError::WorldError;
};

class RunWorld {
public:
    // Throws WorldError. Warnings (a template's skipped parts) go to `warnings`.
    explicit RunWorld(const WorldSources& sources);

    const std::shared_ptr<const asl::Machine>& machine() const { return machine_; }
    const std::string& definition_path() const { return definition_path_; }  // "" for an inline template definition
    const std::string& definition_text() const { return definition_.text; }
    // Where each pointer is written in the definition file (empty for a template's inline definition).
    const json::SourceMap& definition_positions() const { return positions_; }
    const std::string& state_machine_name() const { return state_machine_name_; }
    const aws::Scope& scope() const { return scope_; }
    // EXPRESS (--type, else the template's Type): checked at load (asl/express.h).
    bool express() const { return express_; }
    // Runs name the machine so ($$.StateMachine.Name, its ARN, the mock config's entry).
    void set_state_machine_name(const std::string& name);
    const std::map<std::string, std::string>& substitutions() const { return substitutions_; }
    const std::shared_ptr<tasks::ProjectConfig>& project() const { return project_; }
    const std::shared_ptr<tasks::LambdaDispatcher>& functions() const { return functions_; }
    const std::vector<std::string>& warnings() const { return warnings_; }
    // The folders of JSON Schemas the run's events are checked against (--schema-dir, then the project's).
    const std::vector<std::string>& schema_dirs() const { return schema_dirs_; }
    // The local S3 folder of Distributed Maps (--s3-dir or the project's "s3Dir"; null: none).
    const std::shared_ptr<const tasks::s3::LocalS3>& s3() const { return s3_; }
    // Every file and folder a change of which changes the run (for --watch).
    const std::vector<std::string>& watched() const { return watched_; }

    // The definition compiled again with more substitutions (a test case's own). Throws DefinitionInvalid,
    // each diagnostic placed in the definition file (file:line:column).
    std::shared_ptr<const asl::Machine> compile_with(const std::map<std::string, std::string>& more) const;
    // Throws DefinitionInvalid, one line (placed as above) a Task an EXPRESS execution of `machine` cannot run.
    void check_express(const asl::Machine& machine) const;

    // The services of one run. Without local functions, Tasks no mock serves
    // reach neither the project's functions nor its endpoints.
    runtime::RunServices services(bool local_functions) const;
    // A fresh event bus for one run (events:putEvents), on `now_ms`'s clock, checking events against the world's schemas.
    std::unique_ptr<RunEventBus> event_bus(events::SchemaMode mode, std::function<int64_t()> now_ms, uint64_t seed) const;

private:
    std::shared_ptr<const asl::Machine> machine_;
    // With `positions`, where each pointer is written is mapped into it (the
    // first compile); errors are placed with it, else with positions_.
    std::shared_ptr<const asl::Machine> compile_definition(const std::map<std::string, std::string>& more,
                                                           json::SourceMap* positions) const;
    std::string located(const asl::Diagnostic& diagnostic, const json::SourceMap& positions) const;

    std::string definition_path_, definition_name_, state_machine_name_;
    asl::DefinitionFile definition_;  // the file's text, or a template's inline definition as JSON
    json::SourceMap positions_;
    aws::Scope scope_;
    bool express_ = false;
    std::map<std::string, std::string> substitutions_;
    std::shared_ptr<tasks::ProjectConfig> project_;
    std::optional<tasks::SamProject> sam_;
    std::shared_ptr<tasks::LambdaDispatcher> functions_;
    std::shared_ptr<tasks::EndpointInvoker> endpoints_;
    std::shared_ptr<RunMachines> machines_;
    std::shared_ptr<events::SchemaRegistry> schemas_;  // of the schema folders, loaded once
    std::shared_ptr<const tasks::s3::LocalS3> s3_;     // --s3-dir or the project's "s3Dir" (null: none)
    std::vector<std::string> schema_dirs_, warnings_, watched_;
};

// Whether a Task of the machine starts executions (states:startExecution, aws-sdk:sfn:startExecution):
// such a parent does not take its mock config's only state machine as its own name.
bool starts_executions(const asl::Machine& machine);

}  // namespace stepwise::cli
