// What the server's connections share: options, the handler, the io_context
// and the registry of open connections (internal to the HTTP server).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/io_context.hpp>

#include "api/http/server.h"

namespace stepwise::api {

class HttpConnection;

struct HttpServerState {
    HttpServerState(ServerOptions options, Handler handler)
        : options(std::move(options)), handler(std::move(handler)) {}

    const ServerOptions options;
    const Handler handler;
    boost::asio::io_context io;
    size_t connection_limit = 0;  // set at start
    std::atomic<bool> stopping{false};
    std::atomic<size_t> open_connections{0};
    std::atomic<size_t> open_streams{0};  // server-sent event streams

    // Registers a connection so stop() can close it; false when stopping.
    bool add(HttpConnection* connection, std::weak_ptr<HttpConnection> handle) {
        std::lock_guard lock(mutex_);
        if (stopping) return false;
        connections_.emplace(connection, std::move(handle));
        return true;
    }
    void remove(HttpConnection* connection) {
        std::lock_guard lock(mutex_);
        connections_.erase(connection);
    }
    // Marks the server stopping and returns every connection still alive.
    std::vector<std::shared_ptr<HttpConnection>> begin_stop() {
        std::lock_guard lock(mutex_);
        stopping = true;
        std::vector<std::shared_ptr<HttpConnection>> alive;
        for (auto& [_, handle] : connections_)
            if (auto connection = handle.lock()) alive.push_back(std::move(connection));
        return alive;
    }

private:
    std::mutex mutex_;
    std::unordered_map<HttpConnection*, std::weak_ptr<HttpConnection>> connections_;
};

}  // namespace stepwise::api
