// A loopback HTTP server for the tests of what tasks/ calls over HTTP (the
// http runtime, endpoint calls, http:invoke).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace stepwise::tasks::testing {

struct Request {
    std::string head;  // request line and headers
    std::string body;
    // The request line: "POST / HTTP/1.1".
    std::string line() const { return head.substr(0, head.find("\r\n")); }
    // A header's value (case-insensitive name); "" when absent.
    std::string header(std::string_view name) const {
        size_t pos = head.find("\r\n");
        while (pos != std::string::npos && pos + 2 < head.size()) {
            size_t next = head.find("\r\n", pos + 2);
            std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
            size_t colon = line.find(':');
            if (colon == name.size() && std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                })) {
                size_t value = line.find_first_not_of(' ', colon + 1);
                return value == std::string::npos ? "" : line.substr(value);
            }
            pos = next;
        }
        return "";
    }
};

// Serves connections one at a time until stopped; `respond` gives the raw
// response; `last` is the last request (read it after the call returned).
class LoopbackServer {
public:
    explicit LoopbackServer(std::function<std::string(const Request&)> respond) : respond_(std::move(respond)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(fd_, 8);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~LoopbackServer() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    Request last;

private:
    void serve() {
        while (!stop_) {
            int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            std::string data;
            char buf[4096];
            size_t want = std::string::npos;
            for (;;) {
                ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                data.append(buf, n);
                size_t end = data.find("\r\n\r\n");
                if (end != std::string::npos && want == std::string::npos) {
                    size_t cl = data.find("Content-Length: ");
                    want = end + 4 + (cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16)));
                }
                if (want != std::string::npos && data.size() >= want) break;
            }
            size_t end = data.find("\r\n\r\n");
            last.head = data.substr(0, end);
            last.body = end == std::string::npos ? "" : data.substr(end + 4);
            std::string response = respond_(last);
            ::send(c, response.data(), response.size(), MSG_NOSIGNAL);
            ::close(c);
        }
    }
    std::function<std::string(const Request&)> respond_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace stepwise::tasks::testing
