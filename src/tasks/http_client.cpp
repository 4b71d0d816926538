#include "tasks/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace stepwise::tasks {
namespace {

struct Socket {
    int fd = -1;
    ~Socket() {
        if (fd >= 0) ::close(fd);
    }
};

int ms_left(Clock::time_point deadline) {
    auto now = Clock::now();
    if (now >= deadline) return 0;
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1);
}

bool wait_fd(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        int rc = ::poll(&p, 1, ms_left(deadline));
        if (rc > 0) return true;
        if (rc == 0) return false;
        if (errno != EINTR) return true;  // let the following call report the error
    }
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string decode_chunked(std::string_view body) {
    std::string out;
    size_t pos = 0;
    for (;;) {
        size_t eol = body.find("\r\n", pos);
        if (eol == std::string_view::npos) throw HttpError("malformed chunked response");
        size_t size = std::stoul(std::string(body.substr(pos, eol - pos)), nullptr, 16);
        pos = eol + 2;
        if (size == 0) return out;
        if (pos + size > body.size()) throw HttpError("truncated chunked response");
        out.append(body.substr(pos, size));
        pos += size + 2;
    }
}

}  // namespace

const std::string* HttpResponse::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return &v;
    return nullptr;
}

HttpUrl parse_http_url(const std::string& url) {
    if (url.rfind("http://", 0) != 0) throw HttpError("not an http:// URL: " + url);
    std::string rest = url.substr(7);
    HttpUrl u;
    size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos) u.path = rest.substr(slash);
    while (!u.path.empty() && u.path.back() == '/') u.path.pop_back();
    size_t colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']') == std::string::npos) {
        u.host = authority.substr(0, colon);
        try {
            u.port = std::stoi(authority.substr(colon + 1));
        } catch (...) {
            throw HttpError("bad port in " + url);
        }
    } else {
        u.host = authority;
    }
    if (u.host.empty()) throw HttpError("no host in " + url);
    return u;
}

HttpResponse http_request(const HttpUrl& url, const std::string& method, const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body,
                          Clock::time_point deadline) {
    std::string where = url.host + ":" + std::to_string(url.port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = getaddrinfo(url.host.c_str(), std::to_string(url.port).c_str(), &hints, &found); rc != 0) {
        throw HttpError("Unknown host " + url.host + ": " + gai_strerror(rc));
    }
    Socket sock;
    std::string last_error = "no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
        int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            if (!wait_fd(fd, POLLOUT, deadline)) {
                ::close(fd);
                freeaddrinfo(found);
                throw HttpError("Connect to " + where + " timed out");
            }
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            rc = err == 0 ? 0 : -1;
            errno = err;
        }
        if (rc == 0) {
            sock.fd = fd;
            break;
        }
        last_error = std::strerror(errno);
        ::close(fd);
    }
    freeaddrinfo(found);
    if (sock.fd < 0) throw HttpError("Connect to " + where + " failed: " + last_error);
    int one = 1;
    setsockopt(sock.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    bool has_host = false;
    for (const auto& [k, v] : headers) has_host |= iequals(k, "Host");
    std::string request = method + " " + path + " HTTP/1.1\r\n";
    if (!has_host) request += "Host: " + where + "\r\n";
    for (const auto& [k, v] : headers) request += k + ": " + v + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    request += body;
    size_t sent = 0;
    while (sent < request.size()) {
        ssize_t n = ::send(sock.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!wait_fd(sock.fd, POLLOUT, deadline)) throw HttpError("Write timed out");
            continue;
        }
        throw HttpError(std::string("Connection to ") + where + " lost while sending: " + std::strerror(errno));
    }

    std::string data;
    size_t header_end = std::string::npos;
    long long content_length = -1;
    HttpResponse response;
    char buffer[65536];
    for (;;) {
        if (header_end != std::string::npos && content_length >= 0 &&
            data.size() >= header_end + 4 + static_cast<size_t>(content_length)) {
            break;
        }
        if (!wait_fd(sock.fd, POLLIN, deadline)) throw HttpError("Read timed out");
        ssize_t n = ::recv(sock.fd, buffer, sizeof buffer, 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            throw HttpError(std::string("Connection to ") + where + " lost: " + std::strerror(errno));
        }
        if (n == 0) break;
        data.append(buffer, static_cast<size_t>(n));
        if (header_end == std::string::npos) {
            header_end = data.find("\r\n\r\n");
            if (header_end != std::string::npos) {
                std::string_view head(data.data(), header_end);
                size_t eol = head.find("\r\n");
                std::string_view status_line = head.substr(0, eol);
                if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
                    throw HttpError("not an HTTP response from " + where);
                }
                response.status = std::stoi(std::string(status_line.substr(9, 3)));
                if (status_line.size() > 13) response.reason = std::string(status_line.substr(13));
                size_t pos = eol == std::string_view::npos ? head.size() : eol + 2;
                while (pos < head.size()) {
                    size_t next = head.find("\r\n", pos);
                    if (next == std::string_view::npos) next = head.size();
                    std::string_view line = head.substr(pos, next - pos);
                    size_t colon = line.find(':');
                    if (colon != std::string_view::npos) {
                        std::string_view value = line.substr(colon + 1);
                        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
                        response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
                    }
                    pos = next + 2;
                }
                if (const std::string* cl = response.header("Content-Length")) content_length = std::stoll(*cl);
            }
        }
    }
    if (header_end == std::string::npos) throw HttpError("The target server " + where + " failed to respond");
    response.body = data.substr(header_end + 4);
    if (content_length >= 0 && response.body.size() > static_cast<size_t>(content_length)) response.body.resize(content_length);
    if (const std::string* te = response.header("Transfer-Encoding"); te && iequals(*te, "chunked")) {
        response.body = decode_chunked(response.body);
    }
    return response;
}

}  // namespace stepwise::tasks
