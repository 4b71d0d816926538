#include "api/http/event_stream.h"

namespace stepwise::api {

EventStream::EventStream(std::function<void(std::string)> write, std::function<void()> close)
    : write_(std::move(write)), close_(std::move(close)) {}

std::string EventStream::frame(std::string_view event, std::string_view data) {
    std::string text = "event: ";
    text += event;
    text += '\n';
    while (true) {
        auto newline = data.find('\n');
        text += "data: ";
        text += data.substr(0, newline);
        text += '\n';
        if (newline == std::string_view::npos) break;
        data.remove_prefix(newline + 1);
    }
    text += '\n';
    return text;
}

bool EventStream::send(std::string_view event, std::string_view data) {
    if (!open_) return false;
    std::string text = frame(event, data);
    if (queued_.fetch_add(text.size()) + text.size() > kMaxQueuedBytes) {
        close();
        return false;
    }
    write_(std::move(text));
    return true;
}

void EventStream::close() {
    if (open_.exchange(false)) close_();
}

void EventStream::on_close(std::function<void()> closed) {
    {
        std::lock_guard lock(mutex_);
        if (!close_ran_) {
            closed_ = std::move(closed);
            return;
        }
    }
    closed();
}

void EventStream::connection_closed() {
    open_ = false;
    std::function<void()> closed;
    {
        std::lock_guard lock(mutex_);
        if (close_ran_) return;
        close_ran_ = true;
        closed = std::move(closed_);
    }
    if (closed) closed();
}

}  // namespace stepwise::api
