// stepwise-http-load: keeps N keep-alive HTTP/1.1 connections busy with one
// AWS JSON call and reports requests/s, latency percentiles and non-200s.
//
//   stepwise-http-load --url http://127.0.0.1:8083/ --target AWSStepFunctions.StartExecution
//       --body-template '{"stateMachineArn":"arn:...","name":"run-{n}"}' --connections 64 --threads 2 --duration 10
//
// Each thread drives its share of the connections with epoll; a connection
// sends its next request as soon as the previous answer is complete.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string host = "127.0.0.1";
    std::string port = "8083";
    std::string path = "/";
    std::string target;
    std::string content_type;
    std::string body = "{}";
    bool body_is_template = false;
    std::vector<std::string> headers;
    size_t connections = 64;
    size_t threads = 2;
    double duration_seconds = 10;
};

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr,
                 "%s\nusage: stepwise-http-load --url http://HOST:PORT/PATH [--target Service.Operation]\n"
                 "       [--body JSON | --body-file FILE | --body-template TEXT | --body-template-file FILE]\n"
                 "       [--content-type TYPE] [--header 'Name: value']... [--connections N] [--threads N]\n"
                 "       [--duration SECONDS]\n"
                 "A body template has each {n} replaced by a counter unique across the run.\n",
                 problem);
    std::exit(2);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) usage(("cannot read " + path).c_str());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void parse_url(std::string_view url, Options& options) {
    constexpr std::string_view kScheme = "http://";
    if (url.substr(0, kScheme.size()) != kScheme) usage("only http:// URLs are supported");
    url.remove_prefix(kScheme.size());
    auto slash = url.find('/');
    auto authority = url.substr(0, slash);
    options.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    auto colon = authority.rfind(':');
    options.host = std::string(authority.substr(0, colon));
    options.port = colon == std::string_view::npos ? "80" : std::string(authority.substr(colon + 1));
}

Options parse_arguments(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string_view name = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(("missing value for " + std::string(name)).c_str());
            return argv[++i];
        };
        if (name == "--url") parse_url(value(), options);
        else if (name == "--target") options.target = value();
        else if (name == "--content-type") options.content_type = value();
        else if (name == "--body") options.body = value();
        else if (name == "--body-file") options.body = read_file(value());
        else if (name == "--body-template") options.body = value(), options.body_is_template = true;
        else if (name == "--body-template-file") options.body = read_file(value()), options.body_is_template = true;
        else if (name == "--header") options.headers.push_back(value());
        else if (name == "--connections") options.connections = std::stoul(value());
        else if (name == "--threads") options.threads = std::stoul(value());
        else if (name == "--duration") options.duration_seconds = std::stod(value());
        else if (name == "--help" || name == "-h") usage("");
        else usage(("unknown option " + std::string(name)).c_str());
    }
    if (options.connections == 0 || options.threads == 0) usage("--connections and --threads must be positive");
    options.threads = std::min(options.threads, options.connections);
    if (options.content_type.empty())
        options.content_type = options.target.starts_with("AWSEvents.") ? "application/x-amz-json-1.1"
                                                                         : "application/x-amz-json-1.0";
    return options;
}

// Builds each request's bytes; with a template, a fresh {n} every time.
class RequestMaker {
public:
    explicit RequestMaker(const Options& options) : templated_(options.body_is_template) {
        head_ = "POST " + options.path + " HTTP/1.1\r\nHost: " + options.host + ":" + options.port +
                "\r\nContent-Type: " + options.content_type + "\r\n";
        if (!options.target.empty()) head_ += "X-Amz-Target: " + options.target + "\r\n";
        head_ += "Authorization: AWS4-HMAC-SHA256 Credential=AKIDLOAD/20250101/us-east-1/states/aws4_request, "
                 "SignedHeaders=host, Signature=0\r\n";
        for (const auto& header : options.headers) head_ += header + "\r\n";
        if (templated_) {
            std::string_view rest = options.body;
            for (auto at = rest.find("{n}"); at != std::string_view::npos; at = rest.find("{n}")) {
                pieces_.emplace_back(rest.substr(0, at));
                rest.remove_prefix(at + 3);
            }
            pieces_.emplace_back(rest);
        } else {
            fixed_ = head_ + "Content-Length: " + std::to_string(options.body.size()) + "\r\n\r\n" + options.body;
        }
    }

    const std::string& next(std::string& scratch) {
        if (!templated_) return fixed_;
        std::string body = pieces_[0];
        for (size_t i = 1; i < pieces_.size(); ++i) body += std::to_string(counter_++) + pieces_[i];
        scratch = head_ + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        return scratch;
    }

private:
    bool templated_;
    std::string head_, fixed_;
    std::vector<std::string> pieces_;
    static inline std::atomic<uint64_t> counter_{0};
};

struct Totals {
    std::vector<uint32_t> latencies_us;
    std::map<int, uint64_t> statuses;
    uint64_t connection_errors = 0;
};

struct Connection {
    int fd = -1;
    std::string out;
    size_t sent = 0;
    std::string in;
    Clock::time_point started;
    bool writing = false;
};

addrinfo* resolve(const Options& options) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = getaddrinfo(options.host.c_str(), options.port.c_str(), &hints, &found); rc != 0) {
        std::fprintf(stderr, "cannot resolve %s: %s\n", options.host.c_str(), gai_strerror(rc));
        std::exit(1);
    }
    return found;
}

int open_connection(const addrinfo* address) {
    int fd = socket(address->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, address->ai_addr, address->ai_addrlen) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Parses one complete response at the start of `in`: its status and length,
// or 0 when more bytes are needed; -1 when it cannot be parsed.
long complete_response(const std::string& in, int& status, bool& closes) {
    auto end = in.find("\r\n\r\n");
    if (end == std::string::npos) return 0;
    if (in.compare(0, 5, "HTTP/") != 0 || in.size() < 12) return -1;
    status = std::atoi(in.c_str() + 9);
    std::string head = in.substr(0, end);
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    auto length_at = head.find("\r\ncontent-length:");
    if (length_at == std::string::npos) return -1;  // chunked answers are not expected from stepwise
    long length = std::atol(head.c_str() + length_at + 17);
    closes = head.find("\r\nconnection: close") != std::string::npos;
    size_t total = end + 4 + static_cast<size_t>(length);
    return in.size() >= total ? static_cast<long>(total) : 0;
}

void drive(const Options& options, const addrinfo* address, size_t connection_count, Clock::time_point deadline,
           Totals& totals) {
    RequestMaker maker(options);
    int poller = epoll_create1(EPOLL_CLOEXEC);
    std::vector<Connection> connections(connection_count);
    std::string scratch;
    char chunk[64 * 1024];

    auto watch = [&](size_t index, bool want_write) {
        auto& c = connections[index];
        epoll_event event{};
        event.events = want_write ? EPOLLIN | EPOLLOUT : EPOLLIN;
        event.data.u64 = index;
        epoll_ctl(poller, EPOLL_CTL_MOD, c.fd, &event);
        c.writing = want_write;
    };
    auto flush = [&](size_t index) -> bool {
        auto& c = connections[index];
        while (c.sent < c.out.size()) {
            ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
            if (n > 0) { c.sent += static_cast<size_t>(n); continue; }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                if (!c.writing) watch(index, true);
                return true;
            }
            return false;
        }
        if (c.writing) watch(index, false);
        return true;
    };
    auto send_next = [&](size_t index) -> bool {
        auto& c = connections[index];
        c.out = maker.next(scratch);
        c.sent = 0;
        c.started = Clock::now();
        return flush(index);
    };
    auto reopen = [&](size_t index) -> bool {
        auto& c = connections[index];
        if (c.fd >= 0) close(c.fd);
        c = Connection{};
        c.fd = open_connection(address);
        if (c.fd < 0) return false;
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u64 = index;
        epoll_ctl(poller, EPOLL_CTL_ADD, c.fd, &event);
        return true;
    };
    auto restart = [&](size_t index) {
        ++totals.connection_errors;
        while (Clock::now() < deadline) {
            if (reopen(index) && send_next(index)) return;
            ++totals.connection_errors;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    };

    for (size_t i = 0; i < connection_count; ++i)
        if (!reopen(i) || !send_next(i)) restart(i);

    std::vector<epoll_event> events(connection_count);
    while (Clock::now() < deadline) {
        int ready = epoll_wait(poller, events.data(), static_cast<int>(events.size()), 50);
        for (int e = 0; e < ready; ++e) {
            size_t index = events[e].data.u64;
            auto& c = connections[index];
            if (c.fd < 0) continue;
            if ((events[e].events & EPOLLOUT) && !flush(index)) { restart(index); continue; }
            if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) continue;
            if (n <= 0) { restart(index); continue; }
            c.in.append(chunk, static_cast<size_t>(n));
            int status = 0;
            bool closes = false;
            long size = complete_response(c.in, status, closes);
            if (size < 0) { restart(index); continue; }
            if (size == 0) continue;
            auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - c.started);
            totals.latencies_us.push_back(static_cast<uint32_t>(std::min<int64_t>(elapsed.count(), UINT32_MAX)));
            ++totals.statuses[status];
            c.in.erase(0, static_cast<size_t>(size));
            if (Clock::now() >= deadline) break;
            if (closes) { if (!reopen(index) || !send_next(index)) restart(index); continue; }
            if (!send_next(index)) restart(index);
        }
    }
    for (auto& c : connections)
        if (c.fd >= 0) close(c.fd);
    close(poller);
}

double percentile_ms(std::vector<uint32_t>& sorted, double fraction) {
    if (sorted.empty()) return 0;
    size_t at = std::min(sorted.size() - 1, static_cast<size_t>(fraction * static_cast<double>(sorted.size())));
    return sorted[at] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
    Options options = parse_arguments(argc, argv);
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    addrinfo* address = resolve(options);

    auto started = Clock::now();
    auto deadline = started + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(options.duration_seconds));
    std::vector<Totals> totals(options.threads);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < options.threads; ++t) {
        size_t share = options.connections / options.threads + (t < options.connections % options.threads ? 1 : 0);
        threads.emplace_back([&, t, share] { drive(options, address, share, deadline, totals[t]); });
    }
    for (auto& thread : threads) thread.join();
    double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    freeaddrinfo(address);

    Totals all;
    for (auto& part : totals) {
        all.latencies_us.insert(all.latencies_us.end(), part.latencies_us.begin(), part.latencies_us.end());
        for (auto [status, count] : part.statuses) all.statuses[status] += count;
        all.connection_errors += part.connection_errors;
    }
    std::sort(all.latencies_us.begin(), all.latencies_us.end());
    uint64_t requests = all.latencies_us.size();
    uint64_t non_200 = requests - (all.statuses.count(200) ? all.statuses[200] : 0);

    std::printf("target      %s %s\n", options.target.empty() ? "(none)" : options.target.c_str(), options.path.c_str());
    std::printf("connections %zu on %zu threads, %.2f s\n", options.connections, options.threads, seconds);
    std::printf("requests    %llu, %.0f requests/s\n", static_cast<unsigned long long>(requests),
                static_cast<double>(requests) / seconds);
    std::printf("latency ms  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n", percentile_ms(all.latencies_us, 0.50),
                percentile_ms(all.latencies_us, 0.90), percentile_ms(all.latencies_us, 0.99),
                all.latencies_us.empty() ? 0.0 : all.latencies_us.back() / 1000.0);
    std::printf("non-200     %llu", static_cast<unsigned long long>(non_200));
    for (auto [status, count] : all.statuses)
        if (status != 200) std::printf("  (%d: %llu)", status, static_cast<unsigned long long>(count));
    std::printf("\nconn errors %llu\n", static_cast<unsigned long long>(all.connection_errors));
    return requests > 0 ? 0 : 1;
}
