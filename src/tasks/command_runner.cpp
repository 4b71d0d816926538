#include "tasks/command_runner.h"

#include <chrono>

#include "json/parse.h"
#include "tasks/lambda_environment.h"
#include "tasks/lambda_errors.h"

namespace stepwise::tasks {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string tail(std::string_view text, size_t max) {
    text = trim(text);
    if (text.size() <= max) return std::string(text);
    size_t start = text.size() - max;
    size_t nl = text.find('\n', start);
    if (nl != std::string_view::npos && nl + 1 < text.size()) start = nl + 1;
    return "..." + std::string(text.substr(start));
}

std::string command_text(const std::vector<std::string>& argv) {
    if (argv.size() == 3 && argv[0] == "/bin/sh" && argv[1] == "-c") return argv[2];
    std::string out;
    for (const auto& a : argv) {
        if (!out.empty()) out += ' ';
        out += a;
    }
    return out;
}

}  // namespace

CommandRunner::CommandRunner(FunctionConfig function, std::string region)
    : function_(std::move(function)), region_(std::move(region)) {}

InvokeResult CommandRunner::invoke(const InvokeRequest& request) {
    Clock::time_point deadline = request.function_deadline;
    bool state_first = request.state_deadline && *request.state_deadline < deadline;
    if (state_first) deadline = *request.state_deadline;

    SpawnOptions options;
    options.argv = function_.command;
    options.cwd = function_.code_dir;
    options.env = lambda_environment(function_, region_, "");
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(request.function_deadline - Clock::now());
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    options.env.emplace_back("STEPWISE_REQUEST_ID", request.request_id);
    options.env.emplace_back("STEPWISE_DEADLINE_MS", std::to_string((now + left).count()));
    options.env.emplace_back("STEPWISE_INVOKED_FUNCTION_ARN", request.invoked_arn);

    Process p;
    try {
        p = Process::spawn(options);
    } catch (const SpawnError& e) {
        return InvokeResult::function_error(error_document(
            "Runtime.InvalidEntrypoint", "stepwise: cannot run the command of function " + function_.name + " (" +
                                             command_text(function_.command) + "): " + e.what() +
                                             ". Check \"command\" and \"codeDir\" (and that the file is executable)."));
    }

    std::string event = request.payload.empty() ? "{}" : request.payload;
    bool write_timed_out = false;
    bool wrote = p.write_stdin(event, deadline, &write_timed_out);
    p.close_stdin();  // a command that does not read stdin is fine

    PipeReader* both[] = {&p.out(), &p.err()};
    bool timed_out = write_timed_out;
    while (!timed_out) {
        ReadStatus status = read_some(both, deadline);
        if (status == ReadStatus::Timeout) timed_out = true;
        if (status == ReadStatus::Closed) break;
    }
    std::optional<int> status;
    if (!timed_out) {
        status = p.wait_exit(deadline);
        if (!status) timed_out = true;
    }
    if (timed_out) {
        p.kill_group();
        read_some(both, Clock::now());
        InvokeResult r = state_first ? InvokeResult::state_timed_out()
                                     : InvokeResult::function_error(timeout_document(request.request_id, function_.timeout_seconds));
        r.logs = split_log_lines(p.err().data);
        return r;
    }
    (void)wrote;

    std::string_view out = trim(p.out().data);
    InvokeResult result;
    if (*status != 0) {
        // A JSON error document on stdout is the function's own error.
        if (auto doc = json::try_parse(out); doc && doc->is_object() && doc->find("errorType") &&
                                             doc->find("errorType")->is_string()) {
            result = InvokeResult::function_error(std::string(out));
        } else {
            std::string message = "Command " + command_text(function_.command) + " of function " + function_.name +
                                  " failed with " + describe_wait_status(*status);
            std::string err_tail = tail(p.err().data, 2048);
            message += err_tail.empty() ? " and wrote nothing on stderr" : ". stderr: " + err_tail;
            result = InvokeResult::function_error(error_document("Runtime.ExitError", message));
        }
    } else if (out.empty()) {
        result = InvokeResult::ok("null");
    } else {
        std::string parse_error;
        if (json::try_parse(out, &parse_error)) {
            result = InvokeResult::ok(std::string(out));
        } else {
            result = InvokeResult::function_error(error_document(
                "Runtime.MarshalError", "Unable to marshal response: the stdout of " + command_text(function_.command) +
                                            " (function " + function_.name + ") is not JSON: " + parse_error +
                                            ". It starts with: " + std::string(out.substr(0, 200)) +
                                            ". Print only the result JSON on stdout; write logs to stderr."));
        }
    }
    result.logs = split_log_lines(p.err().data);
    return result;
}

}  // namespace stepwise::tasks
