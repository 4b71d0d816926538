#include "tasks/language_worker_pool.h"

#include <algorithm>
#include <chrono>

#include "json/write.h"
#include "tasks/lambda_environment.h"
#include "tasks/lambda_errors.h"

namespace stepwise::tasks {
namespace {

int64_t epoch_ms_at(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    return (now + left).count();
}

const std::string kMarker = "\x1fSTEPWISE_END ";

}  // namespace

struct WorkerPool::Worker {
    Process process;
    bool initialized = false;  // the "I" line was read
    std::string carried_logs;  // output printed between invocations
};

WorkerPool::WorkerPool(FunctionConfig function, WorkerLaunch launch)
    : function_(std::move(function)), launch_(std::move(launch)) {}

WorkerPool::~WorkerPool() = default;

std::vector<int> WorkerPool::idle_pids() const {
    std::lock_guard lock(mutex_);
    std::vector<int> pids;
    for (const auto& w : idle_) pids.push_back(w->process.pid());
    return pids;
}

std::unique_ptr<WorkerPool::Worker> WorkerPool::acquire(const InvokeRequest& request, bool& reserved) {
    reserved = false;
    std::unique_lock lock(mutex_);
    for (;;) {
        while (!idle_.empty()) {
            std::unique_ptr<Worker> w = std::move(idle_.back());
            idle_.pop_back();
            if (!w->process.poll_exit()) return w;  // still alive: warm
            --live_;  // died while idle (e.g. exited from a timer): forget it
            lock.unlock();
            w.reset();
            lock.lock();
        }
        if (live_ < std::max(1, function_.concurrency)) {
            ++live_;
            reserved = true;
            return nullptr;
        }
        if (request.state_deadline) {
            if (freed_.wait_until(lock, *request.state_deadline) == std::cv_status::timeout &&
                idle_.empty() && live_ >= std::max(1, function_.concurrency)) {
                return nullptr;
            }
        } else {
            freed_.wait(lock);
        }
    }
}

void WorkerPool::release(std::unique_ptr<Worker> worker) {
    {
        std::lock_guard lock(mutex_);
        if (worker) idle_.push_back(std::move(worker));
        else --live_;
    }
    freed_.notify_one();
}

std::unique_ptr<WorkerPool::Worker> WorkerPool::spawn_worker() const {
    SpawnOptions options;
    options.argv = launch_.argv;
    options.env = launch_.env;
    options.cwd = launch_.cwd;
    options.protocol_pipe = true;
    options.merge_stderr = true;
    auto worker = std::make_unique<Worker>();
    worker->process = Process::spawn(options);
    return worker;
}

void WorkerPool::prewarm() {
    {
        std::lock_guard lock(mutex_);
        if (live_ > 0) return;
        ++live_;
    }
    try {
        release(spawn_worker());  // idle, not yet initialized: the first invoke reads its "I" line
    } catch (const SpawnError&) {
        release(nullptr);  // the first invoke reports the problem
    }
}

InvokeResult WorkerPool::invoke(const InvokeRequest& request) {
    bool reserved = false;
    std::unique_ptr<Worker> worker = acquire(request, reserved);
    if (!worker && !reserved) return InvokeResult::state_timed_out();
    if (!worker) {
        try {
            worker = spawn_worker();
        } catch (const SpawnError& e) {
            release(nullptr);
            return InvokeResult::function_error(error_document(
                "Runtime.InvalidEntrypoint", "stepwise: cannot start the " + std::string(runtime_name(function_.runtime)) +
                                                 " worker for function " + function_.name + ": " + e.what() + ". " +
                                                 launch_.missing_hint));
        }
    }
    InvokeRequest timed = request;
    if (!worker->initialized) {
        // Lambda's init phase (starting the runtime, loading the handler) has
        // its own limit of 10 s; the function's timeout starts after it.
        Clock::time_point init_deadline = Clock::now() + std::chrono::seconds(10);
        if (request.state_deadline && *request.state_deadline < init_deadline) init_deadline = *request.state_deadline;
        Process& p = worker->process;
        PipeReader* both[] = {&p.proto(), &p.out()};
        while (p.proto().data.find('\n') == std::string::npos) {
            ReadStatus status = read_some(both, init_deadline);
            if (status != ReadStatus::Data) break;
        }
        size_t nl = p.proto().data.find('\n');
        if (nl != std::string::npos && p.proto().data.rfind("I ", 0) == 0) {
            p.proto().data.erase(0, nl + 1);
            worker->initialized = true;
            auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(function_.timeout_seconds));
            if (Clock::now() + timeout > timed.function_deadline) timed.function_deadline = Clock::now() + timeout;
        } else if (Clock::now() >= init_deadline) {
            p.kill_group();
            read_some(both, Clock::now());
            InvokeResult r = request.state_deadline && Clock::now() >= *request.state_deadline
                                 ? InvokeResult::state_timed_out()
                                 : InvokeResult::function_error(error_document(
                                       "Sandbox.Timedout", "RequestId: " + request.request_id +
                                                               " Error: the init phase (starting the runtime and loading the handler) "
                                                               "timed out after 10.00 seconds"));
            r.logs = split_log_lines(p.out().data);
            worker.reset();
            release(nullptr);
            return r;
        }
        // Otherwise the worker died during init: run() reports the exit.
    }
    bool keep = false;
    InvokeResult result = run(*worker, timed, keep);
    if (!keep) worker.reset();  // kill and reap outside the lock
    release(std::move(worker));
    return result;
}

InvokeResult WorkerPool::run(Worker& worker, const InvokeRequest& request, bool& keep) {
    keep = false;
    Process& p = worker.process;
    Clock::time_point deadline = request.function_deadline;
    bool state_first = request.state_deadline && *request.state_deadline < deadline;
    if (state_first) deadline = *request.state_deadline;

    // Output printed since the last invocation belongs to this one.
    PipeReader* both[] = {&p.proto(), &p.out()};
    read_some(both, Clock::now());
    std::string logs = std::move(worker.carried_logs);
    logs += p.out().data;
    p.out().data.clear();
    worker.carried_logs.clear();

    std::string line = "{\"id\":";
    json::append_quoted(line, request.request_id);
    line += ",\"deadline\":" + std::to_string(epoch_ms_at(request.function_deadline)) + ",\"arn\":";
    json::append_quoted(line, request.invoked_arn);
    line += ",\"event\":";
    line += request.payload.empty() ? "{}" : request.payload;
    line += "}\n";

    auto finish_logs = [&](InvokeResult r) {
        logs += p.out().data;
        p.out().data.clear();
        size_t marker = logs.find(kMarker + request.request_id + "\n");
        if (marker != std::string::npos) {
            worker.carried_logs = logs.substr(marker + kMarker.size() + request.request_id.size() + 1);
            logs.resize(marker);
        }
        r.logs = split_log_lines(logs);
        return r;
    };
    auto timed_out = [&]() {
        p.kill_group();
        read_some(both, Clock::now());
        if (state_first) return finish_logs(InvokeResult::state_timed_out());
        return finish_logs(InvokeResult::function_error(timeout_document(request.request_id, function_.timeout_seconds)));
    };
    auto crashed = [&]() {
        p.close_stdin();
        auto status = p.wait_exit(Clock::now() + std::chrono::seconds(2));
        if (!status) {
            p.kill_group();
            status = p.exit_status();
        }
        read_some(both, Clock::now());
        return finish_logs(InvokeResult::function_error(
            exit_document(request.request_id, status ? describe_wait_status(*status) : "signal: killed")));
    };

    bool write_timed_out = false;
    if (!p.write_stdin(line, deadline, &write_timed_out)) {
        return write_timed_out ? timed_out() : crashed();
    }

    // Wait for the answer line on the protocol pipe.
    std::string& proto = p.proto().data;
    size_t newline;
    while ((newline = proto.find('\n')) == std::string::npos) {
        ReadStatus status = read_some(both, deadline);
        if (status == ReadStatus::Timeout) return timed_out();
        if (p.proto().eof && proto.find('\n') == std::string::npos) return crashed();
        if (status == ReadStatus::Closed) return crashed();
    }
    std::string answer = proto.substr(0, newline);
    proto.erase(0, newline + 1);

    // "R <id> <text>"
    char kind = answer.empty() ? '?' : answer[0];
    size_t space = answer.find(' ', 2);
    std::string id = space == std::string::npos ? "" : answer.substr(2, space - 2);
    std::string text = space == std::string::npos ? "" : answer.substr(space + 1);
    if (id != request.request_id && kind != 'F') {
        p.kill_group();
        return finish_logs(InvokeResult::function_error(error_document(
            "Runtime.InvalidResponse", "stepwise: the worker of function " + function_.name +
                                           " answered out of turn (protocol error): " + answer.substr(0, 200))));
    }

    // The handler's output ends with the marker, written before the answer.
    std::string marker = kMarker + request.request_id + "\n";
    Clock::time_point log_deadline = Clock::now() + std::chrono::seconds(1);
    while (p.out().data.find(marker) == std::string::npos) {
        PipeReader* out_only[] = {&p.out()};
        if (read_some(out_only, log_deadline) != ReadStatus::Data) break;
    }

    switch (kind) {
        case 'R':
            keep = true;
            return finish_logs(InvokeResult::ok(std::move(text)));
        case 'E':
            keep = true;
            return finish_logs(InvokeResult::function_error(std::move(text)));
        case 'F':  // the worker exits by itself; make sure
            p.close_stdin();
            if (!p.wait_exit(Clock::now() + std::chrono::milliseconds(500))) p.kill_group();
            return finish_logs(InvokeResult::function_error(std::move(text)));
        default:
            p.kill_group();
            return finish_logs(InvokeResult::function_error(error_document(
                "Runtime.InvalidResponse", "stepwise: the worker of function " + function_.name +
                                               " wrote an unreadable answer (protocol error): " + answer.substr(0, 200))));
    }
}

}  // namespace stepwise::tasks
