// Interpreter throughput: Pass transitions per second (pass-chain-1000), Map
// items per second (map-10000-pass), and executions per second of the vehicle
// example with mocks, on the virtual clock, in JSONPath and in JSONata.
#include <benchmark/benchmark.h>

#include "asl/compile.h"
#include "json/parse.h"
#include "runtime/run.h"
#include "../tests/unit/runtime/vehicle_fixture.h"

using namespace stepwise;

namespace {

std::string bench_dir() { return std::string(STEPWISE_SHARED_DIR) + "/examples/bench/"; }

std::shared_ptr<const asl::Machine> load(const std::string& path) {
    auto r = asl::compile(json::parse_file(path));
    if (!r.ok()) throw std::runtime_error(path + ": " + r.errors[0].to_string());
    return r.machine;
}

class NoTasks : public tasks::Executor {
public:
    tasks::TaskOutcome invoke(const tasks::TaskRequest&) override { return tasks::TaskOutcome::failure("None", ""); }
};

runtime::RunOptions options() {
    runtime::RunOptions o;
    o.execution_name = "bench";
    o.start_time_ms = 1761000000000;
    return o;
}

void BM_PassChain1000(benchmark::State& state) {
    auto machine = load(bench_dir() + "pass-chain-1000.asl.json");
    json::Value input = json::parse_file(bench_dir() + "pass-chain-1000.input.json");
    NoTasks executor;
    auto o = options();
    for (auto _ : state) {
        auto r = runtime::run(machine, input, executor, o);
        if (r.status != engine::Status::Succeeded) state.SkipWithError("execution failed");
        benchmark::DoNotOptimize(r.output);
    }
    state.counters["transitions/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 1000,
                                                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PassChain1000)->Unit(benchmark::kMicrosecond);

void BM_Map10000Pass(benchmark::State& state) {
    auto machine = load(bench_dir() + "map-10000-pass.asl.json");
    json::Value input = json::parse_file(bench_dir() + "map-10000-pass.input.json");
    NoTasks executor;
    auto o = options();
    o.limits = engine::Limits::unlimited();  // the probe is over AWS's payload and history quotas on purpose
    for (auto _ : state) {
        auto r = runtime::run(machine, input, executor, o);
        if (r.status != engine::Status::Succeeded) state.SkipWithError("execution failed");
        benchmark::DoNotOptimize(r.output);
    }
    state.counters["items/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 10000,
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Map10000Pass)->Unit(benchmark::kMillisecond);

// The example's HappyPath with its mocks, as `machine` (JSONPath or JSONata) runs it.
void run_vehicle_happy_path(benchmark::State& state, std::shared_ptr<const asl::Machine> machine) {
    json::Value mocks = json::parse_file(fixtures::vehicle_dir() + "mocks.json");
    json::Value input = json::parse_file(fixtures::vehicle_dir() + "input.json");
    fixtures::VehicleMocks executor(mocks, "HappyPath");
    auto o = options();
    o.state_machine_name = "VehicleOrderCancellation";
    for (auto _ : state) {
        executor.reset();
        auto r = runtime::run(machine, input, executor, o);
        if (r.status != engine::Status::Succeeded) state.SkipWithError("execution failed");
        benchmark::DoNotOptimize(r.output);
    }
    state.counters["executions/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                        benchmark::Counter::kIsRate);
}

void BM_VehicleHappyPath(benchmark::State& state) { run_vehicle_happy_path(state, fixtures::vehicle_machine()); }
BENCHMARK(BM_VehicleHappyPath)->Unit(benchmark::kMicrosecond);

// The same workflow written in JSONata (Arguments, Output, Assign, Conditions).
void BM_VehicleHappyPathJsonata(benchmark::State& state) {
    run_vehicle_happy_path(
        state, load(std::string(STEPWISE_SOURCE_DIR) + "/examples/vehicle-order-cancellation/statemachine.jsonata.asl.json"));
}
BENCHMARK(BM_VehicleHappyPathJsonata)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
