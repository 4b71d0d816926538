#include "api/http/server.h"

#include <fcntl.h>
#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "api/http/aws_protocol.h"
#include "api/http/connection.h"

namespace stepwise::api {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

// File descriptors kept back from connections for the store, task processes
// and the like.
constexpr size_t kReservedDescriptors = 256;
// How long accepting pauses when the process is out of descriptors.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);
// How long stop() lets connections finish closing before it stops the loop.
constexpr auto kStopGrace = std::chrono::seconds(1);

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit in force.
size_t raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    constexpr rlim_t kCeiling = 1 << 20;
    rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? kCeiling : limit.rlim_max;
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted) return std::min<rlim_t>(limit.rlim_cur, kCeiling);
    rlimit raised{wanted, limit.rlim_max};
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return wanted;
    return limit.rlim_cur;
}

size_t connection_limit_for(size_t max_connections, size_t descriptors) {
    size_t reserve = descriptors > 2 * kReservedDescriptors ? kReservedDescriptors : descriptors / 2;
    return std::max<size_t>(1, std::min(max_connections, descriptors - reserve));
}

// Asio opens and accepts sockets without SOCK_CLOEXEC: without this, every
// task process (local Lambda handlers) inherits the listening socket and
// keeps the port bound after the server dies. (tasks/process.cpp also closes
// every other descriptor in the child, for sockets caught between the two.)
void set_close_on_exec(int fd) {
    int flags = fcntl(fd, F_GETFD);
    if (flags >= 0) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

bool is_out_of_resources(const error_code& error) {
    return error == asio::error::no_descriptors || error == asio::error::no_buffer_space ||
           error == asio::error::no_memory || error.value() == ENFILE;
}

// Best effort: tell a client we are full, without waiting for it.
void shed(tcp::socket& socket) {
    auto error = aws_error(503, "ServiceUnavailable", "Too many connections, try again later");
    auto answer = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + error.content_type +
                  "\r\nx-amzn-RequestId: " + new_request_id() + "\r\nContent-Length: " +
                  std::to_string(error.body.size()) + "\r\nConnection: close\r\n\r\n" + error.body;
    error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(answer), ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

}  // namespace

struct HttpServer::Running {
    Running(ServerOptions options, Handler handler)
        : state(std::make_shared<HttpServerState>(std::move(options), std::move(handler))),
          acceptor(asio::make_strand(state->io)),
          backoff(acceptor.get_executor()) {}

    void accept_next() {
        acceptor.async_accept(asio::make_strand(state->io), [this](error_code error, tcp::socket socket) {
            on_accept(error, std::move(socket));
        });
    }

    void on_accept(error_code error, tcp::socket socket) {
        if (state->stopping || error == asio::error::operation_aborted) return;
        if (is_out_of_resources(error)) {
            backoff.expires_after(kAcceptBackoff);
            backoff.async_wait([this](error_code waited) {
                if (!waited && !state->stopping) accept_next();
            });
            return;
        }
        if (!error) {
            set_close_on_exec(socket.native_handle());
            if (state->open_connections >= state->connection_limit) {
                shed(socket);
            } else {
                ++state->open_connections;
                std::make_shared<HttpConnection>(std::move(socket), state)->start();
            }
        }
        accept_next();
    }

    void run_thread() {
        state->io.run();
        std::lock_guard lock(threads_mutex);
        --running_threads;
        threads_done.notify_all();
    }

    std::shared_ptr<HttpServerState> state;
    tcp::acceptor acceptor;
    asio::steady_timer backoff;
    uint16_t port = 0;
    bool started = false;
    bool stopped = false;
    std::vector<std::thread> threads;
    std::mutex threads_mutex;
    std::condition_variable threads_done;
    size_t running_threads = 0;
};

namespace {
ServerOptions with_access_host(ServerOptions options) {
    options.access.host = options.host;
    return options;
}
}  // namespace

HttpServer::HttpServer(ServerOptions options, Handler handler)
    : running_(std::make_shared<Running>(with_access_host(std::move(options)), std::move(handler))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
    auto& run = *running_;
    if (run.started) return;
    const auto& options = run.state->options;
    run.state->connection_limit = connection_limit_for(options.max_connections, raise_descriptor_limit());

    error_code error;
    auto address = asio::ip::make_address(options.host, error);
    if (error) throw std::system_error(EINVAL, std::generic_category(), "not an IP address: " + options.host);
    tcp::endpoint endpoint(address, options.port);
    auto where = options.host + ":" + std::to_string(options.port);
    auto check = [&](const char* step) {
        if (error) throw std::system_error(error.value(), std::system_category(), std::string(step) + " " + where);
    };
    run.acceptor.open(endpoint.protocol(), error);
    check("open");
    set_close_on_exec(run.acceptor.native_handle());
    run.acceptor.set_option(asio::socket_base::reuse_address(true), error);
    check("reuse_address");
    run.acceptor.bind(endpoint, error);
    check("bind");
    run.acceptor.listen(asio::socket_base::max_listen_connections, error);
    check("listen");
    run.port = run.acceptor.local_endpoint().port();
    run.started = true;

    run.accept_next();
    size_t threads = std::max<size_t>(1, options.threads);
    run.running_threads = threads;
    for (size_t i = 0; i < threads; ++i) run.threads.emplace_back([&run] { run.run_thread(); });
}

uint16_t HttpServer::port() const { return running_->port; }

size_t HttpServer::open_connections() const { return running_->state->open_connections; }

size_t HttpServer::open_event_streams() const { return running_->state->open_streams; }

size_t HttpServer::connection_limit() const { return running_->state->connection_limit; }

void HttpServer::stop() {
    auto& run = *running_;
    if (!run.started || run.stopped) return;
    run.stopped = true;
    auto alive = run.state->begin_stop();
    asio::post(run.acceptor.get_executor(), [&run] {
        error_code ignored;
        run.acceptor.close(ignored);
        run.backoff.cancel();
    });
    for (auto& connection : alive) connection->close();
    alive.clear();
    {
        std::unique_lock lock(run.threads_mutex);
        run.threads_done.wait_for(lock, kStopGrace, [&run] { return run.running_threads == 0; });
    }
    run.state->io.stop();
    for (auto& thread : run.threads) thread.join();
    run.threads.clear();
}

}  // namespace stepwise::api
