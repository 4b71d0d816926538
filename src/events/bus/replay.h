// EventBridge replays: the events of an archive whose time is in a window,
// sent again, oldest first, to the archive's bus, for all its rules or only
// the rules the destination's FilterArns name. Each replayed event carries
// `replay-name` (the replay's name), and is not archived again.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html
//
// Replays run one at a time on a thread of their own. A page of events is
// replayed in one transaction: the deliveries of its events and the replay's
// new cursor (the last event replayed) together, so a replay that a stop or
// a crash interrupts resumes at the next start exactly where it was. Kind
// "event_replay" (id = the name) holds each replay. The same thread sweeps
// the archives' expired events (Archives::sweep) at start and every hour.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "events/bus/archive.h"
#include "json/value.h"
#include "store/store.h"

namespace stepwise::events {

class EventBus;

struct ReplaySpec {
    std::string name;
    std::string arn;
    std::string description;
    std::string archive_arn;      // EventSourceArn
    std::string archive_name;
    std::string destination_arn;  // the archive's bus
    std::vector<std::string> filter_arns;
    int64_t event_start_ms = 0;
    int64_t event_end_ms = 0;
    // STARTING RUNNING CANCELLING COMPLETED CANCELLED FAILED
    std::string state = "STARTING";
    std::string state_reason;
    int64_t replay_start_ms = 0;
    std::optional<int64_t> replay_end_ms;
    std::optional<int64_t> last_replayed_ms;  // the time of the last event replayed
    std::string cursor;                        // its archived event's id
    bool ended() const { return state == "COMPLETED" || state == "CANCELLED" || state == "FAILED"; }
};

json::Value replay_to_json(const ReplaySpec& replay);  // as stored
ReplaySpec replay_from_json(const json::Value& value);

class Replays {
public:
    Replays(store::Store& store, EventBus& bus, Archives& archives);
    ~Replays();  // stops the thread; a replay under way stays RUNNING for the next start
    Replays(const Replays&) = delete;
    Replays& operator=(const Replays&) = delete;

    // Loads the stored replays, queues the ones that had not ended, starts
    // the thread. Once, at start.
    void resume();

    // Stores the replay (STARTING) and queues it; ResourceAlreadyExistsException
    // when the name is in use. The caller has validated the rest.
    ReplaySpec start(ReplaySpec replay);
    // IllegalStatusException unless STARTING or RUNNING; ResourceNotFoundException.
    ReplaySpec cancel(const std::string& name);
    std::optional<ReplaySpec> find(const std::string& name) const;
    std::vector<ReplaySpec> list() const;  // by name

    // Sweeps the archives now rather than at the next hour (a deleted archive's events).
    void sweep_soon();
    // Waits until no replay is queued or running (tests); false on timeout.
    bool wait_idle(std::chrono::milliseconds timeout);

    std::chrono::milliseconds sweep_interval = std::chrono::hours(1);

private:
    void run();
    void replay(const std::string& name);
    // Replays one page; false when the window is done.
    bool replay_page(ReplaySpec& spec, const ArchiveSpec& archive);
    void set(ReplaySpec& spec, std::vector<store::Write> writes = {});
    bool cancelled(const std::string& name);

    store::Store& store_;
    EventBus& bus_;
    Archives& archives_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::map<std::string, ReplaySpec> replays_;
    std::deque<std::string> queue_;
    bool busy_ = false;
    bool sweep_now_ = false;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace stepwise::events
