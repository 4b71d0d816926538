// `stepwise test` at scale: the example's suite (examples/vehicle-order-cancellation/
// statemachine.test.yaml, 11 cases with mocks) repeated to 1,000 cases in one
// file, read and run as `stepwise test` does (all cores, coverage recorded).
// Target: under 1 s of wall time on a 2-core machine (issue 14). Wall time is
// what counts, so the benchmark reports real time.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "cli/test_runner.h"
#include "json/parse.h"
#include "testing/suite.h"

namespace fs = std::filesystem;
using namespace stepwise;

namespace {

// The example folder copied to a temporary folder, its suite's cases repeated to `count`.
std::string write_suite(size_t count) {
    fs::path dir = fs::temp_directory_path() / ("stepwise-test-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::copy(fs::path(STEPWISE_SOURCE_DIR) / "examples" / "vehicle-order-cancellation", dir,
             fs::copy_options::recursive);
    std::string text = json::read_file((dir / "statemachine.test.yaml").string());
    size_t cases_at = text.find("\ncases:\n");
    std::string head = text.substr(0, cases_at + 8);
    std::string cases = text.substr(cases_at + 8);
    std::string out = head;
    size_t per_copy = 0;
    for (size_t at = 0; (at = cases.find("\n  - name: ", at)) != std::string::npos; ++at) ++per_copy;
    ++per_copy;  // the first case has no newline before it
    for (size_t copy = 0; copy * per_copy < count; ++copy) {
        std::string renamed = cases;
        for (size_t at = 0; (at = renamed.find("- name: ", at)) != std::string::npos; at += 8)
            renamed.insert(at + 8, "copy-" + std::to_string(copy) + " ");
        out += renamed + "\n";
    }
    std::string file = (dir / "bench.test.yaml").string();
    std::ofstream(file) << out;
    return file;
}

void BM_TestSuite1000(benchmark::State& state) {
    std::string file = write_suite(1000);
    size_t cases = 0, failed = 0;
    for (auto _ : state) {
        std::vector<testing::Suite> suites{testing::load_suite(file)};
        cli::TestRunOptions options;
        options.jobs = std::max(1u, std::thread::hardware_concurrency());
        options.coverage = true;
        std::vector<cli::SuiteRun> runs = cli::run_suites(suites, options);
        cases = runs[0].result.cases.size();
        failed = 0;
        for (const auto& c : runs[0].result.cases) failed += c.passed ? 0 : 1;
    }
    if (failed) state.SkipWithError("some cases failed");
    state.counters["cases"] = static_cast<double>(cases);
    state.counters["cases/s"] = benchmark::Counter(static_cast<double>(cases), benchmark::Counter::kIsIterationInvariantRate);
    fs::remove_all(fs::path(file).parent_path());
}
BENCHMARK(BM_TestSuite1000)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);

}  // namespace

BENCHMARK_MAIN();
