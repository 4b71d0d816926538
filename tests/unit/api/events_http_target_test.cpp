// The bus's HTTP client: the call as written, its status and body, or no answer.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "api/events/http_target.h"

namespace stepwise::api {
namespace {

// Accepts one connection, keeps what it received, answers `status`.
class OneShotServer {
public:
    explicit OneShotServer(int status) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        socklen_t length = sizeof address;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        ::listen(fd_, 1);
        thread_ = std::thread([this, status] {
            int client = ::accept(fd_, nullptr, nullptr);
            char buffer[4096];
            while (received_.find("\r\n\r\n") == std::string::npos ||
                   received_.size() - received_.find("\r\n\r\n") - 4 < content_length()) {
                ssize_t n = ::read(client, buffer, sizeof buffer);
                if (n <= 0) break;
                received_.append(buffer, static_cast<size_t>(n));
            }
            std::string reply = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
            (void)::write(client, reply.data(), reply.size());
            ::close(client);
        });
    }
    ~OneShotServer() {
        if (thread_.joinable()) thread_.join();
        ::close(fd_);
    }
    int port() const { return port_; }
    const std::string& received() {
        thread_.join();
        return received_;
    }

private:
    size_t content_length() const {
        auto at = received_.find("Content-Length: ");
        if (at == std::string::npos) at = received_.find("content-length: ");
        return at == std::string::npos ? 0 : std::stoul(received_.substr(at + 16));
    }
    int fd_ = -1, port_ = 0;
    std::string received_;
    std::thread thread_;
};

TEST(EventsHttpTarget, RequesterSendsTheCallAsWritten) {
    OneShotServer server(429);
    events::HttpAnswer answer;
    events::HttpCall call{"PATCH", "http://127.0.0.1:" + std::to_string(server.port()) + "/a/b/?x=1%202",
                          {{"x-api-key", "k"}}, "body"};
    events_http_requester()(call, [&](events::HttpAnswer a) { answer = std::move(a); });
    EXPECT_EQ(answer.status, 429);
    EXPECT_EQ(answer.body, "ok");
    const std::string& request = server.received();
    EXPECT_EQ(request.rfind("PATCH /a/b/?x=1%202 HTTP/1.1", 0), 0u) << request;
    EXPECT_NE(request.find("x-api-key: k"), std::string::npos) << request;
    EXPECT_EQ(request.substr(request.size() - 4), "body");
}

TEST(EventsHttpTarget, RequesterReportsNoAnswer) {
    events::HttpAnswer answer;
    answer.status = -1;
    events_http_requester(std::chrono::milliseconds(500))({"GET", "http://127.0.0.1:1/", {}, ""},
                                                          [&](events::HttpAnswer a) { answer = std::move(a); });
    EXPECT_EQ(answer.status, 0);
    EXPECT_FALSE(answer.error.empty());
}

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html:
// "EventBridge requests to an API destination endpoint must have a maximum
// client execution timeout of 5 seconds".
TEST(EventsHttpTarget, WaitsFiveSecondsByDefaultAsAwsDoes) {
    EXPECT_EQ(kHttpTargetTimeout, std::chrono::seconds(5));
}

}  // namespace
}  // namespace stepwise::api
