#include "api/ui/bus_activity.h"

#include <algorithm>

#include "api/sfn/ids.h"
#include "json/write.h"

namespace stepwise::api {
namespace {

const char* status_name(events::DeliveryStatus status) {
    switch (status) {
        case events::DeliveryStatus::Pending: return "pending";
        case events::DeliveryStatus::Delivered: return "delivered";
        case events::DeliveryStatus::Failed: return "failed";
        case events::DeliveryStatus::DeadLetter: return "dead-letter";
    }
    return "pending";
}

// arn:aws:events:<region>:<account>:rule/[<bus>/]<name> -> <name>
std::string rule_name_of(const std::string& rule_arn) {
    size_t slash = rule_arn.rfind('/');
    return slash == std::string::npos ? rule_arn : rule_arn.substr(slash + 1);
}

json::Value member_or_null(const json::Value& event, std::string_view key) {
    const json::Value* v = event.find(key);
    return v ? *v : json::Value();
}

json::Value schema_json(const events::SchemaFinding& finding) {
    json::Array violations;
    for (const events::SchemaViolation& v : finding.violations)
        violations.push_back(json::Value(json::Object{{"pointer", json::Value(v.path)}, {"message", json::Value(v.message)}}));
    json::Object o;
    o.set("registry", json::Value(finding.registry));
    o.set("name", json::Value(finding.name));
    o.set("version", json::Value(finding.version));
    o.set("valid", json::Value(finding.violations.empty()));
    o.set("mode", json::Value(finding.enforced ? "enforce" : "warn"));
    o.set("violations", json::Value(std::move(violations)));
    return json::Value(std::move(o));
}

}  // namespace

json::Value BusActivity::to_json(const Entry& entry) {
    const events::EventPut& put = entry.put;
    json::Array matches;
    std::string rule_arn;
    json::Array deliveries;
    auto close_match = [&] {
        if (rule_arn.empty()) return;
        matches.push_back(json::Value(json::Object{{"rule", json::Value(rule_name_of(rule_arn))},
                                                   {"ruleArn", json::Value(rule_arn)},
                                                   {"deliveries", json::Value(std::move(deliveries))}}));
        deliveries = json::Array{};
    };
    for (const Delivery& d : entry.deliveries) {
        if (d.target.rule_arn != rule_arn) {
            close_match();
            rule_arn = d.target.rule_arn;
        }
        json::Object o;
        o.set("targetId", json::Value(d.target.target_id));
        o.set("targetArn", json::Value(d.target.target_arn));
        o.set("status", json::Value(status_name(d.status)));
        o.set("attempts", json::Value(static_cast<long long>(d.attempts)));
        if (!d.error.empty()) o.set("error", json::Value(d.error));
        if (!d.dead_letter_file.empty()) o.set("deadLetterFile", json::Value(d.dead_letter_file));
        o.set("time", epoch_seconds(d.time_ms));
        deliveries.push_back(json::Value(std::move(o)));
    }
    close_match();

    json::Object o;
    o.set("id", json::Value(static_cast<unsigned long long>(entry.id)));
    o.set("time", epoch_seconds(put.time_ms));
    o.set("eventBusName", json::Value(put.bus_name));
    o.set("source", member_or_null(put.event, "source"));
    o.set("detailType", member_or_null(put.event, "detail-type"));
    o.set("detail", member_or_null(put.event, "detail"));
    const json::Value* resources = put.event.find("resources");
    o.set("resources", resources ? *resources : json::Value(json::Array{}));
    o.set("sentBy", json::Value(put.sent_by));
    o.set("schema", put.schema ? schema_json(*put.schema) : json::Value());
    o.set("rejected", json::Value(put.rejected));
    if (!entry.error.empty()) o.set("error", json::Value(entry.error));
    o.set("matches", json::Value(std::move(matches)));
    return json::Value(std::move(o));
}

uint64_t BusActivity::event_put(events::EventPut put) {
    Entry entry;
    entry.bytes = json::dump(put.event).size() + 256;
    for (events::MatchedTarget& target : put.targets) {
        entry.bytes += target.rule_arn.size() + target.target_arn.size() + target.target_id.size() + 128;
        Delivery& delivery = entry.deliveries.emplace_back();
        delivery.target = std::move(target);
        delivery.time_ms = put.time_ms;
    }
    put.targets.clear();
    entry.put = std::move(put);

    std::lock_guard lock(mutex_);
    entry.id = next_id_++;
    bytes_ += entry.bytes;
    entries_.push_back(std::move(entry));
    // The newest always stays, however big.
    while (entries_.size() > 1 && (entries_.size() > limits_.events || bytes_ > limits_.bytes)) {
        bytes_ -= entries_.front().bytes;
        entries_.pop_front();
        ++dropped_;
    }
    changed(entries_.back());
    return entries_.back().id;
}

BusActivity::Entry* BusActivity::find(uint64_t id) {
    if (entries_.empty() || id < entries_.front().id || id > entries_.back().id) return nullptr;
    return &entries_[id - entries_.front().id];
}

void BusActivity::delivery_changed(const events::DeliveryChange& change) {
    std::lock_guard lock(mutex_);
    Entry* entry = find(change.put_id);
    if (!entry) return;  // dropped since
    for (Delivery& d : entry->deliveries) {
        if (d.target.rule_arn != change.rule_arn || d.target.target_id != change.target_id) continue;
        d.status = change.status;
        d.attempts = change.attempts;
        d.error = change.error;
        d.dead_letter_file = change.dead_letter_file;
        d.time_ms = change.time_ms;
        changed(*entry);
        return;
    }
}

void BusActivity::put_failed(uint64_t put_id, const std::string& error) {
    std::lock_guard lock(mutex_);
    Entry* entry = find(put_id);
    if (!entry) return;
    entry->error = error;
    changed(*entry);
}

void BusActivity::changed(const Entry& entry) {
    if (changed_ && (!wanted_ || wanted_())) changed_(to_json(entry));
}

BusActivity::Page BusActivity::page(std::optional<uint64_t> after, size_t limit) const {
    std::lock_guard lock(mutex_);
    Page page;
    page.dropped = dropped_;
    size_t begin = 0;
    if (after) {
        if (!entries_.empty() && *after >= entries_.front().id)
            begin = static_cast<size_t>(std::min<uint64_t>(*after - entries_.front().id + 1, entries_.size()));
    } else {
        begin = entries_.size() > limit ? entries_.size() - limit : 0;
    }
    for (size_t i = begin; i < entries_.size() && page.events.size() < limit; ++i)
        page.events.push_back(to_json(entries_[i]));
    return page;
}

std::vector<events::EventPut> BusActivity::puts_sent_by(const std::string& sent_by) const {
    std::lock_guard lock(mutex_);
    std::vector<events::EventPut> puts;
    for (const Entry& entry : entries_)
        if (entry.put.sent_by == sent_by) puts.push_back(entry.put);
    return puts;
}

void BusActivity::on_change(std::function<bool()> wanted, std::function<void(const json::Value&)> changed) {
    std::lock_guard lock(mutex_);
    wanted_ = std::move(wanted);
    changed_ = std::move(changed);
}

}  // namespace stepwise::api
