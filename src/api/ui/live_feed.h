// The web page's live updates: GET /ui/stream, a stream of server-sent events
// (api/http/event_stream.h) telling what happens to executions as it happens.
//
//   GET /ui/stream                    every execution's status changes, but
//                                     a Distributed Map's children's
//                                     (ListExecutions by mapRunArn lists them)
//   GET /ui/stream?executionArn=ARN   that execution's status changes and
//                                     the history events it adds
//
// Events (each `data` is one JSON document):
//   ready      {"executionArn": ARN or null}: the stream is subscribed;
//              whatever happens from now on will be sent. Read the current
//              state (ListExecutions, GetExecutionHistory) after this one.
//   execution  a ListExecutions item ({executionArn, stateMachineArn, name,
//              status, startDate, stopDate?, ...}) each time a stored
//              execution's status changes (RUNNING, then its end; RUNNING
//              again when redriven), once the change is durable.
//   history    {"executionArn": ARN, "events": [...]}: the history events
//              (GetExecutionHistory's shapes) a durable step added. Ids run
//              on without gaps or repeats from one message to the next; the
//              first ones may repeat what a GetExecutionHistory read after
//              `ready` gave: skip ids already shown.
//   pause      {"executionArn": ARN, "pause": {...}}: a frame of the
//              execution paused at a breakpoint (the object GET
//              /ui/debug/pauses lists, api/ui/pause_json.h). Sent to the
//              streams following that execution and to status-only streams.
//   resume     {"executionArn": ARN, "pauseId": n}: that pause is over
//              (resumed, or closed by the execution's end or a failing
//              branch). Sent to the same streams as `pause`.
//   bus        {"event": ENTRY}: the event bus's activity, to every stream
//              (following an execution or not): an event was put (ENTRY as
//              GET /ui/bus/events lists it, api/ui/bus_activity.h; sent as it
//              is routed, before its deliveries are stored), and again,
//              the same id, each time one of its deliveries changes status
//              or the entry fails: the latest message replaces the earlier.
//              Read GET /ui/bus/events after `ready` for what came before.
// One execution's messages come in the order of its steps, its history
// before the pauses and the status change it led to; one bus entry's in the
// order of its changes.
// A comment line (": heartbeat") comes every 15 s on an idle stream. A client
// that falls 8 MiB behind is disconnected; EventSource reconnects by itself
// and the page reads the current state again after the next `ready`.
// Only stored (STANDARD) executions are streamed, like GetExecutionHistory.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/http/event_stream.h"
#include "api/http/request.h"
#include "api/ui/bus_activity.h"
#include "runtime/execution_host.h"
#include "store/store.h"

namespace stepwise::api {

class LiveFeed {
public:
    static constexpr std::string_view kPath = "/ui/stream";

    LiveFeed() = default;
    LiveFeed(const LiveFeed&) = delete;
    LiveFeed& operator=(const LiveFeed&) = delete;

    // Publishes what `host` reports; the feed must outlive the host's workers
    // and the server's connections.
    void connect(runtime::ExecutionHost& host);
    // GET /ui/stream[?executionArn=ARN].
    void handle(Request request, Responder respond);

    void status_changed(const store::ExecutionRecord& record);
    void history_added(const runtime::HistoryAdded& added);
    void debug_changed(const runtime::DebugNotice& notice);
    // Sends `bus` messages of `activity`'s entries; the feed must outlive the activity's changes.
    void connect(BusActivity& activity);
    void bus_changed(const json::Value& entry);
    // Whether an open stream follows this execution's history (cheap).
    bool wants_history(const std::string& execution_arn);

    size_t open_streams();

private:
    struct Subscriber {
        std::shared_ptr<EventStream> stream;
        std::string execution_arn;  // "" = every execution's status only
    };
    void subscribe(std::shared_ptr<EventStream> stream, std::string execution_arn);
    // The streams of the subscribers `wanted` picks, copied under the lock:
    // they are sent to outside it, as a send can end its connection on this
    // thread (the write callback's reference may be the last), which unsubscribes.
    std::vector<std::shared_ptr<EventStream>> streams(const std::function<bool(const Subscriber&)>& wanted);
    void unsubscribe(uint64_t id);

    std::mutex mutex_;
    uint64_t next_id_ = 1;
    std::map<uint64_t, Subscriber> subscribers_;
    std::unordered_map<std::string, size_t> followed_;  // execution ARN -> streams following its history
    std::atomic<size_t> following_{0};                  // streams following some history
};

}  // namespace stepwise::api
