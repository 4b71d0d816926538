// `stepwise lint` on the example, as an editor runs it on every save.
// Target (issue 18): under 20 ms for the example.
//  - LintExample: lint_file of the example's definition in-process (compile,
//    every rule, positions), with its project file's substitutions.
//  - LintExampleWithData: the same with the example's input and every test
//    case's mocked results, so the data rule's pass runs too.
//  - LintCommand: the `stepwise lint` process from start to exit on the
//    example's three definitions (what the editor waits for), real time;
//    LintCommandWithData: on its main definition with --input and --mocks.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <string>

#include "json/parse.h"
#include "lint/linter.h"
#include "lint/mocked_results.h"
#include "tasks/project_config.h"

extern char** environ;

using namespace stepwise;

namespace {

const std::string kExample = std::string(STEPWISE_SOURCE_DIR) + "/examples/vehicle-order-cancellation/";

lint::LintOptions example_options() {
    lint::LintOptions options;
    tasks::ProjectConfig project = tasks::ProjectConfig::load(kExample + "stepwise.json");
    options.compile.substitutions = project.substitutions();
    options.config = lint::LintConfig::from_json(project.lint_settings(), "stepwise.json");
    return options;
}

void lint_repeatedly(benchmark::State& state, const lint::LintOptions& options) {
    asl::DefinitionFile file = asl::read_definition_file(kExample + "statemachine.asl.json");
    size_t findings = 0;
    for (auto _ : state) {
        lint::FileReport report = lint::lint_file(file, options);
        findings = report.findings.size();
        benchmark::DoNotOptimize(report);
    }
    state.counters["findings"] = static_cast<double>(findings);
}

void BM_LintExample(benchmark::State& state) { lint_repeatedly(state, example_options()); }
BENCHMARK(BM_LintExample)->Unit(benchmark::kMillisecond);

void BM_LintExampleWithData(benchmark::State& state) {
    lint::LintOptions options = example_options();
    options.examples.input = json::parse_file(kExample + "input.json");
    tasks::MockConfig mocks = tasks::MockConfig::load(kExample + "mocks.json");
    options.examples.task_results = lint::mocked_task_results(mocks, mocks.state_machines().front());
    lint_repeatedly(state, options);
}
BENCHMARK(BM_LintExampleWithData)->Unit(benchmark::kMillisecond);

// `stepwise <args>` from process start to exit, --fail-on note: any finding fails the benchmark.
void run_command(benchmark::State& state, std::vector<std::string> args) {
    std::string binary = STEPWISE_BINARY;
    args.insert(args.begin(), {binary, "lint", "--fail-on", "note"});
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    for (auto _ : state) {
        pid_t pid = 0;
        if (posix_spawn(&pid, binary.c_str(), &quiet, nullptr, argv.data(), environ) != 0) {
            state.SkipWithError("cannot start stepwise");
            break;
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            state.SkipWithError("stepwise lint found something in the example (or failed)");
            break;
        }
    }
    posix_spawn_file_actions_destroy(&quiet);
}

void BM_LintCommand(benchmark::State& state) {
    run_command(state, {kExample + "statemachine.asl.json", kExample + "statemachine.jsonata.asl.json",
                        kExample + "publish-cancellation.asl.json"});
}
BENCHMARK(BM_LintCommand)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LintCommandWithData(benchmark::State& state) {
    run_command(state, {kExample + "statemachine.asl.json", "--input", kExample + "input.json", "--mocks",
                        kExample + "mocks.json"});
}
BENCHMARK(BM_LintCommandWithData)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
