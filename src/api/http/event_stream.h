// A stream of server-sent events (text/event-stream, as a browser's
// EventSource reads it): what a handler gets after answering with
// Response::stream. The server writes the answer's header, then each event
// sent, a heartbeat comment every ServerOptions::event_stream_heartbeat, and
// closes the connection when the client goes, the server stops, or the client
// falls more than kMaxQueuedBytes behind (EventSource then reconnects).
// At most ServerOptions::max_event_streams are open at once (503 past that).
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace stepwise::api {

class EventStream {
public:
    static constexpr size_t kMaxQueuedBytes = 8 * 1024 * 1024;

    // The connection's side: `write` queues text on the connection (from any
    // thread), `close` closes it.
    EventStream(std::function<void(std::string)> write, std::function<void()> close);

    // Thread-safe. Queues one event: "event: <event>\ndata: <data>\n\n" (a data
    // line per line of `data`). False once the stream is closed, or when this
    // event would put the client too far behind (the stream closes).
    bool send(std::string_view event, std::string_view data);
    // Thread-safe: closes the stream and its connection.
    void close();
    bool is_open() const { return open_; }
    // Runs `closed` once when the stream closes (at once when it has), on the
    // thread that closes it. Set once.
    void on_close(std::function<void()> closed);

    // --- the connection's (api/http/connection.cpp) ---
    void written(size_t bytes) { queued_ -= bytes; }
    // The connection has closed: runs the on_close callback.
    void connection_closed();

    // The text of one event (exposed for tests).
    static std::string frame(std::string_view event, std::string_view data);

private:
    std::function<void(std::string)> write_;
    std::function<void()> close_;
    std::atomic<bool> open_{true};
    std::atomic<size_t> queued_{0};
    std::mutex mutex_;
    std::function<void()> closed_;
    bool close_ran_ = false;
};

}  // namespace stepwise::api
