#include "events/bus/delivery_journal.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

constexpr const char* kLaneKind = "event_delivery_lane";

int64_t member_int(const json::Value& value, std::string_view key, int64_t fallback) {
    const json::Value* v = value.find(key);
    return v && v->is_integer() ? v->as_int() : fallback;
}

std::string member_text(const json::Value& value, std::string_view key) {
    const json::Value* v = value.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
}

}  // namespace

DeliveryJournal::DeliveryJournal(store::Store& store) : store_(store) {
    // Start above every id an earlier run gave (microseconds since the epoch).
    next_sequence_ = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    std::random_device random;
    char tag[9];
    std::snprintf(tag, sizeof tag, "%08x", static_cast<unsigned>(random()));
    boot_ = tag;
}

std::string DeliveryJournal::kind_of(const std::string& lane) { return "event_delivery/" + lane; }

json::Value DeliveryJournal::to_json(const Delivery& d) {
    json::Object o;
    o.set("targetArn", json::Value(d.request.target_arn));
    o.set("targetId", json::Value(d.request.target_id));
    o.set("ruleArn", json::Value(d.request.rule_arn));
    o.set("event", d.request.event);
    o.set("input", json::Value(d.request.input));
    o.set("busHops", json::Value(static_cast<long long>(d.request.bus_hops)));
    if (!d.request.parameters.is_null()) o.set("targetParameters", d.request.parameters);
    if (!d.request.http_parameters.is_null()) o.set("httpParameters", d.request.http_parameters);
    o.set("maximumRetryAttempts", json::Value(static_cast<long long>(d.retry_policy.maximum_retry_attempts)));
    o.set("maximumEventAgeInSeconds", json::Value(static_cast<long long>(d.retry_policy.maximum_event_age_seconds)));
    if (!d.dead_letter_arn.empty()) o.set("deadLetterArn", json::Value(d.dead_letter_arn));
    if (!d.refused_because.empty()) o.set("refusedBecause", json::Value(d.refused_because));
    o.set("ingestionMs", json::Value(static_cast<long long>(d.ingestion_ms)));
    if (d.put_id != 0) o.set("putId", json::Value(static_cast<unsigned long long>(d.put_id)));
    return json::Value(std::move(o));
}

Delivery DeliveryJournal::from_json(const json::Value& value) {
    if (!value.is_object() || !value.find("event")) throw std::runtime_error("not a stored delivery");
    Delivery d;
    d.request.target_arn = member_text(value, "targetArn");
    d.request.target_id = member_text(value, "targetId");
    d.request.rule_arn = member_text(value, "ruleArn");
    d.request.event = *value.find("event");
    d.request.input = member_text(value, "input");
    d.request.bus_hops = static_cast<int>(member_int(value, "busHops", 0));
    if (const json::Value* parameters = value.find("targetParameters")) d.request.parameters = *parameters;
    if (const json::Value* http = value.find("httpParameters")) d.request.http_parameters = *http;
    d.retry_policy.maximum_retry_attempts = member_int(value, "maximumRetryAttempts", 185);
    d.retry_policy.maximum_event_age_seconds = member_int(value, "maximumEventAgeInSeconds", 86'400);
    d.dead_letter_arn = member_text(value, "deadLetterArn");
    d.refused_because = member_text(value, "refusedBecause");
    d.ingestion_ms = member_int(value, "ingestionMs", 0);
    d.put_id = static_cast<uint64_t>(std::max<int64_t>(0, member_int(value, "putId", 0)));
    if (d.request.target_arn.empty()) throw std::runtime_error("a stored delivery without targetArn");
    return d;
}

std::vector<store::Write> DeliveryJournal::writes_for(std::vector<Delivery>& deliveries) {
    std::vector<store::Write> writes;
    std::vector<std::string> lanes;
    {
        std::lock_guard lock(mutex_);
        for (Delivery& d : deliveries) {
            char sequence[21];
            std::snprintf(sequence, sizeof sequence, "%020llu", static_cast<unsigned long long>(next_sequence_++));
            d.id = std::string(sequence) + "-" + boot_;
            std::string lane = d.lane();
            // created_ms 0 for all: a lane's documents list in id order.
            writes.push_back(store::PutDocument{{kind_of(lane), d.id, json::dump(to_json(d)), 0}});
            if (std::find(lanes.begin(), lanes.end(), lane) == lanes.end()) lanes.push_back(lane);
        }
    }
    // Registering a lane in every transaction that uses it costs an upsert and
    // needs no memory of what an earlier (maybe failed) transaction did.
    for (const std::string& lane : lanes)
        writes.push_back(store::PutDocument{{kLaneKind, lane, json::dump(json::Value(json::Object{{"lane", json::Value(lane)}})), 0}});
    return writes;
}

std::vector<Delivery> DeliveryJournal::page(const std::string& lane, size_t limit, size_t* read) {
    std::vector<Delivery> out;
    auto documents = store_.list_documents(kind_of(lane), "", "", limit);
    if (read) *read = documents.size();
    for (const store::Document& doc : documents) {
        try {
            Delivery d = from_json(json::parse(doc.body));
            d.id = doc.id;
            // An earlier run's put ids name nothing this run's observer knows.
            if (!doc.id.ends_with("-" + boot_)) d.put_id = 0;
            out.push_back(std::move(d));
        } catch (const std::exception& e) {
            // Unreadable (it would block the lane's paging): printed whole, then deleted.
            std::fprintf(stderr, "stepwise events: stored delivery %s of %s is unreadable (%s), dropped: %s\n",
                         doc.id.c_str(), lane.c_str(), e.what(), doc.body.c_str());
            store_.apply({store::DeleteDocument{doc.kind, doc.id}});
        }
    }
    return out;
}

std::vector<std::string> DeliveryJournal::lanes_with_deliveries() {
    std::vector<std::string> lanes;
    for (const store::Document& doc : store_.list_documents(kLaneKind)) {
        if (!store_.list_documents(kind_of(doc.id), "", "", 1).empty())
            lanes.push_back(doc.id);
        else
            store_.apply({store::DeleteDocument{kLaneKind, doc.id}});  // drained: forget the lane
    }
    return lanes;
}

void DeliveryJournal::remove(const std::vector<std::pair<std::string, std::string>>& done) {
    std::vector<store::Write> writes;
    for (const auto& [lane, id] : done) writes.push_back(store::DeleteDocument{kind_of(lane), id});
    if (!writes.empty()) store_.apply(writes);
}

}  // namespace stepwise::events
