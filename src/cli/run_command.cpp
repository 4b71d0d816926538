#include "cli/run_command.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "asl/compile.h"
#include "cli/file_watch.h"
#include "cli/run_events.h"
#include "cli/run_machines.h"
#include "cli/substitutions.h"
#include "cli/trace.h"
#include "json/parse.h"
#include "json/write.h"
#include "engine/timestamp.h"
#include "runtime/clock.h"
#include "runtime/run.h"
#include "tasks/endpoint_invoker.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/mock_config.h"
#include "tasks/project_config.h"
#include "tasks/sam_template.h"
#include "testing/mock_checks.h"

namespace stepwise::cli {

namespace {

struct RunCommandOptions {
    std::string machine_file;
    std::string input_file;
    std::string mocks_file;
    std::string test_case;
    std::string state_machine_name;
    std::string execution_name;
    std::vector<std::string> subs;
    std::vector<std::string> sub_files;
    std::string trace = "text";
    bool full = false;
    uint64_t seed = 0;
    std::string start_time;
    std::string project_file;
    std::string template_file;
    bool watch = false;
    bool no_timing = false;
    std::vector<std::string> machine_dirs;
    std::vector<std::string> schema_dirs;
    std::string schemas = "warn";
    std::vector<std::string> allowed_http_hosts;
};

// The project's functions that the definition (after substitution) names.
std::vector<std::string> functions_named_in(const std::string& definition_text, const tasks::ProjectConfig& project,
                                            const std::map<std::string, std::string>& substitutions) {
    std::string text = definition_text;
    for (const auto& [name, value] : substitutions) text += "\n" + value;
    std::vector<std::string> names;
    for (const auto& [name, function] : project.functions())
        if (text.find(name) != std::string::npos) names.push_back(name);
    return names;
}

// Whether a Task of the machine starts executions (states:startExecution, aws-sdk:sfn:startExecution).
bool starts_executions(const asl::Machine& machine) {
    for (const auto& [name, state] : machine.all_states) {
        if (state->type != asl::StateType::Task) continue;
        const asl::Resource& r = state->as<asl::TaskState>().resource;
        if (r.is_service("states", "startExecution") || (r.aws_sdk && r.service == "sfn" && r.action == "startExecution"))
            return true;
    }
    return false;
}

// The project file: --project, else a stepwise.json beside the definition.
std::string find_project_file(const RunCommandOptions& options) {
    if (!options.project_file.empty()) return options.project_file;
    auto beside = std::filesystem::path(options.machine_file).parent_path() / "stepwise.json";
    return std::filesystem::exists(beside) ? beside.string() : std::string();
}

// Runs once; `watched` receives the files a re-run should follow.
int run_once(const RunCommandOptions& options, std::vector<std::string>& watched) {
    auto complain = [](const std::string& message) {
        std::cerr << "stepwise run: " << message << "\n";
        return 2;
    };
    asl::CompileOptions compile_options;
    json::Value input = json::Object{};
    std::string definition_text;
    std::shared_ptr<tasks::ProjectConfig> project;
    std::optional<tasks::SamProject> sam;
    std::string project_file = find_project_file(options);
    watched = {options.machine_file};
    for (const std::string& file : {options.input_file, options.mocks_file, project_file, options.template_file})
        if (!file.empty()) watched.push_back(file);
    for (const std::string& file : options.sub_files) watched.push_back(file);
    try {
        // Substitutions, later sources winning: the project file, the template, --subs, --sub.
        if (!project_file.empty()) {
            project = std::make_shared<tasks::ProjectConfig>(tasks::ProjectConfig::load(project_file));
            compile_options.substitutions = project->substitutions();
        }
        if (!options.template_file.empty()) {
            sam = tasks::load_sam_template(options.template_file);
            for (const std::string& warning : sam->warnings) std::cerr << "stepwise run: " << warning << "\n";
            if (!project) project = std::make_shared<tasks::ProjectConfig>();
            project->merge_missing(sam->project);
            auto machine_path = std::filesystem::weakly_canonical(options.machine_file);
            for (const auto& machine : sam->state_machines) {
                bool same_file = !machine.definition_path.empty() &&
                                 std::filesystem::weakly_canonical(machine.definition_path) == machine_path;
                if (same_file || sam->state_machines.size() == 1)
                    for (const auto& [name, value] : machine.substitutions) compile_options.substitutions[name] = value;
            }
        }
        for (const auto& [name, value] : load_substitutions(options.sub_files, options.subs))
            compile_options.substitutions[name] = value;
        definition_text = json::read_file(options.machine_file);
        if (!options.input_file.empty()) input = json::parse_file(options.input_file);
    } catch (const std::exception& e) {
        return complain(e.what());
    }
    asl::CompileResult compiled = asl::compile(std::string_view(definition_text), compile_options);
    if (!compiled.ok()) {
        for (const auto& d : compiled.errors) std::cerr << options.machine_file << ": " << d.to_string() << "\n";
        return 2;
    }

    runtime::RunOptions run_options;
    run_options.state_machine_name =
        options.state_machine_name.empty() ? machine_name_from_file(options.machine_file) : options.state_machine_name;
    run_options.execution_name = options.execution_name;
    run_options.seed = options.seed;
    if (!options.start_time.empty()) {
        auto start = engine::parse_rfc3339(options.start_time);
        if (!start) return complain("--start-time " + options.start_time + ": expected a timestamp like 2025-01-31T09:00:00Z");
        run_options.start_time_ms = start->to_ms();
    }

    if (project)
        for (const auto& [name, function] : project->functions())
            if (!function.code_dir.empty()) watched.push_back(function.code_dir);

    runtime::RunServices services;
    services.router.shell = "this run";
    std::shared_ptr<tasks::LambdaDispatcher> lambdas;
    if (project) {
        lambdas = std::make_shared<tasks::LambdaDispatcher>(project);
        services.router.functions = lambdas;
    }
    services.router.endpoints =
        std::make_shared<tasks::EndpointInvoker>(endpoint_options(project.get(), options.allowed_http_hosts));

    // One virtual clock for the executions and the events they put.
    runtime::VirtualClock clock(run_options.start_time_ms ? *run_options.start_time_ms : runtime::wall_clock_ms());
    run_options.use_clock = &clock;
    std::unique_ptr<RunEventBus> bus;
    try {
        std::vector<std::string> schema_dirs = options.schema_dirs;
        if (project)
            for (const std::string& dir : project->schema_dirs()) schema_dirs.push_back(dir);
        for (const std::string& dir : schema_dirs) watched.push_back(dir);
        events::SchemaMode mode = options.schemas == "enforce" ? events::SchemaMode::Enforce
                                  : options.schemas == "off"   ? events::SchemaMode::Off
                                                               : events::SchemaMode::Warn;
        aws::Scope scope = run_options.scope;
        bus = std::make_unique<RunEventBus>(schema_dirs, mode, scope, [&clock] { return clock.now_ms(); }, options.seed);
        services.router.integrations.push_back(bus->integration());
    } catch (const std::exception& e) {
        return complain(e.what());
    }

    std::string mocked_machine;  // the mock config's state machine whose test case this run uses
    if (!options.mocks_file.empty()) {
        try {
            services.mocks = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::load(options.mocks_file));
            std::string machine = options.state_machine_name;
            auto known_machines = services.mocks->state_machines();
            // A parent without a test case of its own may still pick its
            // children's (StateMachineArn "...:stateMachine:Child#HappyPath").
            const bool parent = options.test_case.empty() && starts_executions(*compiled.machine);
            if (machine.empty())
                machine = known_machines.size() == 1 && !parent ? known_machines.front() : run_options.state_machine_name;
            std::vector<std::string> cases = services.mocks->test_cases(machine);
            if (options.test_case.empty() && !cases.empty()) {
                std::string known;
                for (const auto& name : cases) known += (known.empty() ? "" : ", ") + name;
                return complain("--mocks needs --test-case NAME (" + machine + " has: " + known + ")");
            }
            // Without a test case of its own the run is unmocked; the file
            // still serves children started with a #TestCase ARN.
            if (!options.test_case.empty()) {
                services.mocks->test_case(machine, options.test_case);  // throws, naming the known ones
                services.test_case = options.test_case;
                mocked_machine = machine;
                if (options.state_machine_name.empty()) run_options.state_machine_name = machine;
            }
        } catch (const std::exception& e) {
            return complain(e.what());
        }
        if (!mocked_machine.empty()) {
            bool errors = false;
            for (const testing::MockProblem& problem :
                 testing::check_mock_test_case(*compiled.machine, *services.mocks, mocked_machine, options.test_case)) {
                errors = errors || problem.severity == testing::Severity::Error;
                std::cerr << "stepwise run: " << options.mocks_file << ": " << testing::to_string(problem) << "\n";
            }
            if (errors) return 2;
        }
    } else if (!options.test_case.empty()) {
        return complain("--test-case needs --mocks FILE");
    }

    RunMachines machines;
    machines.add_compiled(run_options.state_machine_name, compiled.machine);
    try {
        for (const std::string& dir : options.machine_dirs) {
            machines.add_folder(dir, compile_options.substitutions);
            watched.push_back(dir);
        }
        if (sam) machines.add_sam(*sam, options.template_file);
        if (project)
            for (const auto& [name, path] : project->state_machines())
                machines.add(name, RunMachines::Source{path, json::Value(), compile_options.substitutions, project_file});
    } catch (const std::exception& e) {
        return complain(e.what());
    }
    services.machines = &machines;

    // With mocks, most states never reach a handler: start workers only on demand then.
    if (lambdas && !services.mocks) lambdas->prewarm(functions_named_in(definition_text, *project, compile_options.substitutions));
    auto started = std::chrono::steady_clock::now();
    runtime::RunResult result = runtime::run(compiled.machine, input, services, run_options);
    result.events = events_json(bus->take());
    if (options.trace == "json") {
        std::cout << json::pretty(result.history_json()) << "\n";
    } else {
        TraceStyle style = detect_trace_style(STDOUT_FILENO, options.full);
        style.real_times = !options.no_timing;
        style.real_elapsed_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::steady_clock::now() - started)
                                        .count();
        print_trace(std::cout, result, style);
    }
    if (!mocked_machine.empty()) {
        std::cout.flush();  // the trace first, where both go to one place
        for (testing::MockProblem problem :
             testing::unused_mocks(*services.mocks, mocked_machine, options.test_case, result)) {
            problem.severity = testing::Severity::Warning;  // the run itself went as it went
            std::cerr << "stepwise run: " << options.mocks_file << ": " << testing::to_string(problem) << "\n";
        }
    }
    return result.status == engine::Status::Succeeded ? 0 : 1;
}

int run(const RunCommandOptions& options) {
    std::vector<std::string> watched;
    int status = run_once(options, watched);
    if (!options.watch) return status;
    FileWatch watch(watched);
    for (;;) {
        std::cout << "\n(watching " << watched.size() << " files and folders; Ctrl-C to stop)" << std::endl;
        std::string changed = watch.wait_for_change();
        std::cout << "\n── " << changed << " changed: running again ──\n\n";
        run_once(options, watched);
        watch = FileWatch(watched);
    }
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<RunCommandOptions>();
    CLI::App* command = app.add_subcommand("run", "Execute a state machine on a virtual clock and print its trace");
    command->add_option("machine", options->machine_file, "State machine definition (.asl.json)")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--input", options->input_file, "Execution input (JSON file); {} when absent")
        ->check(CLI::ExistingFile);
    command->add_option("--mocks", options->mocks_file, "Step Functions Local mock config (MockConfigFile.json format)")
        ->check(CLI::ExistingFile);
    command->add_option("--test-case", options->test_case, "Test case of the mock config to use");
    command->add_option("--state-machine-name", options->state_machine_name,
                        "State machine name ($$.StateMachine.Name, and the mock config entry); default: the "
                        "mock config's only state machine, else the file name");
    command->add_option("--name", options->execution_name, "Execution name ($$.Execution.Name)");
    command->add_option("--project", options->project_file,
                        "Project file with local Lambda functions (default: stepwise.json beside the definition)")
        ->check(CLI::ExistingFile);
    command->add_option("--template", options->template_file,
                        "SAM/CloudFormation template: its functions and the state machine's DefinitionSubstitutions")
        ->check(CLI::ExistingFile);
    command->add_option("--sub", options->subs, "Substitute ${Name} with a value: --sub Name=value (repeatable)");
    command->add_option("--subs", options->sub_files, "JSON file of substitutions {\"Name\": \"value\"}")
        ->check(CLI::ExistingFile);
    command->add_option("--trace", options->trace, "Trace format: text (readable) or json (AWS history events)")
        ->check(CLI::IsMember({"text", "json"}));
    command->add_flag("--full", options->full, "Print payloads whole instead of folded to the terminal width");
    command->add_flag("--no-timing", options->no_timing,
                      "Leave real (wall-clock) durations out of the trace, so it is the same on every run");
    command->add_flag("--watch", options->watch,
                      "Run again whenever the definition, input, mocks, project file or handler code changes");
    command->add_option("--machines", options->machine_dirs,
                        "Folder of state machine definitions (NAME.asl.json) that states:startExecution Tasks may "
                        "start (repeatable)")
        ->check(CLI::ExistingDirectory);
    command->add_option("--schema-dir", options->schema_dirs,
                        "Folder of JSON Schemas that events put by events:putEvents Tasks are checked against (repeatable)")
        ->check(CLI::ExistingDirectory);
    command->add_option("--schemas", options->schemas,
                        "What a schema violation does: warn (the default; shown in the trace), enforce (the PutEvents "
                        "entry fails, as serve --schemas enforce), off")
        ->check(CLI::IsMember({"warn", "enforce", "off"}));
    command->add_option("--allow-http-host", options->allowed_http_hosts,
                        "A host http:invoke Tasks may call besides loopback (the default); repeatable");
    command->add_option("--seed", options->seed, "Seed for generated names, jitter and random intrinsics");
    command->add_option("--start-time", options->start_time,
                        "Execution start time (RFC 3339, e.g. 2025-01-31T09:00:00Z) instead of the wall clock, "
                        "for reproducible histories");
    command->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace stepwise::cli
