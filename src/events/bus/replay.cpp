#include "events/bus/replay.h"

#include <cstdio>
#include <functional>

#include "events/bus/event_bus.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

constexpr const char* kReplayKind = "event_replay";
constexpr size_t kPage = 100;  // events replayed in one transaction

std::string text_member(const json::Value& value, std::string_view key) {
    const json::Value* v = value.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
}

std::optional<int64_t> int_member(const json::Value& value, std::string_view key) {
    const json::Value* v = value.find(key);
    if (!v || !v->is_integer()) return std::nullopt;
    return v->as_int();
}

void set_int(json::Object& o, std::string_view key, std::optional<int64_t> value) {
    if (value) o.set(key, json::Value(static_cast<long long>(*value)));
}

}  // namespace

json::Value replay_to_json(const ReplaySpec& r) {
    json::Object o;
    o.set("ReplayName", json::Value(r.name));
    o.set("ReplayArn", json::Value(r.arn));
    o.set("Description", json::Value(r.description));
    o.set("EventSourceArn", json::Value(r.archive_arn));
    o.set("ArchiveName", json::Value(r.archive_name));
    o.set("DestinationArn", json::Value(r.destination_arn));
    json::Array filters;
    for (const std::string& arn : r.filter_arns) filters.push_back(json::Value(arn));
    o.set("FilterArns", json::Value(std::move(filters)));
    set_int(o, "EventStartMs", r.event_start_ms);
    set_int(o, "EventEndMs", r.event_end_ms);
    o.set("State", json::Value(r.state));
    o.set("StateReason", json::Value(r.state_reason));
    set_int(o, "ReplayStartMs", r.replay_start_ms);
    set_int(o, "ReplayEndMs", r.replay_end_ms);
    set_int(o, "LastReplayedMs", r.last_replayed_ms);
    o.set("Cursor", json::Value(r.cursor));
    return json::Value(std::move(o));
}

ReplaySpec replay_from_json(const json::Value& value) {
    ReplaySpec r;
    r.name = text_member(value, "ReplayName");
    r.arn = text_member(value, "ReplayArn");
    r.description = text_member(value, "Description");
    r.archive_arn = text_member(value, "EventSourceArn");
    r.archive_name = text_member(value, "ArchiveName");
    r.destination_arn = text_member(value, "DestinationArn");
    if (const json::Value* filters = value.find("FilterArns"); filters && filters->is_array())
        for (const json::Value& arn : filters->as_array())
            if (arn.is_string()) r.filter_arns.emplace_back(arn.as_string());
    r.event_start_ms = int_member(value, "EventStartMs").value_or(0);
    r.event_end_ms = int_member(value, "EventEndMs").value_or(0);
    r.state = text_member(value, "State");
    r.state_reason = text_member(value, "StateReason");
    r.replay_start_ms = int_member(value, "ReplayStartMs").value_or(0);
    r.replay_end_ms = int_member(value, "ReplayEndMs");
    r.last_replayed_ms = int_member(value, "LastReplayedMs");
    r.cursor = text_member(value, "Cursor");
    if (r.name.empty() || r.state.empty() || r.archive_name.empty()) throw std::runtime_error("not a stored replay");
    return r;
}

Replays::Replays(store::Store& store, EventBus& bus, Archives& archives)
    : store_(store), bus_(bus), archives_(archives) {}

Replays::~Replays() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Replays::resume() {
    std::lock_guard lock(mutex_);
    for (const store::Document& doc : store_.list_documents(kReplayKind)) {
        try {
            ReplaySpec spec = replay_from_json(json::parse(doc.body));
            if (replays_.count(spec.name)) continue;  // started (and queued) already
            if (!spec.ended()) queue_.push_back(spec.name);
            replays_.insert_or_assign(spec.name, std::move(spec));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "stepwise events: replay %s does not load (%s), skipped\n", doc.id.c_str(), e.what());
        }
    }
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void Replays::set(ReplaySpec& spec, std::vector<store::Write> writes) {
    std::lock_guard lock(mutex_);
    // A cancel that came meanwhile is kept (the runner sees it next).
    auto it = replays_.find(spec.name);
    if (it != replays_.end() && it->second.state == "CANCELLING" && spec.state == "RUNNING") spec.state = "CANCELLING";
    writes.push_back(store::PutDocument{{kReplayKind, spec.name, json::dump(replay_to_json(spec)), 0}});
    store_.apply(writes);
    replays_.insert_or_assign(spec.name, spec);
}

ReplaySpec Replays::start(ReplaySpec replay) {
    std::unique_lock lock(mutex_);
    if (replays_.count(replay.name))
        throw BusError("ResourceAlreadyExistsException", "Replay " + replay.name + " already exists.");
    const aws::Scope& scope = bus_.scope();
    replay.arn = "arn:aws:events:" + scope.region + ":" + scope.account + ":replay/" + replay.name;
    replay.state = "STARTING";
    replay.replay_start_ms = bus_.now_ms();
    store_.apply({store::PutDocument{{kReplayKind, replay.name, json::dump(replay_to_json(replay)), 0}}});
    replays_.insert_or_assign(replay.name, replay);
    queue_.push_back(replay.name);
    lock.unlock();
    wake_.notify_all();
    return replay;
}

ReplaySpec Replays::cancel(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = replays_.find(name);
    if (it == replays_.end()) throw BusError("ResourceNotFoundException", "Replay " + name + " does not exist.");
    ReplaySpec spec = it->second;
    if (spec.state != "STARTING" && spec.state != "RUNNING")
        throw BusError("IllegalStatusException", "Replay " + name + " is not in a valid state for this operation.");
    spec.state = "CANCELLING";
    store_.apply({store::PutDocument{{kReplayKind, spec.name, json::dump(replay_to_json(spec)), 0}}});
    it->second = spec;
    return spec;
}

std::optional<ReplaySpec> Replays::find(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = replays_.find(name);
    if (it == replays_.end()) return std::nullopt;
    return it->second;
}

std::vector<ReplaySpec> Replays::list() const {
    std::lock_guard lock(mutex_);
    std::vector<ReplaySpec> out;
    for (const auto& [name, spec] : replays_) out.push_back(spec);
    return out;
}

void Replays::sweep_soon() {
    {
        std::lock_guard lock(mutex_);
        sweep_now_ = true;
    }
    wake_.notify_all();
}

bool Replays::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

bool Replays::cancelled(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = replays_.find(name);
    return it == replays_.end() || it->second.state == "CANCELLING";
}

void Replays::run() {
    auto next_sweep = std::chrono::steady_clock::now();
    for (;;) {
        std::string name;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_until(lock, next_sweep, [this] { return stop_ || sweep_now_ || !queue_.empty(); });
            if (stop_) return;
            if (sweep_now_) next_sweep = std::chrono::steady_clock::now();
            sweep_now_ = false;
            if (!queue_.empty()) {
                name = queue_.front();
                queue_.pop_front();
                busy_ = true;
            }
        }
        if (!name.empty()) {
            try {
                replay(name);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "stepwise events: replay %s: %s\n", name.c_str(), e.what());
            }
            std::lock_guard lock(mutex_);
            busy_ = false;
            if (queue_.empty()) idle_.notify_all();
        }
        if (std::chrono::steady_clock::now() >= next_sweep) {
            try {
                archives_.sweep(bus_.now_ms());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "stepwise events: archive retention sweep failed (tried again later): %s\n",
                             e.what());
            }
            next_sweep = std::chrono::steady_clock::now() + sweep_interval;
        }
    }
}

void Replays::replay(const std::string& name) {
    std::optional<ReplaySpec> found = find(name);
    if (!found) return;
    ReplaySpec spec = *found;
    if (spec.ended()) return;
    auto end = [&](std::string state, std::string reason) {
        spec.state = std::move(state);
        spec.state_reason = std::move(reason);
        spec.replay_end_ms = bus_.now_ms();
        set(spec);
    };
    if (spec.state == "CANCELLING") return end("CANCELLED", "");
    std::optional<ArchiveSpec> archive = archives_.find(spec.archive_name);
    if (!archive) return end("FAILED", "Archive " + spec.archive_name + " does not exist.");
    if (spec.state != "RUNNING") {
        spec.state = "RUNNING";
        set(spec);
    }
    try {
        for (;;) {
            {
                std::lock_guard lock(mutex_);
                if (stop_) return;  // stays RUNNING: resumed at the next start
            }
            if (cancelled(name)) return end("CANCELLED", "");
            if (!replay_page(spec, *archive)) return end("COMPLETED", "");
        }
    } catch (const std::exception& e) {
        end("FAILED", e.what());
    }
}

bool Replays::replay_page(ReplaySpec& spec, const ArchiveSpec& archive) {
    std::vector<ArchivedEvent> page =
        archives_.window(archive, spec.event_start_ms, spec.event_end_ms, spec.cursor, kPage);
    if (page.empty()) return false;
    std::vector<store::Write> writes;
    std::vector<std::function<void()>> releases;
    std::string bus = bus_name_of(spec.destination_arn);
    for (ArchivedEvent& archived : page) {
        json::Value event = archived.event;
        event.mutable_object().set("replay-name", json::Value(spec.name));
        StagedDeliveries staged = bus_.stage_replayed(bus, event, spec.filter_arns, spec.arn);
        writes.insert(writes.end(), std::make_move_iterator(staged.writes.begin()),
                      std::make_move_iterator(staged.writes.end()));
        releases.push_back(std::move(staged.release));
        spec.cursor = archived.id;
        spec.last_replayed_ms = archived.time_ms;
    }
    set(spec, std::move(writes));
    for (auto& release : releases) release();
    return page.size() == kPage;
}

}  // namespace stepwise::events
