// `stepwise lint` on the example, as an editor runs it on every save.
// Target (issue 18): under 20 ms for the example.
//  - LintExample: lint_file of the example's definition in-process (compile,
//    every rule, positions), with its project file's substitutions.
//  - LintCommand: the `stepwise lint` process from start to exit on the
//    example's three definitions (what the editor waits for), real time.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <string>

#include "lint/linter.h"
#include "tasks/project_config.h"

extern char** environ;

using namespace stepwise;

namespace {

const std::string kExample = std::string(STEPWISE_SOURCE_DIR) + "/examples/vehicle-order-cancellation/";

void BM_LintExample(benchmark::State& state) {
    lint::LintOptions options;
    tasks::ProjectConfig project = tasks::ProjectConfig::load(kExample + "stepwise.json");
    options.compile.substitutions = project.substitutions();
    options.config = lint::LintConfig::from_json(project.lint_settings(), "stepwise.json");
    asl::DefinitionFile file = asl::read_definition_file(kExample + "statemachine.asl.json");
    size_t findings = 0;
    for (auto _ : state) {
        lint::FileReport report = lint::lint_file(file, options);
        findings = report.findings.size();
        benchmark::DoNotOptimize(report);
    }
    state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_LintExample)->Unit(benchmark::kMillisecond);

void BM_LintCommand(benchmark::State& state) {
    std::string binary = STEPWISE_BINARY;
    std::vector<std::string> args{binary, "lint", kExample + "statemachine.asl.json",
                                  kExample + "statemachine.jsonata.asl.json", kExample + "publish-cancellation.asl.json"};
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
BENCHMARK(BM_LintCommand)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
