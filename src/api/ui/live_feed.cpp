#include "api/ui/live_feed.h"

#include "api/schemas/route.h"
#include "api/sfn/execution_json.h"
#include "api/ui/pause_json.h"
#include "json/write.h"

namespace stepwise::api {

void LiveFeed::connect(runtime::ExecutionHost& host) {
    host.on_status_change([this](const runtime::StatusChange& change) { status_changed(change.record); });
    host.on_history_added([this](const std::string& arn) { return wants_history(arn); },
                          [this](const runtime::HistoryAdded& added) { history_added(added); });
    host.on_debug([this](const runtime::DebugNotice& notice) { debug_changed(notice); });
}

void LiveFeed::handle(Request request, Responder respond) {
    if (request.method != "GET" || request.path != kPath)
        return respond(aws_error(404, "UnknownOperationException",
                                 "No operation at " + request.method + " " + request.path, "application/json"));
    std::string execution_arn;
    for (const auto& [key, value] : parse_query_string(request.query)) {
        if (key != "executionArn")
            return respond(aws_error(400, "ValidationException",
                                     "Unknown query parameter '" + key + "' (" + std::string(kPath) +
                                         " takes executionArn)",
                                     "application/json"));
        execution_arn = value;
    }
    Response response;
    response.stream = [this, execution_arn](std::shared_ptr<EventStream> stream) {
        subscribe(std::move(stream), execution_arn);
    };
    respond(std::move(response));
}

void LiveFeed::subscribe(std::shared_ptr<EventStream> stream, std::string execution_arn) {
    uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        if (!execution_arn.empty()) {
            ++followed_[execution_arn];
            ++following_;
        }
        subscribers_.emplace(id, Subscriber{stream, execution_arn});
        // Sent under the lock: nothing published after the subscription can come before it.
        stream->send("ready", "{\"executionArn\":" + (execution_arn.empty() ? "null" : json::quoted(execution_arn)) + "}");
    }
    stream->on_close([this, id] { unsubscribe(id); });
}

void LiveFeed::unsubscribe(uint64_t id) {
    std::lock_guard lock(mutex_);
    auto it = subscribers_.find(id);
    if (it == subscribers_.end()) return;
    const std::string& arn = it->second.execution_arn;
    if (!arn.empty()) {
        if (--followed_[arn] == 0) followed_.erase(arn);
        --following_;
    }
    subscribers_.erase(it);
}

std::vector<std::shared_ptr<EventStream>> LiveFeed::streams(const std::function<bool(const Subscriber&)>& wanted) {
    std::vector<std::shared_ptr<EventStream>> out;
    std::lock_guard lock(mutex_);
    for (const auto& [_, subscriber] : subscribers_)
        if (wanted(subscriber)) out.push_back(subscriber.stream);
    return out;
}

void LiveFeed::status_changed(const store::ExecutionRecord& record) {
    // A Distributed Map's children (up to 10,000 at once) only to their followers.
    const bool map_run_child = !record.map_run_arn.empty();
    auto to = streams([&](const Subscriber& s) {
        return (s.execution_arn.empty() && !map_run_child) || s.execution_arn == record.arn;
    });
    if (to.empty()) return;
    std::string data = json::dump(execution_list_item(record));
    for (const auto& stream : to) stream->send("execution", data);
}

void LiveFeed::history_added(const runtime::HistoryAdded& added) {
    std::string data = "{\"executionArn\":" + json::quoted(added.execution_arn) + ",\"events\":[";
    for (size_t i = 0; i < added.events.size(); ++i) {
        if (i > 0) data += ',';
        data += added.events[i].event;
    }
    data += "]}";
    for (const auto& stream : streams([&](const Subscriber& s) { return s.execution_arn == added.execution_arn; }))
        stream->send("history", data);
}

void LiveFeed::debug_changed(const runtime::DebugNotice& notice) {
    std::vector<std::pair<std::string, std::string>> messages;
    const json::Value arn(notice.execution_arn);
    for (const auto& pause : notice.paused)
        messages.emplace_back("pause", json::dump(json::Value(json::Object{{"executionArn", arn},
                                                                           {"pause", pause_json(*pause)}})));
    for (uint64_t id : notice.resumed)
        messages.emplace_back("resume", json::dump(json::Value(json::Object{
                                            {"executionArn", arn},
                                            {"pauseId", json::Value(static_cast<unsigned long long>(id))}})));
    auto to = streams([&](const Subscriber& s) {
        return s.execution_arn.empty() || s.execution_arn == notice.execution_arn;
    });
    for (const auto& stream : to)
        for (const auto& [event, data] : messages) stream->send(event, data);
}

void LiveFeed::connect(BusActivity& activity) {
    activity.on_change([this] { return open_streams() > 0; }, [this](const json::Value& entry) { bus_changed(entry); });
}

void LiveFeed::bus_changed(const json::Value& entry) {
    std::string data = "{\"event\":" + json::dump(entry) + "}";
    for (const auto& stream : streams([](const Subscriber&) { return true; })) stream->send("bus", data);
}

bool LiveFeed::wants_history(const std::string& execution_arn) {
    if (following_ == 0) return false;
    std::lock_guard lock(mutex_);
    return followed_.contains(execution_arn);
}

size_t LiveFeed::open_streams() {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
}

}  // namespace stepwise::api
