#include "events/bus/archive.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "events/bus/event.h"
#include "events/bus/model.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

constexpr const char* kArchiveKind = "event_archive";
constexpr const char* kDeletedKind = "event_archive_deleted";  // id: the kind of a deleted archive's events
constexpr size_t kPage = 100;  // archived events read (or deleted) at once
constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

[[noreturn]] void invalid(std::string message) { throw BusError("ValidationException", std::move(message)); }
[[noreturn]] void not_found(const std::string& name) {
    throw BusError("ResourceNotFoundException", "Archive " + name + " does not exist.");
}

// AWS's constraints on ArchiveName: 1-48 of [.\-_A-Za-z0-9].
void check_name(const std::string& name) {
    auto fail = [&](const std::string& constraint) {
        invalid("1 validation error detected: Value '" + name + "' at 'archiveName' failed to satisfy constraint: " +
                constraint);
    };
    if (name.empty()) fail("Member must have length greater than or equal to 1");
    if (name.size() > 48) fail("Member must have length less than or equal to 48");
    bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    });
    if (!allowed) fail("Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
}

std::optional<Pattern> compile_pattern(const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        return Pattern::compile(std::string_view(text));
    } catch (const PatternError& e) {
        throw BusError(PatternError::kCode, e.message());
    } catch (const json::ParseError& e) {
        throw BusError(PatternError::kCode, PatternError(e.what()).message());
    }
}

std::string time_key(int64_t ms) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%020lld", static_cast<long long>(std::max<int64_t>(ms, 0)));
    return buffer;
}

int64_t time_of_id(const std::string& id) {
    try {
        return std::stoll(id.substr(0, 20));
    } catch (const std::exception&) {
        return 0;
    }
}

std::string text_member(const json::Value& value, std::string_view key) {
    const json::Value* v = value.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
}

int64_t int_member(const json::Value& value, std::string_view key) {
    const json::Value* v = value.find(key);
    return v && v->is_integer() ? v->as_int() : 0;
}

std::string random_tag() { return random_uuid().substr(0, 8); }

}  // namespace

std::string archived_event_kind(const ArchiveSpec& archive) {
    return "archived_event/" + archive.name + "/" + archive.generation;
}

json::Value archive_to_json(const ArchiveSpec& a) {
    json::Object o;
    o.set("ArchiveName", json::Value(a.name));
    o.set("ArchiveArn", json::Value(a.arn));
    o.set("EventSourceArn", json::Value(a.source_arn));
    o.set("Description", json::Value(a.description));
    o.set("EventPattern", json::Value(a.event_pattern));
    o.set("RetentionDays", json::Value(static_cast<long long>(a.retention_days)));
    o.set("State", json::Value(a.state));
    o.set("CreatedMs", json::Value(static_cast<long long>(a.created_ms)));
    o.set("Generation", json::Value(a.generation));
    return json::Value(std::move(o));
}

ArchiveSpec archive_from_json(const json::Value& value) {
    ArchiveSpec a;
    a.name = text_member(value, "ArchiveName");
    a.arn = text_member(value, "ArchiveArn");
    a.source_arn = text_member(value, "EventSourceArn");
    a.description = text_member(value, "Description");
    a.event_pattern = text_member(value, "EventPattern");
    a.retention_days = int_member(value, "RetentionDays");
    a.state = text_member(value, "State");
    a.created_ms = int_member(value, "CreatedMs");
    a.generation = text_member(value, "Generation");
    if (a.name.empty() || a.generation.empty() || a.source_arn.empty()) throw std::runtime_error("not a stored archive");
    if (a.state.empty()) a.state = "ENABLED";
    return a;
}

Archives::Archives(store::Store& store, aws::Scope scope) : store_(store), scope_(std::move(scope)) {
    // Above every sequence an earlier run gave (microseconds since the epoch).
    next_sequence_ = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    for (const store::Document& doc : store_.list_documents(kArchiveKind)) {
        try {
            ArchiveSpec spec = archive_from_json(json::parse(doc.body));
            count_events(spec);
            Entry entry{spec, compile_pattern(spec.event_pattern)};
            archives_.insert_or_assign(spec.name, std::move(entry));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "stepwise events: archive %s does not load (%s), skipped\n", doc.id.c_str(), e.what());
        }
    }
}

std::string Archives::arn_of(const std::string& name) const {
    return "arn:aws:events:" + scope_.region + ":" + scope_.account + ":archive/" + name;
}

void Archives::count_events(ArchiveSpec& spec) {
    std::string kind = archived_event_kind(spec);
    std::string after;
    for (;;) {
        auto page = store_.list_documents_after(kind, "", 0, after, kPage);
        for (const store::Document& doc : page) {
            ++spec.event_count;
            spec.size_bytes += static_cast<int64_t>(doc.body.size());
        }
        if (page.size() < kPage) break;
        after = page.back().id;
    }
}

void Archives::persist(const ArchiveSpec& spec) {
    store_.apply({store::PutDocument{{kArchiveKind, spec.name, json::dump(archive_to_json(spec)), 0}}});
}

ArchiveSpec Archives::create(ArchiveSpec archive, int64_t now_ms) {
    check_name(archive.name);
    if (archive.retention_days < 0)
        invalid("1 validation error detected: Value '" + std::to_string(archive.retention_days) +
                "' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 0");
    std::optional<Pattern> pattern = compile_pattern(archive.event_pattern);
    std::lock_guard lock(mutex_);
    if (archives_.count(archive.name))
        throw BusError("ResourceAlreadyExistsException", "Archive " + archive.name + " already exists.");
    archive.arn = arn_of(archive.name);
    archive.state = "ENABLED";
    archive.created_ms = now_ms;
    archive.generation = random_tag();
    archive.event_count = archive.size_bytes = 0;
    persist(archive);
    archives_.insert_or_assign(archive.name, Entry{archive, std::move(pattern)});
    return archive;
}

ArchiveSpec Archives::update(const std::string& name, const ArchiveUpdate& update) {
    std::optional<Pattern> pattern;
    if (update.event_pattern) pattern = compile_pattern(*update.event_pattern);
    if (update.retention_days && *update.retention_days < 0)
        invalid("1 validation error detected: Value '" + std::to_string(*update.retention_days) +
                "' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 0");
    std::lock_guard lock(mutex_);
    auto it = archives_.find(name);
    if (it == archives_.end()) not_found(name);
    ArchiveSpec spec = it->second.spec;
    if (update.description) spec.description = *update.description;
    if (update.retention_days) spec.retention_days = *update.retention_days;
    if (update.event_pattern) spec.event_pattern = *update.event_pattern;
    persist(spec);
    it->second.spec = spec;
    if (update.event_pattern) it->second.pattern = std::move(pattern);
    return spec;
}

void Archives::remove(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = archives_.find(name);
    if (it == archives_.end()) not_found(name);
    // Its events go later, in batches (sweep): a large archive must not hold
    // the request. The generation keeps them out of a new archive of the name.
    std::string kind = archived_event_kind(it->second.spec);
    store_.apply({store::DeleteDocument{kArchiveKind, name},
                  store::PutDocument{{kDeletedKind, kind, json::dump(json::Value(json::Object{})), 0}}});
    archives_.erase(it);
    deleted_this_run_.insert(kind);
}

size_t Archives::purge_deleted() {
    size_t deleted = 0;
    for (const store::Document& marker : store_.list_documents(kDeletedKind)) {
        for (;;) {
            auto page = store_.list_documents(marker.id, "", "", kPage);
            if (page.empty()) break;
            std::vector<store::Write> writes;
            for (const store::Document& doc : page) writes.push_back(store::DeleteDocument{marker.id, doc.id});
            store_.apply(writes);
            deleted += writes.size();
        }
        // Writes staged by this process for the kind may still be committed
        // (see archive.h): its marker stays until the next start.
        bool may_be_written;
        {
            std::lock_guard lock(mutex_);
            may_be_written = deleted_this_run_.count(marker.id) > 0;
        }
        if (!may_be_written) store_.apply({store::DeleteDocument{kDeletedKind, marker.id}});
    }
    return deleted;
}

std::optional<ArchiveSpec> Archives::find(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = archives_.find(name);
    if (it == archives_.end()) return std::nullopt;
    return it->second.spec;
}

std::vector<ArchiveSpec> Archives::list() const {
    std::lock_guard lock(mutex_);
    std::vector<ArchiveSpec> out;
    for (const auto& [name, entry] : archives_) out.push_back(entry.spec);
    return out;
}

void Archives::writes_for(const std::string& bus_name, const json::Value& event, std::vector<store::Write>& out) {
    // "all events are sent to the archive except replayed events" (CreateArchive).
    if (event.find("replay-name")) return;
    std::lock_guard lock(mutex_);
    if (archives_.empty()) return;
    std::string body;
    int64_t time_ms = 0;
    for (auto& [name, entry] : archives_) {
        if (entry.spec.state != "ENABLED" || bus_name_of(entry.spec.source_arn) != bus_name) continue;
        if (entry.pattern && !matches(*entry.pattern, event)) continue;
        if (body.empty()) {
            body = json::dump(event);
            time_ms = parse_iso8601(text_member(event, "time")).value_or(0);
        }
        char id[48];
        std::snprintf(id, sizeof id, "%s-%020llu", time_key(time_ms).c_str(),
                      static_cast<unsigned long long>(next_sequence_++));
        out.push_back(store::PutDocument{{archived_event_kind(entry.spec), id, body, 0}});
        ++entry.spec.event_count;
        entry.spec.size_bytes += static_cast<int64_t>(body.size());
    }
}

std::vector<ArchivedEvent> Archives::window(const ArchiveSpec& archive, int64_t start_ms, int64_t end_ms,
                                            const std::string& after_id, size_t limit) {
    // "~" sorts after the "-<sequence>" of every id of time start_ms - 1.
    std::string after = !after_id.empty() ? after_id : start_ms > 0 ? time_key(start_ms - 1) + "~" : "";
    std::vector<ArchivedEvent> out;
    for (const store::Document& doc : store_.list_documents_after(archived_event_kind(archive), "", 0, after, limit)) {
        int64_t time_ms = time_of_id(doc.id);
        if (time_ms >= end_ms) break;
        auto event = json::try_parse(doc.body);
        if (!event || !event->is_object()) {
            std::fprintf(stderr, "stepwise events: archived event %s of %s is unreadable, skipped\n", doc.id.c_str(),
                         archive.name.c_str());
            continue;
        }
        out.push_back({doc.id, time_ms, std::move(*event)});
    }
    return out;
}

size_t Archives::sweep(int64_t now_ms) {
    size_t deleted = purge_deleted();
    for (const ArchiveSpec& listed : list()) {
        if (listed.retention_days <= 0 || listed.retention_days > now_ms / kDayMs) continue;
        std::string cutoff = time_key(now_ms - listed.retention_days * kDayMs);
        std::string kind = archived_event_kind(listed);
        for (;;) {
            std::vector<store::Write> writes;
            int64_t bytes = 0;
            auto page = store_.list_documents(kind, "", "", kPage);
            for (const store::Document& doc : page) {
                if (doc.id.compare(0, 20, cutoff) >= 0) break;
                writes.push_back(store::DeleteDocument{kind, doc.id});
                bytes += static_cast<int64_t>(doc.body.size());
            }
            if (writes.empty()) break;
            store_.apply(writes);
            deleted += writes.size();
            {
                std::lock_guard lock(mutex_);
                auto it = archives_.find(listed.name);
                if (it != archives_.end() && it->second.spec.generation == listed.generation) {
                    it->second.spec.event_count -= static_cast<int64_t>(writes.size());
                    it->second.spec.size_bytes -= bytes;
                }
            }
            if (writes.size() < page.size() || page.size() < kPage) break;
        }
    }
    return deleted;
}

}  // namespace stepwise::events
