#include "api/http/connection.h"

#include <atomic>
#include <chrono>
#include <exception>

#include <poll.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "aws/sigv4.h"
#include "api/http/aws_protocol.h"

namespace stepwise::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using beast::error_code;

namespace {

constexpr size_t kFirstReadBytes = 1024;
constexpr size_t kDrainReadBytes = 64 * 1024;
// After an error answer we read (and drop) what the client is still sending,
// so that closing does not reset the connection before it reads the answer.
constexpr size_t kMaxDrainBytes = 8 * 1024 * 1024;
constexpr auto kDrainTimeout = std::chrono::seconds(2);
// A buffer grown by a large request is given back once it is empty.
constexpr size_t kKeptBufferBytes = 64 * 1024;

// The Handler's side of one request: answers exactly once, and answers 500
// if every copy of the Responder is dropped unanswered.
class PendingAnswer {
public:
    explicit PendingAnswer(std::shared_ptr<HttpConnection> connection) : connection_(std::move(connection)) {}
    ~PendingAnswer() {
        if (!answered_.exchange(true))
            connection_->deliver(aws_error(500, "InternalFailure", "The request was dropped without an answer"));
    }
    void deliver(Response response) {
        if (!answered_.exchange(true)) connection_->deliver(std::move(response));
    }

private:
    std::shared_ptr<HttpConnection> connection_;
    std::atomic<bool> answered_{false};
};

bool is_connection_gone(const error_code& error) {
    return error == http::error::end_of_stream || error == asio::error::eof ||
           error == asio::error::connection_reset || error == asio::error::operation_aborted ||
           error == asio::error::broken_pipe || error == asio::error::not_connected ||
           error == http::error::partial_message;
}

}  // namespace

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, std::shared_ptr<HttpServerState> server)
    : server_(std::move(server)), stream_(std::move(socket)) {}

HttpConnection::~HttpConnection() {
    if (!socket_closed_) --server_->open_connections;
    end_stream();
    server_->remove(this);
}

void HttpConnection::start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        if (!self->server_->add(self.get(), self)) return self->close_socket();
        error_code ignored;
        self->stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
        self->wait_for_request();
    });
}

void HttpConnection::close() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->close_socket(); });
}

void HttpConnection::deliver(Response response) {
    if (server_->stopping) {
        if (response.undelivered) response.undelivered();
        return;
    }
    asio::post(stream_.get_executor(), [self = shared_from_this(), response = std::move(response)]() mutable {
        // Only answers that hand something out ask (a syscall per answer otherwise).
        if (response.undelivered && self->awaiting_answer_ && !self->socket_closed_ && self->client_has_gone())
            self->close_socket();
        if (!self->awaiting_answer_ || self->socket_closed_) {
            if (response.undelivered) response.undelivered();
            return;
        }
        self->awaiting_answer_ = false;
        self->write(std::move(response), !self->keep_alive_);
    });
}

// Whether the client closed its end (or reset the connection) while its
// request waited for the answer. Writing would not tell: the first write to a
// socket the peer has closed succeeds locally and the data is lost. Nothing
// reads the socket meanwhile, so a pending end of stream shows here. (A
// client that half-closes and still waits for its answer counts as gone;
// HTTP clients do not do that.)
bool HttpConnection::client_has_gone() {
    pollfd watched{stream_.socket().native_handle(), POLLIN | POLLRDHUP, 0};
    if (::poll(&watched, 1, 0) <= 0) return false;
    return (watched.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

// Waits for the first byte of the next request without a parser or a large
// buffer, so that idle keep-alive connections cost little.
void HttpConnection::wait_for_request() {
    if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
    const auto& options = server_->options;
    stream_.expires_after(first_request_ ? options.header_timeout : options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            [self = shared_from_this()](error_code error, size_t bytes) {
                                if (error) return self->close_socket();
                                self->buffer_.commit(bytes);
                                self->read_header();
                            });
}

void HttpConnection::read_header() {
    service_.clear();  // an error answered before dispatch speaks JSON 1.0
    request_content_type_.clear();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_->options.max_header_bytes));
    parser_->body_limit(server_->options.max_body_bytes);
    stream_.expires_after(server_->options.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](error_code error, size_t) { self->on_header(error); });
}

void HttpConnection::on_header(error_code error) {
    if (error) return answer_read_error(error);
    const auto& header = parser_->get();
    if (beast::iequals(header[http::field::expect], "100-continue") && !parser_->is_done()) {
        auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, header.version());
        stream_.expires_after(server_->options.request_timeout);
        http::async_write(stream_, *go_on, [self = shared_from_this(), go_on](error_code error, size_t) {
            if (error) return self->close_socket();
            self->read_body();
        });
        return;
    }
    read_body();
}

void HttpConnection::read_body() {
    if (parser_->is_done()) return dispatch();
    stream_.expires_after(server_->options.request_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](error_code error, size_t) { self->on_body(error); });
}

void HttpConnection::on_body(error_code error) {
    if (error) return answer_read_error(error);
    dispatch();
}

void HttpConnection::answer_read_error(error_code error) {
    parser_.reset();
    // On a timeout the stream has already closed the socket: no answer is possible.
    if (error == beast::error::timeout || is_connection_gone(error)) return close_socket();
    if (error == http::error::body_limit)
        return write(aws_error(413, "RequestEntityTooLargeException",
                               "Request body exceeds " + std::to_string(server_->options.max_body_bytes) + " bytes"),
                     true);
    if (error == http::error::header_limit || error == http::error::buffer_overflow)
        return write(aws_error(431, "MalformedHttpRequestException", "Request header fields too large"), true);
    if (error.category() == http::make_error_code(http::error::bad_target).category())
        return write(aws_error(400, "MalformedHttpRequestException", "Malformed HTTP request: " + error.message()),
                     true);
    close_socket();
}

void HttpConnection::dispatch() {
    stream_.expires_never();  // the Handler may take as long as it needs
    auto message = parser_->release();
    parser_.reset();
    keep_alive_ = message.keep_alive();
    http_version_ = message.version();

    Request request;
    request.method = std::string(message.method_string());
    std::string_view target = message.target();
    auto question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
    for (const auto& field : message) {
        auto [it, inserted] = request.headers.emplace(aws::canonical_header_name(field.name_string()), std::string(field.value()));
        if (!inserted) (it->second += ", ") += field.value();
    }
    request.body = std::move(message.body());
    request_content_type_ = std::string(message[http::field::content_type]);

    const auto& options = server_->options;
    // Host and cross-site checks first, on every route; credentials after the
    // health probe (which reveals nothing), before any API (api/http/request_guard.h).
    if (auto refused = check_origin(request, options.access)) return write(std::move(*refused), !keep_alive_);
    if (is_health_check(request)) return write(health_response(), !keep_alive_);
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    if (auto refused = check_credentials(request, options.access, now.count()))
        return write(std::move(*refused), !keep_alive_);
    if (auto error = apply_aws_envelope(request, options.scope.region, options.scope.account))
        return write(std::move(*error), !keep_alive_);
    service_ = request.service;

    awaiting_answer_ = true;
    auto pending = std::make_shared<PendingAnswer>(shared_from_this());
    try {
        server_->handler(std::move(request), [pending](Response response) { pending->deliver(std::move(response)); });
    } catch (const std::exception& failure) {
        pending->deliver(aws_error(500, "InternalFailure", failure.what()));
    } catch (...) {
        pending->deliver(aws_error(500, "InternalFailure", "The request processing has failed"));
    }
}

void HttpConnection::write(Response response, bool close_after) {
    if (socket_closed_) return;
    if (response.stream) return open_stream(std::move(response));
    // AWS JSON answers speak the request's protocol (1.0 or 1.1).
    if (!service_.empty() && response.content_type.starts_with("application/x-amz-json"))
        response.content_type = std::string(answer_content_type(request_content_type_, service_));
    bool valid_status = response.status >= 100 && response.status <= 999;

    response_ = {};
    response_.result(static_cast<unsigned>(valid_status ? response.status : 500));
    response_.version(http_version_);
    response_.set(http::field::server, "stepwise");
    response_.set(http::field::content_type, response.content_type);
    response_.set("x-amzn-RequestId", new_request_id());
    for (auto& [name, value] : response.headers) response_.set(name, value);
    response_.keep_alive(!close_after);
    response_.body() = std::move(response.body);
    response_.prepare_payload();
    undelivered_ = std::move(response.undelivered);

    stream_.expires_after(server_->options.request_timeout);
    http::async_write(stream_, response_, [self = shared_from_this(), close_after](error_code error, size_t) {
        self->on_written(error, close_after);
    });
}

void HttpConnection::on_written(error_code error, bool close_after) {
    response_ = {};
    auto undelivered = std::move(undelivered_);
    undelivered_ = nullptr;
    if (error) {
        close_socket();
        if (undelivered) undelivered();
        return;
    }
    if (close_after) return drain_then_close();
    first_request_ = false;
    if (buffer_.size() == 0 && buffer_.capacity() > kKeptBufferBytes) buffer_.shrink_to_fit();
    wait_for_request();
}

void HttpConnection::drain_then_close() {
    error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kDrainTimeout);
    buffer_.consume(buffer_.size());
    drain_some();
}

void HttpConnection::drain_some() {
    stream_.async_read_some(buffer_.prepare(kDrainReadBytes), [self = shared_from_this()](error_code error, size_t bytes) {
        self->drained_bytes_ += bytes;
        if (error || self->drained_bytes_ > kMaxDrainBytes) return self->close_socket();
        self->drain_some();
    });
}

void HttpConnection::close_socket() {
    if (socket_closed_) return;
    socket_closed_ = true;
    awaiting_answer_ = false;
    error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
    --server_->open_connections;
    end_stream();
}

void HttpConnection::open_stream(Response response) {
    const auto& options = server_->options;
    if (++server_->open_streams > options.max_event_streams) {
        --server_->open_streams;
        return write(aws_error(503, "ServiceUnavailable",
                               "Too many event streams are open (" + std::to_string(options.max_event_streams) +
                                   "); close one and try again",
                               "application/json"),
                     true);
    }
    std::weak_ptr<HttpConnection> weak = weak_from_this();
    event_stream_ = std::make_shared<EventStream>(
        [weak](std::string text) {
            if (auto self = weak.lock())
                asio::post(self->stream_.get_executor(), [self, text = std::move(text)]() mutable {
                    self->queue_stream_text(std::move(text));
                });
        },
        [weak] {
            if (auto self = weak.lock()) self->close();
        });
    auto header = std::make_shared<http::response<http::empty_body>>(http::status::ok, http_version_);
    header->set(http::field::server, "stepwise");
    header->set(http::field::content_type, "text/event-stream");
    header->set(http::field::cache_control, "no-cache");
    header->set("x-amzn-RequestId", new_request_id());
    for (auto& [name, value] : response.headers) header->set(name, value);
    header->keep_alive(false);  // the body lasts until either side closes
    stream_.expires_after(options.request_timeout);
    http::async_write(stream_, *header, [self = shared_from_this(), header, opened = std::move(response.stream)](
                                            error_code error, size_t) {
        // No Content-Length: the body ends with the connection, which Beast reports as end_of_stream.
        if (error && error != http::error::end_of_stream) return self->close_socket();
        if (self->socket_closed_) return;
        self->watch_stream_client();
        self->heartbeat_.emplace(self->stream_.get_executor());
        self->beat_stream();
        opened(self->event_stream_);
        self->stream_writing_ = false;
        self->write_stream_text();
    });
}

// The client sends nothing on a stream: reading only tells when it has gone.
void HttpConnection::watch_stream_client() {
    stream_.socket().async_read_some(asio::buffer(stream_read_), [self = shared_from_this()](error_code error, size_t) {
        if (error) return self->close_socket();
        self->watch_stream_client();
    });
}

void HttpConnection::beat_stream() {
    heartbeat_->expires_after(server_->options.event_stream_heartbeat);
    heartbeat_->async_wait([self = shared_from_this()](error_code error) {
        if (error || self->socket_closed_) return;
        if (self->stream_queue_.empty()) self->queue_stream_text(": heartbeat\n\n");
        self->beat_stream();
    });
}

void HttpConnection::queue_stream_text(std::string text) {
    if (socket_closed_) return;
    stream_queue_.push_back(std::move(text));
    if (!stream_writing_) write_stream_text();
}

void HttpConnection::write_stream_text() {
    if (stream_queue_.empty() || socket_closed_) return;
    stream_writing_ = true;
    stream_.expires_after(server_->options.request_timeout);  // a client that stops reading is let go
    asio::async_write(stream_, asio::buffer(stream_queue_.front()), [self = shared_from_this()](error_code error, size_t) {
        self->stream_writing_ = false;
        if (error || self->socket_closed_) return self->close_socket();
        const std::string& text = self->stream_queue_.front();
        if (!text.starts_with(':')) self->event_stream_->written(text.size());  // heartbeats are not counted
        self->stream_queue_.pop_front();
        self->write_stream_text();
    });
}

void HttpConnection::end_stream() {
    if (!event_stream_) return;
    auto stream = std::move(event_stream_);
    event_stream_.reset();
    --server_->open_streams;
    if (heartbeat_) heartbeat_->cancel();
    stream->connection_closed();
}

}  // namespace stepwise::api
