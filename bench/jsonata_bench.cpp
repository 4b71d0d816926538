// JSONata evaluation throughput over ../shared/conformance/jsonata/bench-set.json.
// Each expression is compiled once, its result checked once, warmed up, then
// evaluated repeatedly for about `--seconds` (default 0.5) per expression.
// Prints evaluations per second per expression and the geometric mean.
// Time is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so a busy shared
// machine slows the run down without skewing the figures much.
//
//   stepwise-bench-jsonata [--seconds S] [--filter TEXT] [BENCH_SET_JSON]
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "jsonata/expression.h"
#include "json/parse.h"
#include "json/write.h"

using namespace stepwise;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::string path = std::string(STEPWISE_SHARED_DIR) + "/conformance/jsonata/bench-set.json";
    double seconds = 0.5;
    std::string filter;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--filter") && i + 1 < argc) filter = argv[++i];
        else path = argv[i];
    }
    json::Value set = json::parse_file(path);
    fs::path datasets = fs::path(path).parent_path() / "datasets";
    jsonata::EvalOptions options;
    options.now_ms = 1.7e12;

    std::printf("%-28s %-28s %14s %12s\n", "name", "category", "evals/s", "us/eval");
    double log_sum = 0;
    int count = 0, mismatches = 0;
    for (const auto& entry : set.find("entries")->as_array()) {
        std::string name(entry.find("name")->as_string());
        if (!filter.empty() && name.find(filter) == std::string::npos) continue;
        std::string category(entry.find("category") ? entry.find("category")->as_string() : "");
        std::optional<json::Value> input;
        if (const json::Value* data = entry.find("data")) input = *data;
        else if (const json::Value* ds = entry.find("dataset"); ds && ds->is_string())
            input = json::parse_file((datasets / (std::string(ds->as_string()) + ".json")).string());
        jsonata::Bindings bindings;
        if (const json::Value* b = entry.find("bindings"); b && b->is_object())
            for (const auto& m : b->as_object()) bindings.set(std::string(m.name()), m.value);
        const json::Value* in = input ? &*input : nullptr;

        auto expr = jsonata::Expression::compile(entry.find("expr")->as_string());
        auto first = expr.evaluate(in, bindings, options);
        const json::Value* expected = entry.find("result");
        if (expected && (!first || !(*first == *expected))) {
            std::printf("%-28s result mismatch: %s\n", name.c_str(), first ? json::dump(*first).substr(0, 80).c_str() : "undefined");
            ++mismatches;
        }
        // warm-up, then timed batches until the time budget is used
        for (int i = 0; i < 3; ++i) expr.evaluate(in, bindings, options);
        long iterations = 0;
        auto cpu_now = [] {
            timespec ts;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
        };
        double start = cpu_now();
        double elapsed = 0;
        long batch = 1;
        while (elapsed < seconds) {
            for (long i = 0; i < batch; ++i) expr.evaluate(in, bindings, options);
            iterations += batch;
            elapsed = cpu_now() - start;
            if (batch < 1024) batch *= 2;
        }
        double rate = static_cast<double>(iterations) / elapsed;
        std::printf("%-28s %-28s %14.0f %12.2f\n", name.c_str(), category.substr(0, 28).c_str(), rate, 1e6 / rate);
        log_sum += std::log(rate);
        ++count;
    }
    if (count) std::printf("\ngeometric mean: %.0f evals/s over %d expressions%s\n", std::exp(log_sum / count), count,
                           mismatches ? " (with result mismatches!)" : "");
    return mismatches ? 1 : 0;
}
