#include "cli/run_ui.h"

#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "api/local_cloud.h"
#include "api/ui/bus_activity.h"
#include "aws/scope.h"
#include "aws/uri.h"
#include "cli/run_events.h"
#include "cli/trace.h"
#include "cli/stop_signals.h"
#include "engine/execution.h"
#include "json/parse.h"
#include "json/write.h"
#include "runtime/execution_host.h"
#include "tasks/endpoint_invoker.h"

namespace stepwise::cli {
namespace {

namespace fs = std::filesystem;

int complain(const std::string& message) {
    std::cerr << "stepwise run: " << message << "\n";
    return 2;
}

// A fresh directory under the system's temporary one, removed with everything in it.
class TemporaryDir {
public:
    TemporaryDir() {
        std::string pattern = (fs::temp_directory_path() / "stepwise-ui-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary directory in " + pattern);
        path_ = pattern;
    }
    ~TemporaryDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TemporaryDir(const TemporaryDir&) = delete;
    TemporaryDir& operator=(const TemporaryDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// An AWS JSON 1.0 Step Functions call answered in process; its result, or the error's message.
json::Value sfn_call(api::LocalCloud& cloud, const std::string& operation, const json::Value& body) {
    api::Request request;
    request.service = "AWSStepFunctions";
    request.operation = operation;
    request.method = "POST";
    request.path = "/";
    request.body = json::dump(body);
    api::Response response = cloud.call(std::move(request));
    auto answer = json::try_parse(response.body);
    if (response.status != 200) {
        const json::Value* message = answer ? answer->find("message") : nullptr;
        throw std::runtime_error(operation + ": " +
                                 (message && message->is_string() ? std::string(message->as_string()) : response.body));
    }
    if (!answer) throw std::runtime_error(operation + ": not JSON: " + response.body);
    return *answer;
}

std::string text_of(const json::Value& value, std::string_view key) {
    const json::Value* v = value.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// "arn:aws:states:..." with ':' and other reserved characters %-escaped, as the page's routes take it.
// The ended execution as `stepwise run` reports it, for the trace.
runtime::RunResult result_of(const engine::Execution& exec, const std::string& state_machine_arn,
                             const std::string& test_case) {
    runtime::RunResult result;
    result.status = exec.status();
    if (result.status == engine::Status::Succeeded) result.output = exec.output();
    result.error = exec.error();
    result.cause = exec.cause();
    result.history = exec.history();
    result.history_context = exec.history_context();
    result.execution_arn = exec.execution_arn();
    result.state_machine_arn = state_machine_arn;
    result.start_ms = exec.start_ms();
    result.end_ms = exec.end_ms();
    result.machine = exec.machine();
    result.test_case = test_case;
    return result;
}

// What the execution's events:putEvents Tasks put, as `stepwise run` lists them (not its status changes).
std::vector<json::Value> events_put_by(const api::LocalCloud& cloud, const std::string& execution_arn,
                                       events::SchemaMode mode) {
    std::vector<PutEvent> put;
    for (const events::EventPut& p : cloud.bus_activity().puts_sent_by(execution_arn)) {
        if (text_of(p.event, "source") == "aws.states" &&
            text_of(p.event, "detail-type") == "Step Functions Execution Status Change")
            continue;
        put.push_back(PutEvent{p.event, p.schema ? p.schema->registry + "/" + p.schema->name : "",
                               p.schema ? events::schema_problem(*p.schema) : "", p.rejected,
                               mode != events::SchemaMode::Off});
    }
    return events_json(put);
}

void print_result(const runtime::RunResult& result, const UiRun& run, std::chrono::steady_clock::time_point started) {
    if (run.trace == "json") {
        std::cout << json::pretty(result.history_json()) << std::endl;
        return;
    }
    TraceStyle style = detect_trace_style(STDOUT_FILENO, run.full);
    style.real_times = !run.no_timing;
    style.real_elapsed_micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    print_trace(std::cout, result, style);
    std::cout.flush();
}

api::LocalCloudOptions cloud_options(const UiRun& run, const TemporaryDir& dir) {
    api::LocalCloudOptions o;
    o.host = "127.0.0.1";
    o.port = run.port;
    o.data_dir = dir.path().string();
    o.database = (dir.path() / "stepwise.db").string();
    o.virtual_time = true;  // Waits take no time, as in `stepwise run`
    o.scope = run.world->scope();
    o.mocks = run.mocks.mocks;
    o.project = run.world->project();
    o.endpoints = endpoint_options(run.world->project().get(), run.allowed_http_hosts);
    o.schemas = run.schemas;
    o.schema_dirs = run.world->schema_dirs();
    if (run.world->s3()) o.s3_dir = run.world->s3()->root().string();
    o.retention_days = 0;
    for (const engine::Breakpoint& b : run.breakpoints)
        o.breakpoints.push_back(api::BreakRule{run.world->state_machine_name(), b});
    return o;
}

}  // namespace

int run_with_ui(const UiRun& run) {
    const sigset_t signals = block_stop_signals();  // taken by sigwait below

    std::unique_ptr<TemporaryDir> dir;
    std::unique_ptr<api::LocalCloud> cloud;
    std::string execution_arn, state_machine_arn;
    try {
        dir = std::make_unique<TemporaryDir>();
        cloud = std::make_unique<api::LocalCloud>(cloud_options(run, *dir));
        for (const std::string& warning : cloud->warnings()) std::cerr << "stepwise run: " << warning << "\n";
        cloud->start();
    } catch (const std::exception& e) {
        return complain(std::string("--ui: ") + e.what());
    }
    std::string url = "http://127.0.0.1:" + std::to_string(cloud->port());
    setenv("STEPWISE_ENDPOINT_URL", url.c_str(), 1);  // local Lambda handlers call back here
    cloud->resume();

    std::mutex mutex;
    std::condition_variable wake;
    bool ended = false, stopping = false;
    auto started = std::chrono::steady_clock::now();
    try {
        const aws::Scope& scope = run.world->scope();
        json::Value created = sfn_call(
            *cloud, "CreateStateMachine",
            json::Value(json::Object{{"name", json::Value(run.world->state_machine_name())},
                                     {"definition", json::Value(json::dump(run.world->machine()->definition))},
                                     {"roleArn", json::Value("arn:aws:iam::" + scope.account + ":role/stepwise-run")}}));
        state_machine_arn = text_of(created, "stateMachineArn");
        json::Object start{{"stateMachineArn", json::Value(state_machine_arn + (run.mocks.test_case.empty()
                                                                                     ? ""
                                                                                     : "#" + run.mocks.test_case))},
                           {"input", json::Value(json::dump(run.input))}};
        if (!run.execution_name.empty()) start.set("name", json::Value(run.execution_name));
        execution_arn = text_of(sfn_call(*cloud, "StartExecution", json::Value(std::move(start))), "executionArn");
    } catch (const std::exception& e) {
        return complain(std::string("--ui: ") + e.what());
    }
    std::cerr << "stepwise run: serving from " << dir->path().string() << " (deleted at exit); Ctrl-C to stop\n";
    std::cerr << "stepwise: web page at " << url << "/#/executions/" << aws::uri_encode(execution_arn) << std::endl;

    cloud->host().watch_end(execution_arn, [&](const store::ExecutionRecord&) {
        std::lock_guard lock(mutex);
        ended = true;
        wake.notify_all();
    });
    int exit_code = 0;
    std::thread reporter([&] {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return ended || stopping; });
        if (!ended) return;
        lock.unlock();
        std::shared_ptr<const engine::Execution> exec = cloud->host().ended_execution(execution_arn);
        if (!exec) {
            exit_code = 1;
            std::cerr << "stepwise run: the execution ended but its history cannot be read\n";
            return;
        }
        runtime::RunResult result = result_of(*exec, state_machine_arn, run.mocks.test_case);
        result.events = events_put_by(*cloud, execution_arn, run.schemas);
        print_result(result, run, started);
        exit_code = result.status == engine::Status::Succeeded ? 0 : 1;
        std::cerr << "stepwise run: the execution ended; the page stays at " << url << "/ until Ctrl-C" << std::endl;
    });

    int signal = 0;
    sigwait(&signals, &signal);
    bool finished;
    {
        std::lock_guard lock(mutex);
        stopping = true;
        finished = ended;
        wake.notify_all();
    }
    reporter.join();
    if (!finished) {
        std::cerr << "stepwise run: stopped before the execution ended\n";
        exit_code = 128 + signal;
    }
    cloud->stop();
    cloud.reset();
    dir.reset();
    return exit_code;
}

}  // namespace stepwise::cli
