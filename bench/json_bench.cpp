// JSON parse and print throughput over the map benchmark's 420 KB input.
#include <benchmark/benchmark.h>

#include "json/parse.h"
#include "json/write.h"

using namespace stepwise;

static const std::string& sample() {
    static const std::string text = json::read_file(STEPWISE_SHARED_DIR "/examples/bench/map-10000-pass.input.json");
    return text;
}

static void BM_Parse(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(json::parse(sample()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sample().size()));
}
BENCHMARK(BM_Parse);

static void BM_Dump(benchmark::State& state) {
    json::Value v = json::parse(sample());
    for (auto _ : state) benchmark::DoNotOptimize(json::dump(v));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sample().size()));
}
BENCHMARK(BM_Dump);

static void BM_CopyShares(benchmark::State& state) {
    json::Value v = json::parse(sample());
    for (auto _ : state) {
        json::Value copy = v;
        benchmark::DoNotOptimize(copy);
    }
}
BENCHMARK(BM_CopyShares);

BENCHMARK_MAIN();
