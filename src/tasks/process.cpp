#include "tasks/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

extern char** environ;

namespace stepwise::tasks {
namespace {

// Writing to a pipe whose reader died raises SIGPIPE, which would end the
// whole program; ignore it once (children get the default back, below).
void ignore_sigpipe_once() {
    static std::once_flag flag;
    std::call_once(flag, [] {
        struct sigaction current {};
        if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
            signal(SIGPIPE, SIG_IGN);
        }
    });
}

void close_fd(int& fd) noexcept {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

struct PipePair {
    int read = -1, write = -1;
    ~PipePair() {
        close_fd(read);
        close_fd(write);
    }
};

void make_pipe(PipePair& p) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw SpawnError(std::string("pipe: ") + std::strerror(errno), errno);
    p.read = fds[0];
    p.write = fds[1];
}

int remaining_ms(Clock::time_point deadline) {
    auto now = Clock::now();
    if (now >= deadline) return 0;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    return ms > 1000000 ? 1000000 : static_cast<int>(ms);
}

// Reads everything available right now; true when something happened.
bool drain(PipeReader& r) {
    bool any = false;
    char buffer[65536];
    while (r.fd >= 0 && !r.eof) {
        ssize_t n = ::read(r.fd, buffer, sizeof buffer);
        if (n > 0) {
            r.data.append(buffer, static_cast<size_t>(n));
            any = true;
            continue;
        }
        if (n == 0) {
            r.eof = true;
            return true;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        r.eof = true;  // EBADF, EIO: treat as closed
        return true;
    }
    return any;
}

}  // namespace

ReadStatus read_some(std::span<PipeReader* const> readers, Clock::time_point deadline) {
    for (;;) {
        pollfd fds[8];
        PipeReader* owners[8];
        nfds_t n = 0;
        for (PipeReader* r : readers) {
            if (r && r->fd >= 0 && !r->eof && n < 8) {
                fds[n] = {r->fd, POLLIN, 0};
                owners[n++] = r;
            }
        }
        if (n == 0) return ReadStatus::Closed;
        int timeout = remaining_ms(deadline);
        int rc = ::poll(fds, n, timeout);
        if (rc < 0) {
            if (errno == EINTR) continue;
            return ReadStatus::Closed;
        }
        if (rc == 0) {
            if (Clock::now() >= deadline) return ReadStatus::Timeout;
            continue;
        }
        bool any = false;
        for (nfds_t i = 0; i < n; ++i) {
            if (fds[i].revents) any |= drain(*owners[i]);
        }
        if (any) return ReadStatus::Data;
    }
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        static const std::map<int, const char*> names = {
            {SIGKILL, "killed"}, {SIGSEGV, "segmentation fault"}, {SIGABRT, "aborted"},
            {SIGTERM, "terminated"}, {SIGBUS, "bus error"}, {SIGINT, "interrupt"}, {SIGPIPE, "broken pipe"}};
        auto it = names.find(sig);
        return std::string("signal: ") + (it != names.end() ? it->second : ("signal " + std::to_string(sig)).c_str());
    }
    return "exited";
}

Process Process::spawn(const SpawnOptions& options) {
    ignore_sigpipe_once();
    if (options.argv.empty() || options.argv[0].empty()) throw SpawnError("no command to run", EINVAL);
    if (!options.cwd.empty()) {
        struct stat st {};
        if (::stat(options.cwd.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
            throw SpawnError("working directory " + options.cwd + " does not exist", ENOENT);
        }
    }

    PipePair in, out, err, proto;
    make_pipe(in);
    make_pipe(out);
    if (!options.merge_stderr) make_pipe(err);
    if (options.protocol_pipe) make_pipe(proto);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.read, 0);
    posix_spawn_file_actions_adddup2(&actions, out.write, 1);
    posix_spawn_file_actions_adddup2(&actions, options.merge_stderr ? out.write : err.write, 2);
    if (options.protocol_pipe) posix_spawn_file_actions_adddup2(&actions, proto.write, 3);
    // Belt and braces beside O_CLOEXEC: the child keeps only what it needs, so no
    // listening socket, connection or database file of the server leaks into it
    // (one opened by a library without O_CLOEXEC, or by another thread meanwhile).
    posix_spawn_file_actions_addclosefrom_np(&actions, options.protocol_pipe ? 4 : 3);
    if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigemptyset(&empty);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    // Environment: inherited variables, then the overrides (later wins).
    std::map<std::string, std::string> env;
    if (options.inherit_env) {
        for (char** e = environ; e && *e; ++e) {
            std::string_view kv(*e);
            auto eq = kv.find('=');
            if (eq == std::string_view::npos) continue;
            env[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
        }
    }
    for (const auto& [k, v] : options.env) env[k] = v;
    std::vector<std::string> env_strings;
    env_strings.reserve(env.size());
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<char*> argv;
    std::vector<std::string> args = options.argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_t pid = -1;
    int rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        throw SpawnError("cannot run " + options.argv[0] + ": " + std::strerror(rc), rc);
    }

    Process p;
    p.pid_ = pid;
    p.stdin_fd_ = in.write;
    in.write = -1;
    p.out_.fd = out.read;
    out.read = -1;
    if (!options.merge_stderr) {
        p.err_.fd = err.read;
        err.read = -1;
    } else {
        p.err_.eof = true;
    }
    if (options.protocol_pipe) {
        p.proto_.fd = proto.read;
        proto.read = -1;
    } else {
        p.proto_.eof = true;
    }
    set_nonblocking(p.stdin_fd_);
    for (PipeReader* r : {&p.out_, &p.err_, &p.proto_}) {
        if (r->fd >= 0) set_nonblocking(r->fd);
    }
    return p;  // the child ends close with the PipePairs
}

Process::Process(Process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      stdin_fd_(std::exchange(other.stdin_fd_, -1)),
      out_(std::move(other.out_)),
      err_(std::move(other.err_)),
      proto_(std::move(other.proto_)),
      status_(std::exchange(other.status_, std::nullopt)) {
    other.out_.fd = other.err_.fd = other.proto_.fd = -1;
}

Process& Process::operator=(Process&& other) noexcept {
    if (this != &other) {
        if (running()) kill_group();
        close_all();
        pid_ = std::exchange(other.pid_, -1);
        stdin_fd_ = std::exchange(other.stdin_fd_, -1);
        out_ = std::move(other.out_);
        err_ = std::move(other.err_);
        proto_ = std::move(other.proto_);
        status_ = std::exchange(other.status_, std::nullopt);
        other.out_.fd = other.err_.fd = other.proto_.fd = -1;
    }
    return *this;
}

Process::~Process() {
    if (running()) kill_group();
    close_all();
}

void Process::close_all() noexcept {
    close_fd(stdin_fd_);
    close_fd(out_.fd);
    close_fd(err_.fd);
    close_fd(proto_.fd);
}

bool Process::write_stdin(std::string_view data, Clock::time_point deadline, bool* timed_out) {
    if (timed_out) *timed_out = false;
    size_t offset = 0;
    while (offset < data.size()) {
        if (stdin_fd_ < 0) return false;
        ssize_t n = ::write(stdin_fd_, data.data() + offset, data.size() - offset);
        if (n > 0) {
            offset += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd fds[4];
            PipeReader* owners[4];
            nfds_t count = 1;
            fds[0] = {stdin_fd_, POLLOUT, 0};
            for (PipeReader* r : {&out_, &err_, &proto_}) {
                if (r->fd >= 0 && !r->eof) {
                    fds[count] = {r->fd, POLLIN, 0};
                    owners[count++] = r;
                }
            }
            int rc = ::poll(fds, count, remaining_ms(deadline));
            if (rc == 0 && Clock::now() >= deadline) {
                if (timed_out) *timed_out = true;
                return false;
            }
            for (nfds_t i = 1; i < count; ++i) {
                if (fds[i].revents) drain(*owners[i]);
            }
            if (fds[0].revents & (POLLERR | POLLHUP)) return false;
            continue;
        }
        return false;  // EPIPE: the child is gone
    }
    return true;
}

void Process::close_stdin() { close_fd(stdin_fd_); }

std::optional<int> Process::poll_exit() {
    if (status_) return status_;
    if (pid_ <= 0) return std::nullopt;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) status_ = status;
    else if (r < 0 && errno == ECHILD) status_ = 0;  // reaped elsewhere
    return status_;
}

std::optional<int> Process::wait_exit(Clock::time_point deadline) {
    auto pause = std::chrono::microseconds(50);
    for (;;) {
        if (auto s = poll_exit()) return s;
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(pause);
        if (pause < std::chrono::milliseconds(5)) pause *= 2;
    }
}

void Process::kill_group() {
    if (pid_ <= 0 || status_) return;
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    wait_exit(Clock::now() + std::chrono::seconds(5));
}

}  // namespace stepwise::tasks
