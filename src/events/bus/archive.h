// EventBridge archives: each keeps the events put on one bus that match its
// pattern (every event when it has none), except replayed events, for
// RetentionDays (0 = indefinitely), so that a replay can send them again.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html
//
// Everything is in the store, as documents: kind "event_archive" (id = the
// name) holds an archive's settings; kind "archived_event/<name>/<generation>"
// its events, one document each, whose ids begin with the event's time
// (20 digits of Unix ms), so that a time window is one range of the
// documents index, read page by page. The generation (a random tag given at
// creation) keeps an archive created again under a deleted one's name from
// seeing what the old one left; kind "event_archive_deleted" lists the
// deleted archives' event kinds. The bus asks `writes_for` for the writes that
// archive an event and commits them with the event's deliveries, later (the
// group commit): a write staged before DeleteArchive may land after a sweep
// emptied the kind. So a marker written by this process stays (each sweep
// empties its kind again) until the next start, when no write staged for a
// generation it names can still be in flight; the first sweep of that run
// empties the kind once more and drops the marker.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aws/scope.h"
#include "events/pattern/pattern.h"
#include "json/value.h"
#include "store/store.h"

namespace stepwise::events {

struct ArchiveSpec {
    std::string name;
    std::string arn;
    std::string source_arn;     // the event bus's ARN
    std::string description;
    std::string event_pattern;  // JSON text, "" = every event
    int64_t retention_days = 0;  // 0 = indefinitely
    std::string state = "ENABLED";
    int64_t created_ms = 0;
    std::string generation;
    // Kept up to date in memory as events are staged (counted from the store
    // at load, so a transaction that failed is off the count after a restart).
    int64_t event_count = 0;
    int64_t size_bytes = 0;
};

// The fields of an archive that UpdateArchive may change (nullopt: keep).
struct ArchiveUpdate {
    std::optional<std::string> description;
    std::optional<std::string> event_pattern;
    std::optional<int64_t> retention_days;
};

// One archived event, as read back for a replay.
struct ArchivedEvent {
    std::string id;  // its document id (a replay's cursor)
    int64_t time_ms = 0;
    json::Value event;
};

// The document kind that holds an archive's events.
std::string archived_event_kind(const ArchiveSpec& archive);

class Archives {
public:
    // Loads the archives in the store and counts their events, page by page.
    Archives(store::Store& store, aws::Scope scope);

    // Throws BusError: ValidationException (name), InvalidEventPatternException,
    // ResourceAlreadyExistsException. Its bus must exist (the caller checks).
    ArchiveSpec create(ArchiveSpec archive, int64_t now_ms);
    ArchiveSpec update(const std::string& name, const ArchiveUpdate& update);  // ResourceNotFoundException
    // Forgets the archive; its events are deleted by the next sweep.
    void remove(const std::string& name);  // ResourceNotFoundException
    std::optional<ArchiveSpec> find(const std::string& name) const;
    std::vector<ArchiveSpec> list() const;  // by name

    // The writes that archive `event`, just put on bus `bus_name`, in every
    // archive of that bus whose pattern it matches; none for a replayed event.
    void writes_for(const std::string& bus_name, const json::Value& event, std::vector<store::Write>& out);

    // At most `limit` events of the archive whose time is in [start_ms, end_ms),
    // oldest first, after document `after_id` ("" = from start_ms).
    std::vector<ArchivedEvent> window(const ArchiveSpec& archive, int64_t start_ms, int64_t end_ms,
                                      const std::string& after_id, size_t limit);

    // Deletes the events of deleted archives, and events older than their
    // archive's RetentionDays, a batch per transaction; how many.
    size_t sweep(int64_t now_ms);

    // "arn:aws:events:<region>:<account>:archive/<name>"
    std::string arn_of(const std::string& name) const;

private:
    struct Entry {
        ArchiveSpec spec;
        std::optional<Pattern> pattern;
    };
    void persist(const ArchiveSpec& spec);
    void count_events(ArchiveSpec& spec);
    size_t purge_deleted();

    store::Store& store_;
    aws::Scope scope_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> archives_;  // by name
    std::set<std::string> deleted_this_run_;  // event kinds of the archives removed by this process
    uint64_t next_sequence_ = 0;
};

json::Value archive_to_json(const ArchiveSpec& archive);  // as stored
ArchiveSpec archive_from_json(const json::Value& value);

}  // namespace stepwise::events
