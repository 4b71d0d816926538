#include "cli/run_command.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "asl/compile.h"
#include "cli/file_watch.h"
#include "cli/substitutions.h"
#include "cli/trace.h"
#include "json/parse.h"
#include "json/write.h"
#include "engine/timestamp.h"
#include "runtime/run.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/mock_config.h"
#include "tasks/project_config.h"
#include "tasks/sam_template.h"

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
};

// Passes invocations through and keeps what each handler printed, for the trace.
class LogRecorder : public tasks::Executor {
public:
    explicit LogRecorder(tasks::Executor& inner) : inner_(inner) {}
    tasks::TaskOutcome invoke(const tasks::TaskRequest& request) override {
        auto start = std::chrono::steady_clock::now();
        tasks::TaskOutcome outcome = inner_.invoke(request);
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
        logs[request.state_name].push_back({outcome.logs, micros.count()});
        return outcome;
    }
    TaskLogs logs;

private:
    tasks::Executor& inner_;
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

// The project file: --project, else a stepwise.json beside the definition.
std::string find_project_file(const RunCommandOptions& options) {
    if (!options.project_file.empty()) return options.project_file;
    auto beside = std::filesystem::path(options.machine_file).parent_path() / "stepwise.json";
    return std::filesystem::exists(beside) ? beside.string() : std::string();
}

// Serves no Task: every invocation fails, saying how to give it a result.
class NoTaskServer : public tasks::Executor {
public:
    tasks::TaskOutcome invoke(const tasks::TaskRequest& request) override {
        return tasks::TaskOutcome::failure(
            "States.Runtime", "Task state '" + request.state_name + "' calls " + request.resource +
                                  ", which nothing serves in this run: give it a local function in a stepwise.json "
                                  "(--project), or a mocked response (--mocks FILE --test-case NAME)");
    }
};

// "orders.asl.json" -> "orders"
std::string machine_name_from_file(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    for (std::string_view suffix : {".asl.json", ".json", ".asl.yaml", ".yaml"}) {
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return name.substr(0, name.size() - suffix.size());
    }
    return name;
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
            tasks::SamProject sam = tasks::load_sam_template(options.template_file);
            for (const std::string& warning : sam.warnings) std::cerr << "stepwise run: " << warning << "\n";
            if (!project) project = std::make_shared<tasks::ProjectConfig>();
            project->merge_missing(sam.project);
            auto machine_path = std::filesystem::weakly_canonical(options.machine_file);
            for (const auto& machine : sam.state_machines) {
                bool same_file = !machine.definition_path.empty() &&
                                 std::filesystem::weakly_canonical(machine.definition_path) == machine_path;
                if (same_file || sam.state_machines.size() == 1)
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
    NoTaskServer no_server;
    std::unique_ptr<tasks::LambdaDispatcher> lambdas;
    std::unique_ptr<tasks::MockExecutor> mocks;
    std::shared_ptr<const tasks::MockConfig> mock_config;
    tasks::Executor* executor = &no_server;
    if (project) {
        lambdas = std::make_unique<tasks::LambdaDispatcher>(project);
        executor = lambdas.get();
    }
    if (!options.mocks_file.empty()) {
        try {
            mock_config = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::load(options.mocks_file));
            std::string machine = options.state_machine_name;
            auto machines = mock_config->state_machines();
            if (machine.empty()) machine = machines.size() == 1 ? machines.front() : run_options.state_machine_name;
            if (options.test_case.empty()) {
                std::string known;
                for (const auto& name : mock_config->test_cases(machine)) known += (known.empty() ? "" : ", ") + name;
                return complain("--mocks needs --test-case NAME (" + machine + " has: " + (known.empty() ? "none" : known) + ")");
            }
            const tasks::MockTestCase& test_case = mock_config->test_case(machine, options.test_case);
            mocks = std::make_unique<tasks::MockExecutor>(mock_config, &test_case, executor);
            executor = mocks.get();
            if (options.state_machine_name.empty()) run_options.state_machine_name = machine;
        } catch (const std::exception& e) {
            return complain(e.what());
        }
    } else if (!options.test_case.empty()) {
        return complain("--test-case needs --mocks FILE");
    }

    // With mocks, most states never reach a handler: start workers only on demand then.
    if (lambdas && !mocks) lambdas->prewarm(functions_named_in(definition_text, *project, compile_options.substitutions));
    LogRecorder recorder(*executor);
    auto started = std::chrono::steady_clock::now();
    runtime::RunResult result = runtime::run(compiled.machine, input, recorder, run_options);
    if (options.trace == "json") {
        std::cout << json::pretty(result.history_json()) << "\n";
    } else {
        TraceStyle style = detect_trace_style(STDOUT_FILENO, options.full);
        style.real_times = !options.no_timing;
        style.real_elapsed_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::steady_clock::now() - started)
                                        .count();
        print_trace(std::cout, result, style, &recorder.logs);
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
    command->add_option("--seed", options->seed, "Seed for generated names, jitter and random intrinsics");
    command->add_option("--start-time", options->start_time,
                        "Execution start time (RFC 3339, e.g. 2025-01-31T09:00:00Z) instead of the wall clock, "
                        "for reproducible histories");
    command->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace stepwise::cli
