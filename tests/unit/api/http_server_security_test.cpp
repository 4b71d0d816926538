// The HTTP server's own defences, through a real socket: the request guard
// runs before the handler, no CORS header is ever sent, and every socket the
// server opens is close-on-exec (a task process must not inherit the port).
#include "api/http/server.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>

namespace stepwise::api {
namespace {

// One request on a fresh close-on-exec connection; everything the server sends back.
std::string exchange(uint16_t port, const std::string& request, int* client_fd = nullptr) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
    if (client_fd) {  // the caller reads and closes
        *client_fd = fd;
        return "";
    }
    std::string answer;
    char chunk[4096];
    for (ssize_t n; (n = ::read(fd, chunk, sizeof chunk)) > 0;) answer.append(chunk, static_cast<size_t>(n));
    ::close(fd);
    return answer;
}

struct Guarded {
    Guarded() : server(options(), [this](Request, Responder respond) {
        ++handled;
        respond(Response{200, "{}"});
    }) {
        server.start();
    }
    static ServerOptions options() {
        ServerOptions o;
        o.port = 0;
        return o;
    }
    std::atomic<int> handled{0};
    HttpServer server;
};

std::string json_call(const std::string& host, const std::string& extra = "") {
    return "POST / HTTP/1.1\r\nHost: " + host +
           "\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\nContent-Type: application/x-amz-json-1.0\r\n" + extra +
           "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
}

TEST(HttpServerSecurity, RefusesAForeignHostBeforeTheHandler) {
    Guarded g;
    std::string answer = exchange(g.server.port(), json_call("rebind.evil.example:" + std::to_string(g.server.port())));
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 403")) << answer;
    EXPECT_NE(answer.find("rebind.evil.example"), std::string::npos) << answer;
    EXPECT_EQ(g.handled, 0);
    answer = exchange(g.server.port(), json_call("127.0.0.1:" + std::to_string(g.server.port())));
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
    EXPECT_EQ(g.handled, 1);
}

TEST(HttpServerSecurity, NeverSendsCorsHeaders) {
    Guarded g;
    std::string host = "localhost:" + std::to_string(g.server.port());
    std::string preflight = exchange(g.server.port(), "OPTIONS / HTTP/1.1\r\nHost: " + host +
                                                          "\r\nOrigin: http://evil.example\r\n"
                                                          "Access-Control-Request-Method: POST\r\n"
                                                          "Access-Control-Request-Headers: x-amz-target\r\n"
                                                          "Connection: close\r\n\r\n");
    EXPECT_TRUE(preflight.starts_with("HTTP/1.1 403")) << preflight;
    std::string form = exchange(g.server.port(), "POST /_stepwise/clock HTTP/1.1\r\nHost: " + host +
                                                     "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                                                     "Connection: close\r\n\r\n{}");
    EXPECT_TRUE(form.starts_with("HTTP/1.1 403")) << form;
    std::string fine = exchange(g.server.port(), json_call(host, "Origin: http://" + host + "\r\n"));
    EXPECT_TRUE(fine.starts_with("HTTP/1.1 200")) << fine;
    for (const std::string* answer : {&preflight, &form, &fine})
        EXPECT_EQ(answer->find("Access-Control-"), std::string::npos) << *answer;
    EXPECT_EQ(g.handled, 1);
}

std::set<int> open_descriptors() {
    std::set<int> fds;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
        fds.insert(std::stoi(entry.path().filename().string()));
    return fds;
}

// Before: asio opened the listening socket and accepted connections without
// FD_CLOEXEC, so local Lambda workers inherited the port.
TEST(HttpServerSecurity, EverySocketOfTheServerIsCloseOnExec) {
    std::set<int> before = open_descriptors();
    Guarded g;
    int client = -1;
    exchange(g.server.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", &client);
    char chunk[512];
    ASSERT_GT(::read(client, chunk, sizeof chunk), 0);  // answered: the connection is accepted
    size_t sockets = 0;
    for (int fd : open_descriptors()) {
        if (before.count(fd) || fd == client) continue;
        int flags = fcntl(fd, F_GETFD);
        if (flags < 0) continue;  // the directory listing's own descriptor, closed since
        std::error_code ignored;
        auto target = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ignored).string();
        if (target.starts_with("socket:")) ++sockets;
        EXPECT_TRUE(flags & FD_CLOEXEC) << "descriptor " << fd << " (" << target << ") is inherited by children";
    }
    EXPECT_GE(sockets, 2u) << "the listening socket and the accepted connection";
    ::close(client);
}

}  // namespace
}  // namespace stepwise::api
