// The HTTP/1.1 server behind `stepwise serve`: accepts connections, reads one
// request at a time per connection (keep-alive and pipelining safe), wraps it
// in the AWS envelope (api/http/aws_protocol.h) and hands it to the Handler, whose
// Responder may answer later from any thread.
//
// Before any route, each request passes the Host, cross-site and credential
// checks of api/http/request_guard.h (403 otherwise).
//
// It protects itself: bodies over max_body_bytes get 413, oversized headers
// 431, malformed HTTP 400, slow clients time out, connections past
// max_connections are shed at accept, a throwing Handler answers 500.
//
// The Handler runs on an io thread: it should answer quickly or hand the work
// (and the Responder) to another thread. Every answer gets Content-Length and
// an x-amzn-RequestId; AWS JSON answers take the request's protocol (1.0/1.1).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "api/http/request.h"
#include "api/http/request_guard.h"
#include "aws/scope.h"

namespace stepwise::api {

struct ServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8083;  // 0: any free port, see HttpServer::port()
    size_t threads = 1;    // io threads
    // AWS takes 256 KiB payloads; escaped inside a JSON request they grow.
    size_t max_body_bytes = 4 * 1024 * 1024;
    size_t max_header_bytes = 16 * 1024;
    // From a request's first byte until its header is complete (also how long
    // a new connection may stay silent).
    std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
    // How long a keep-alive connection may wait for its next request.
    std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
    // Reading a request's body, and writing an answer to a slow reader.
    std::chrono::milliseconds request_timeout = std::chrono::seconds(30);
    // Past this many open connections (or what RLIMIT_NOFILE allows, whichever
    // is lower) new connections are accepted and closed at once.
    size_t max_connections = 20'000;
    // Streams of server-sent events (api/http/event_stream.h) open at once;
    // past this a stream is answered 503. Each holds a connection open.
    size_t max_event_streams = 64;
    // How often an idle event stream gets a comment line (keeps proxies and
    // the client's idea of the connection alive).
    std::chrono::milliseconds event_stream_heartbeat = std::chrono::seconds(15);
    aws::Scope scope;  // the account, and the region of requests that name none
    // Who may call (api/http/request_guard.h); its host is set to `host`.
    AccessPolicy access;
};

class HttpServer {
public:
    HttpServer(ServerOptions options, Handler handler);
    ~HttpServer();  // stops
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds, listens and runs the io threads; returns once listening.
    // Throws std::system_error when the address cannot be bound.
    void start();
    // The bound port (useful with port 0); 0 before start().
    uint16_t port() const;
    // Stops accepting, closes every connection, joins the io threads.
    // Answers still to come from Handlers are dropped. Idempotent. Never call
    // it from a Handler (it would join its own thread).
    void stop();

    // Connections open right now.
    size_t open_connections() const;
    // Event streams open right now.
    size_t open_event_streams() const;
    // The connection limit in force: max_connections capped by RLIMIT_NOFILE.
    size_t connection_limit() const;

private:
    struct Running;
    std::shared_ptr<Running> running_;
};

}  // namespace stepwise::api
