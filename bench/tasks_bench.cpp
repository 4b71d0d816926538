// Local Lambda runners: what a warm invocation costs beyond the handler's own
// time (the handlers here return their event at once).
//   stepwise-bench-tasks --benchmark_filter=Node
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include "json/parse.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/language_worker_pool.h"

using namespace stepwise;
using namespace stepwise::tasks;

namespace {

struct Fixture {
    std::string dir;
    std::shared_ptr<ProjectConfig> project;
    std::unique_ptr<LambdaDispatcher> dispatcher;

    Fixture() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "stepwise-bench-XXXXXX").string();
        dir = ::mkdtemp(tmpl.data());
        std::ofstream(dir + "/echo.js") << "exports.handler = async (event) => event;\n";
        std::ofstream(dir + "/echo.py") << "def handler(event, context):\n    return event\n";
        std::string json_text = R"({"functions": {
            "Node": {"runtime": "nodejs", "handler": "echo.handler", "timeout": 30},
            "Python": {"runtime": "python", "handler": "echo.handler", "timeout": 30},
            "Command": {"runtime": "command", "command": ["cat"], "timeout": 30}}})";
        project = std::make_shared<ProjectConfig>(ProjectConfig::from_json(json::parse(json_text), dir));
        dispatcher = std::make_unique<LambdaDispatcher>(project);
    }
    ~Fixture() {
        dispatcher.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

const std::string kEvent = R"({"orderId":"ORD-2025-0004817","customerId":"CUST-0088213","vehiclePrice":61235.75,"addOns":[{"code":"TOW-PKG","price":1250}]})";

// CPU seconds (user + system) a process has used, from /proc/<pid>/stat.
double cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt
    double utime = 0, stime = 0;
    fields >> utime >> stime;
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

void warm_round_trip(benchmark::State& state, const char* function) {
    Fixture& f = fixture();
    InvokeResult first = f.dispatcher->invoke_function(function, kEvent);  // cold start, not timed
    if (first.status != InvokeResult::Status::Ok) {
        state.SkipWithError(("cannot run " + std::string(function) + ": " + first.payload + first.cause).c_str());
        return;
    }
    // The worker's own CPU per invocation: unlike wall time, it does not
    // depend on how busy the machine's other processes keep the scheduler.
    auto* pool = dynamic_cast<WorkerPool*>(f.dispatcher->runner(function));
    int pid = pool && pool->idle_pids().size() == 1 ? pool->idle_pids()[0] : 0;
    double worker_cpu = pid ? cpu_seconds(pid) : 0;
    for (auto _ : state) {
        InvokeResult r = f.dispatcher->invoke_function(function, kEvent);
        benchmark::DoNotOptimize(r.payload.data());
    }
    if (pid) {
        state.counters["worker_cpu_us"] = benchmark::Counter(
            (cpu_seconds(pid) - worker_cpu) * 1e6 / static_cast<double>(state.iterations()));
    }
}

void BM_NodeWarmRoundTrip(benchmark::State& state) { warm_round_trip(state, "Node"); }
void BM_PythonWarmRoundTrip(benchmark::State& state) { warm_round_trip(state, "Python"); }
void BM_CommandRoundTrip(benchmark::State& state) { warm_round_trip(state, "Command"); }

// The whole Task path: lambda:invoke parameters in, AWS-shaped result out.
void BM_NodeLambdaInvokeTask(benchmark::State& state) {
    Fixture& f = fixture();
    TaskRequest request;
    request.state_name = "Validate";
    static const asl::Resource invoke = *asl::parse_resource("arn:aws:states:::lambda:invoke");
    request.resource = &invoke;
    request.parameters = json::parse(R"({"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:Node","Payload":)" + kEvent + "}");
    if (f.dispatcher->invoke(request).kind != TaskOutcome::Kind::Succeeded) {
        state.SkipWithError("lambda:invoke failed");
        return;
    }
    for (auto _ : state) {
        TaskOutcome o = f.dispatcher->invoke(request);
        benchmark::DoNotOptimize(o.result);
    }
}

}  // namespace

BENCHMARK(BM_NodeWarmRoundTrip)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PythonWarmRoundTrip)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NodeLambdaInvokeTask)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CommandRoundTrip)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
