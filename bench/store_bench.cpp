// The SQLite store on the hot path: apply() of batches shaped like what a
// busy `stepwise serve` writes (100 executions per batch, each its record and
// 8 journal entries: the start with its input, then task results of ~200
// bytes), on a file database in /tmp (or $STEPWISE_BENCH_DIR). History is
// not stored (docs/store.md). The figure to read is executions/s.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "store/store.h"

using namespace stepwise;

namespace {

constexpr int executions_per_batch = 100;
constexpr int journal_per_execution = 8;

// A fresh database file, removed (with its WAL) afterwards.
class BenchDatabase {
public:
    BenchDatabase() {
        const char* dir = std::getenv("STEPWISE_BENCH_DIR");
        path_ = std::filesystem::path(dir ? dir : "/tmp") /
                ("stepwise-store-bench-" + std::to_string(::getpid()) + ".db");
        remove();
    }
    ~BenchDatabase() { remove(); }
    std::string path() const { return path_.string(); }

private:
    void remove() {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
    }
    std::filesystem::path path_;
};

// An engine::InputEvent as runtime/host_steps.cpp journals it: entry 0 is
// the Start with the execution's input, later ones task results (a Lambda
// result of ~200 bytes) or timers.
std::string journal_entry(int64_t seq, const store::ExecutionRecord& record) {
    std::string time = std::to_string(record.start_ms + seq);
    if (seq == 0) return R"({"kind":"Start","time":)" + time + R"(,"ref":0,"value":)" + record.input + "}";
    if (seq % 3 == 0) return R"({"kind":"TimerFired","time":)" + time + R"(,"ref":)" + std::to_string(seq) + "}";
    return R"({"kind":"TaskSucceeded","time":)" + time + R"(,"ref":)" + std::to_string(seq) +
           R"(,"value":{"ExecutedVersion":"$LATEST","Payload":{"orderId":")" + record.name +
           R"(","amount":129.95,"currency":"EUR","status":"CHARGED"},"SdkHttpMetadata":{"HttpStatusCode":200},"StatusCode":200}})";
}

store::ExecutionRecord record(int64_t n) {
    store::ExecutionRecord record;
    record.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:order-" + std::to_string(n % 10);
    record.name = "execution-" + std::to_string(n);
    record.arn = "arn:aws:states:us-east-1:123456789012:execution:order-" + std::to_string(n % 10) + ":" + record.name;
    record.status = "SUCCEEDED";
    record.input = R"({"orderId":")" + std::to_string(n) + R"(","amount":129.95})";
    record.output = R"({"ok":true})";
    record.start_ms = 1700000000000 + n;
    record.stop_ms = record.start_ms + 40;
    record.config = R"({"engine":{"virtual_time":false}})";
    return record;
}

// Executions [first, first + executions_per_batch), each as `steps` appends
// that together hold its 8 journal entries.
std::vector<store::Write> batch_of(int64_t first, int steps) {
    std::vector<store::Write> batch;
    for (int64_t n = first; n < first + executions_per_batch; ++n) {
        store::ExecutionRecord base = record(n);
        int journal_done = 0;
        for (int s = 0; s < steps; ++s) {
            store::AppendExecutionStep step{base, journal_done, {}};
            int journal_end = journal_per_execution * (s + 1) / steps;
            for (; journal_done < journal_end; ++journal_done)
                step.journal.push_back(journal_entry(journal_done, base));
            batch.push_back(std::move(step));
        }
    }
    return batch;
}

void report(benchmark::State& state, int64_t executions) {
    state.counters["executions/s"] = benchmark::Counter(static_cast<double>(executions), benchmark::Counter::kIsRate);
    state.counters["journal_entries/s"] = benchmark::Counter(
        static_cast<double>(executions * journal_per_execution), benchmark::Counter::kIsRate);
}

// range(0) appends per execution in the batch (1 = the record and everything
// at once; 5 = five steps, the record upserted each time, as when several
// steps of one execution share a batch); range(1) 1 = checkpoints on the
// store's background thread, 0 = inside the commits (SQLite's default).
void BM_ApplyBatches(benchmark::State& state) {
    BenchDatabase database;
    store::SqliteOptions options;
    options.background_checkpoints = state.range(1) != 0;
    auto store = store::open_sqlite(database.path(), options);
    int steps = static_cast<int>(state.range(0));
    int64_t next = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto batch = batch_of(next, steps);
        state.ResumeTiming();
        store->apply(batch);
        next += executions_per_batch;
    }
    report(state, next);
}
BENCHMARK(BM_ApplyBatches)
    ->ArgNames({"steps", "background_checkpoints"})
    ->Args({1, 1})
    ->Args({1, 0})
    ->Args({5, 1})
    ->Args({5, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// apply() while range(0) threads read what GetExecutionHistory of an ended
// execution reads (its record and journal, to replay) for a recent one; range(1) reader connections (0 = reads wait for the writer's
// connection). Reports the reads' rate and mean latency.
void BM_ApplyWhileReading(benchmark::State& state) {
    BenchDatabase database;
    auto store = store::open_sqlite(database.path(), store::SqliteOptions{static_cast<size_t>(state.range(1))});
    std::atomic<int64_t> written{0};
    std::atomic<int64_t> reads{0};
    std::atomic<int64_t> read_ns{0};
    std::atomic<bool> stop{false};
    store->apply(batch_of(0, 1));
    written = executions_per_batch;
    std::vector<std::thread> readers;
    for (int r = 0; r < state.range(0); ++r) {
        readers.emplace_back([&, r] {
            int64_t i = r;
            while (!stop) {
                auto started = std::chrono::steady_clock::now();
                int64_t n = written.load() - 1 - (i++ * 37) % executions_per_batch;
                auto arn = record(n).arn;
                benchmark::DoNotOptimize(store->get_execution(arn));
                benchmark::DoNotOptimize(store->journal(arn));
                read_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                                started)
                               .count();
                ++reads;
            }
        });
    }
    int64_t reads_before = reads;
    int64_t read_ns_before = read_ns;
    for (auto _ : state) {
        state.PauseTiming();
        auto batch = batch_of(written, 1);
        state.ResumeTiming();
        store->apply(batch);
        written += executions_per_batch;
    }
    int64_t reads_done = reads - reads_before;
    int64_t read_ns_spent = read_ns - read_ns_before;
    stop = true;
    for (auto& reader : readers) reader.join();
    report(state, written - executions_per_batch);
    state.counters["reads/s"] = benchmark::Counter(static_cast<double>(reads_done), benchmark::Counter::kIsRate);
    state.counters["read_us"] = reads_done ? static_cast<double>(read_ns_spent) / static_cast<double>(reads_done) / 1000 : 0;
}
BENCHMARK(BM_ApplyWhileReading)
    ->ArgNames({"reader_threads", "reader_connections"})
    ->Args({2, 0})
    ->Args({2, 4})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
