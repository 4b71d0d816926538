#include "cli/run_command.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/debug_prompt.h"
#include "cli/file_watch.h"
#include "cli/mock_choice.h"
#include "cli/run_ui.h"
#include "cli/run_world.h"
#include "cli/substitutions.h"
#include "cli/trace.h"
#include "json/parse.h"
#include "json/write.h"
#include "engine/timestamp.h"
#include "runtime/clock.h"
#include "runtime/run.h"
#include "tasks/mock_config.h"
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
    std::string s3_dir;
    bool debug = false;
    std::vector<std::string> breaks;
    bool ui = false;
    uint16_t port = 0;
    aws::Scope scope;      // --account, --region
    std::string type;      // --type ("" = the template's Type, else STANDARD)
};

events::SchemaMode schema_mode(const std::string& name) {
    return name == "enforce" ? events::SchemaMode::Enforce
           : name == "off"   ? events::SchemaMode::Off
                             : events::SchemaMode::Warn;
}

// What `stepwise run` does that --ui (the run under `stepwise serve`'s machinery) does not do yet: "" when none.
std::string unsupported_with_ui(const RunCommandOptions& options) {
    if (options.watch) return "--watch";
    if (options.debug) return "--debug";  // the terminal prompt; with --ui, --break pauses on the page
    if (!options.machine_dirs.empty()) return "--machines";
    if (options.seed != 0) return "--seed";
    if (!options.start_time.empty()) return "--start-time";
    return "";
}

// --break STATE[:after] specs, each naming a state of the machine; `problem` says which does not.
std::vector<engine::Breakpoint> breakpoints_of(const std::vector<std::string>& specs, const asl::Machine& machine,
                                               std::string& problem) {
    std::vector<engine::Breakpoint> breakpoints;
    for (const std::string& spec : specs) {
        breakpoints.push_back(parse_breakpoint(spec));
        if (!machine.all_states.count(breakpoints.back().state)) {
            problem = "--break " + spec + ": the state machine has no state named '" + breakpoints.back().state + "'";
            return {};
        }
    }
    return breakpoints;
}

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

// The world and the input of a run; nullptr (the problem printed) when either cannot be read.
std::unique_ptr<RunWorld> prepare_world(const RunCommandOptions& options, json::Value& input) {
    WorldSources sources;
    sources.machine_file = options.machine_file;
    sources.template_file = options.template_file;
    sources.project_file = options.project_file;
    sources.state_machine_name = options.state_machine_name;
    sources.machine_dirs = options.machine_dirs;
    sources.schema_dirs = options.schema_dirs;
    sources.allowed_http_hosts = options.allowed_http_hosts;
    sources.s3_dir = options.s3_dir;
    sources.scope = options.scope;
    sources.type = options.type;
    std::unique_ptr<RunWorld> world;
    try {
        sources.substitutions = load_substitutions(options.sub_files, options.subs);
        world = std::make_unique<RunWorld>(sources);
        if (!options.input_file.empty()) input = json::parse_file(options.input_file);
    } catch (const DefinitionInvalid& e) {
        std::cerr << e.what() << "\n";
        return nullptr;
    } catch (const std::exception& e) {
        std::cerr << "stepwise run: " << e.what() << "\n";
        return nullptr;
    }
    return world;
}

// Runs once; `watched` receives the files a re-run should follow.
int run_once(const RunCommandOptions& options, std::vector<std::string>& watched) {
    auto complain = [](const std::string& message) {
        std::cerr << "stepwise run: " << message << "\n";
        return 2;
    };
    watched = {options.machine_file};
    for (const std::string& file : {options.input_file, options.mocks_file, options.project_file, options.template_file})
        if (!file.empty()) watched.push_back(file);
    for (const std::string& file : options.sub_files) watched.push_back(file);
    // What the world reads, watched even when it cannot be built (a fix there runs again).
    auto beside = std::filesystem::path(options.machine_file).parent_path() / "stepwise.json";
    if (options.project_file.empty() && std::filesystem::exists(beside)) watched.push_back(beside.string());
    watched.insert(watched.end(), options.machine_dirs.begin(), options.machine_dirs.end());
    watched.insert(watched.end(), options.schema_dirs.begin(), options.schema_dirs.end());

    json::Value input = json::Object{};
    std::unique_ptr<RunWorld> world = prepare_world(options, input);
    if (!world) return 2;
    for (const std::string& warning : world->warnings()) std::cerr << "stepwise run: " << warning << "\n";
    watched.insert(watched.end(), world->watched().begin(), world->watched().end());

    runtime::RunOptions run_options;
    run_options.state_machine_name = world->state_machine_name();
    run_options.scope = world->scope();
    run_options.express = world->express();
    run_options.execution_name = options.execution_name;
    run_options.seed = options.seed;
    if (!options.start_time.empty()) {
        auto start = engine::parse_rfc3339(options.start_time);
        if (!start) return complain("--start-time " + options.start_time + ": expected a timestamp like 2025-01-31T09:00:00Z");
        run_options.start_time_ms = start->to_ms();
    }

    runtime::RunServices services = world->services(true);
    // One virtual clock for the executions and the events they put.
    runtime::VirtualClock clock(run_options.start_time_ms ? *run_options.start_time_ms : runtime::wall_clock_ms());
    run_options.use_clock = &clock;
    std::unique_ptr<RunEventBus> bus;
    try {
        bus = world->event_bus(schema_mode(options.schemas), [&clock] { return clock.now_ms(); }, options.seed);
        services.router.integrations.push_back(bus->integration());
    } catch (const std::exception& e) {
        return complain(e.what());
    }

    MockChoice mocks;
    try {
        mocks = choose_mocks(options.mocks_file, options.test_case, options.state_machine_name, *world);
    } catch (const std::exception& e) {
        return complain(e.what());
    }
    services.mocks = mocks.mocks;
    services.test_case = mocks.test_case;
    run_options.state_machine_name = world->state_machine_name();
    if (!mocks_fit(mocks, *world, options.mocks_file)) return 2;
    const std::string& mocked_machine = mocks.machine;

    // With mocks, most states never reach a handler: start workers only on demand then.
    if (world->functions() && !services.mocks)
        world->functions()->prewarm(functions_named_in(world->definition_text(), *world->project(), world->substitutions()));
    std::optional<DebugPrompt> prompt;
    if (options.debug || !options.breaks.empty()) {
        auto debug = std::make_shared<engine::DebugConfig>();
        std::string problem;
        debug->breakpoints = breakpoints_of(options.breaks, *world->machine(), problem);
        if (!problem.empty()) return complain(problem);
        debug->pause_at_start = debug->breakpoints.empty();
        run_options.debug = debug;
        // With --trace json, standard output is the history alone.
        prompt.emplace(std::cin, options.trace == "json" ? std::cerr : std::cout, isatty(STDIN_FILENO) != 0,
                       world->machine().get());
        run_options.on_pause = [&prompt](const engine::Pause& pause) { return (*prompt)(pause); };
    }
    auto started = std::chrono::steady_clock::now();
    runtime::RunResult result = runtime::run(world->machine(), input, services, run_options);
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
             testing::unused_mocks(*services.mocks, mocked_machine, options.test_case, testing::mocked_calls(result))) {
            problem.severity = testing::Severity::Warning;  // the run itself went as it went
            std::cerr << "stepwise run: " << options.mocks_file << ": " << testing::to_string(problem) << "\n";
        }
    }
    return result.status == engine::Status::Succeeded ? 0 : 1;
}

int run_under_ui(const RunCommandOptions& options) {
    if (std::string flag = unsupported_with_ui(options); !flag.empty()) {
        std::cerr << "stepwise run: " << flag << " cannot be used with --ui yet\n";
        return 2;
    }
    UiRun ui;
    ui.input = json::Object{};
    std::unique_ptr<RunWorld> world = prepare_world(options, ui.input);
    if (!world) return 2;
    for (const std::string& warning : world->warnings()) std::cerr << "stepwise run: " << warning << "\n";
    if (world->express()) {
        std::cerr << "stepwise run: --ui cannot run an EXPRESS workflow yet: the page shows stored executions, and "
                     "EXPRESS ones are not stored\n";
        return 2;
    }
    if (starts_executions(*world->machine())) {
        std::cerr << "stepwise run: --ui cannot run a definition that starts executions yet: its child state "
                     "machines are not created on the page's server\n";
        return 2;
    }
    try {
        ui.mocks = choose_mocks(options.mocks_file, options.test_case, options.state_machine_name, *world);
    } catch (const std::exception& e) {
        std::cerr << "stepwise run: " << e.what() << "\n";
        return 2;
    }
    if (!mocks_fit(ui.mocks, *world, options.mocks_file)) return 2;
    std::string problem;
    ui.breakpoints = breakpoints_of(options.breaks, *world->machine(), problem);
    if (!problem.empty()) {
        std::cerr << "stepwise run: " << problem << "\n";
        return 2;
    }
    ui.world = world.get();
    ui.execution_name = options.execution_name;
    ui.schemas = schema_mode(options.schemas);
    ui.port = options.port;
    ui.allowed_http_hosts = options.allowed_http_hosts;
    ui.trace = options.trace;
    ui.full = options.full;
    ui.no_timing = options.no_timing;
    return run_with_ui(ui);
}

int run(const RunCommandOptions& options) {
    if (options.ui) return run_under_ui(options);
    if (options.port != 0) {
        std::cerr << "stepwise run: --port needs --ui\n";
        return 2;
    }
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
    command->add_option("machine", options->machine_file, "State machine definition (.asl.json or .asl.yaml)")
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
    command->add_option("--type", options->type,
                        "STANDARD or EXPRESS: an EXPRESS execution has an express ARN, cannot redrive and refuses "
                        ".sync, .waitForTaskToken and activity Tasks (default: the template's Type, else STANDARD)")
        ->check(CLI::IsMember({"STANDARD", "EXPRESS"}));
    command->add_option("--account", options->scope.account, "Account id in ARNs (as serve)")->capture_default_str();
    command->add_option("--region", options->scope.region, "Region in ARNs (as serve)")->capture_default_str();
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
                        "Folder of state machine definitions (NAME.asl.json, NAME.asl.yaml) that states:startExecution Tasks may "
                        "start (repeatable)")
        ->check(CLI::ExistingDirectory);
    command->add_option("--schema-dir", options->schema_dirs,
                        "Folder of JSON Schemas that events put by events:putEvents Tasks are checked against (repeatable)")
        ->check(CLI::ExistingDirectory);
    command->add_option("--schemas", options->schemas,
                        "What a schema violation does: warn (the default; shown in the trace), enforce (the PutEvents "
                        "entry fails, as serve --schemas enforce), off")
        ->check(CLI::IsMember({"warn", "enforce", "off"}));
    command->add_option("--s3-dir", options->s3_dir,
                        "The local S3 folder Distributed Maps read (ItemReader) and write (ResultWriter): "
                        "s3://bucket/key is DIR/bucket/key (default: the project file's \"s3Dir\")")
        ->check(CLI::ExistingDirectory);
    command->add_option("--allow-http-host", options->allowed_http_hosts,
                        "A host http:invoke Tasks may call besides loopback (the default); repeatable");
    command->add_flag("--debug", options->debug,
                      "Pause before the first state (or at each --break) and read debugger commands from standard "
                      "input: c, s, p EXPR, input, context, vars, set-input JSON, b STATE, delete STATE, q (h lists them)");
    command->add_option("--break", options->breaks,
                        "Pause before STATE, or after it with STATE:after (repeatable; implies --debug, or with --ui pauses on the web page)");
    command->add_option("--seed", options->seed, "Seed for generated names, jitter and random intrinsics");
    command->add_option("--start-time", options->start_time,
                        "Execution start time (RFC 3339, e.g. 2025-01-31T09:00:00Z) instead of the wall clock, "
                        "for reproducible histories");
    command->add_flag("--ui", options->ui,
                      "Run under the web page: serve it on 127.0.0.1 (a temporary data directory, deleted at exit), "
                      "print its address, the trace when the execution ends, and keep serving until Ctrl-C");
    command->add_option("--port", options->port, "The web page's port with --ui (default: a free one)");
    command->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace stepwise::cli
