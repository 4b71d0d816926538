// Child processes for the local Lambda runners: spawn with pipes in a process
// group of their own, write and read with deadlines (poll, never blocking
// forever), kill the whole group, reap.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stepwise::tasks {

using Clock = std::chrono::steady_clock;

// The executable could not be started (not found, not executable, bad cwd).
class SpawnError : public std::runtime_error {
public:
    SpawnError(std::string message, int error_number)
        : std::runtime_error(std::move(message)), error_number_(error_number) {}
    int error_number() const noexcept { return error_number_; }

private:
    int error_number_;
};

struct SpawnOptions {
    std::vector<std::string> argv;  // argv[0] is looked up on PATH when it has no '/'
    std::string cwd;                // empty: inherit
    // Variables set on top of the inherited environment (or instead of it).
    std::vector<std::pair<std::string, std::string>> env;
    bool inherit_env = true;
    // Gives the child a 4th descriptor, fd 3, whose data the parent reads
    // from protocol_fd() (the runtime workers answer there, so the handler's
    // stdout cannot corrupt the protocol).
    bool protocol_pipe = false;
    // The child's stderr goes to the same pipe as its stdout.
    bool merge_stderr = false;
};

// One readable pipe end and what has come out of it so far.
struct PipeReader {
    int fd = -1;
    std::string data;
    bool eof = false;
};

enum class ReadStatus { Data, Timeout, Closed };

// Waits until at least one open reader has data or reaches EOF (Data), all
// are closed (Closed), or the deadline passes (Timeout); then reads whatever
// is available from every ready reader without blocking.
ReadStatus read_some(std::span<PipeReader* const> readers, Clock::time_point deadline);

// "exit status 1", "signal: killed", as Lambda words a runtime's end.
std::string describe_wait_status(int status);

class Process {
public:
    // Throws SpawnError.
    static Process spawn(const SpawnOptions& options);

    Process() = default;
    Process(Process&& other) noexcept;
    Process& operator=(Process&& other) noexcept;
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process();  // kills the group and reaps when still running

    pid_t pid() const noexcept { return pid_; }
    bool running() const noexcept { return pid_ > 0 && !status_; }

    PipeReader& out() noexcept { return out_; }
    PipeReader& err() noexcept { return err_; }    // unused (fd -1) with merge_stderr
    PipeReader& proto() noexcept { return proto_; }  // fd -1 without protocol_pipe

    // Writes everything to the child's stdin; false when the child closed it
    // (exited) or the deadline passed (`timed_out` says which). While waiting
    // for room in the pipe, output of the child is drained into the readers
    // so a chatty child cannot deadlock the exchange.
    bool write_stdin(std::string_view data, Clock::time_point deadline, bool* timed_out = nullptr);
    void close_stdin();

    // Non-blocking check for exit; the wait status once exited.
    std::optional<int> poll_exit();
    // Waits for exit until the deadline (polling waitpid).
    std::optional<int> wait_exit(Clock::time_point deadline);
    // SIGKILL to the whole process group, then reap (bounded wait).
    void kill_group();
    std::optional<int> exit_status() const noexcept { return status_; }

private:
    void close_all() noexcept;

    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    PipeReader out_, err_, proto_;
    std::optional<int> status_;
};

}  // namespace stepwise::tasks
