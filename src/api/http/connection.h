// One accepted HTTP connection: reads a request, hands it to the Handler,
// writes the answer, then waits for the next request (internal to the server).
// Everything runs on the connection's strand; the Responder posts back to it.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/http/event_stream.h"
#include "api/http/server_state.h"

namespace stepwise::api {

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    // `socket` must run on its own strand; the caller has counted it in
    // server->open_connections.
    HttpConnection(boost::asio::ip::tcp::socket socket, std::shared_ptr<HttpServerState> server);
    ~HttpConnection();

    void start();
    // Thread-safe: closes the socket on the connection's strand.
    void close();
    // Thread-safe: writes `response` as the answer to the request in progress.
    void deliver(Response response);

private:
    using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

    void wait_for_request();
    void read_header();
    void on_header(boost::beast::error_code error);
    void read_body();
    void on_body(boost::beast::error_code error);
    void dispatch();
    void answer_read_error(boost::beast::error_code error);
    void write(Response response, bool close_after);
    void on_written(boost::beast::error_code error, bool close_after);
    void drain_then_close();
    void drain_some();
    void close_socket();
    bool client_has_gone();
    // A stream of server-sent events (Response::stream): the header, then
    // what the EventStream queues, until either side closes.
    void open_stream(Response response);
    void watch_stream_client();
    void beat_stream();
    void queue_stream_text(std::string text);
    void write_stream_text();
    void end_stream();

    std::shared_ptr<HttpServerState> server_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<Parser> parser_;
    boost::beast::http::response<boost::beast::http::string_body> response_;
    bool first_request_ = true;
    bool keep_alive_ = true;
    bool socket_closed_ = false;
    bool awaiting_answer_ = false;
    unsigned http_version_ = 11;
    std::string request_content_type_;
    std::string service_;  // "" for REST calls
    std::function<void()> undelivered_;  // of the answer being written
    size_t drained_bytes_ = 0;
    std::shared_ptr<EventStream> event_stream_;
    std::deque<std::string> stream_queue_;
    bool stream_writing_ = true;  // until the header is written
    std::optional<boost::asio::steady_timer> heartbeat_;
    char stream_read_[256];
};

}  // namespace stepwise::api
