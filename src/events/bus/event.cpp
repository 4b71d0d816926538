#include "events/bus/event.h"
#include "query/uuid.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <random>

#include "json/parse.h"

namespace stepwise::events {

size_t entry_size(const EventEntry& entry) {
    size_t size = entry.time_ms ? 14 : 0;
    if (entry.source) size += entry.source->size();
    if (entry.detail_type) size += entry.detail_type->size();
    if (entry.detail) size += entry.detail->size();
    for (const auto& r : entry.resources) size += r.size();
    return size;
}

std::optional<EntryResult> check_entry(const EventEntry& entry) {
    auto missing = [](const char* parameter) {
        std::string name(parameter);
        return EntryResult{"", "InvalidArgument",
                           "Parameter " + name + " is not valid. Reason: " + name + " is a required argument."};
    };
    if (!entry.source || entry.source->empty()) return missing("Source");
    if (!entry.detail_type || entry.detail_type->empty()) return missing("DetailType");
    if (!entry.detail || entry.detail->empty()) return missing("Detail");
    auto detail = json::try_parse(*entry.detail);
    if (!detail || !detail->is_object()) return EntryResult{"", "MalformedDetail", "Detail is malformed."};
    return std::nullopt;
}

json::Value make_event(const std::string& id, const std::string& detail_type, const std::string& source,
                       const std::string& account, const std::string& region, int64_t time_ms,
                       const std::vector<std::string>& resources, json::Value detail) {
    json::Array resource_list;
    for (const auto& r : resources) resource_list.push_back(json::Value(r));
    json::Object event;
    event.reserve(9);
    event.append(json::Value("version"), json::Value("0"));
    event.append(json::Value("id"), json::Value(id));
    event.append(json::Value("detail-type"), json::Value(detail_type));
    event.append(json::Value("source"), json::Value(source));
    event.append(json::Value("account"), json::Value(account));
    event.append(json::Value("time"), json::Value(iso8601_seconds(time_ms)));
    event.append(json::Value("region"), json::Value(region));
    event.append(json::Value("resources"), json::Value(std::move(resource_list)));
    event.append(json::Value("detail"), std::move(detail));
    return json::Value(std::move(event));
}

std::string iso8601_seconds(int64_t ms) {
    using namespace std::chrono;
    sys_seconds seconds{duration_cast<std::chrono::seconds>(milliseconds{ms})};
    if (ms < 0 && ms % 1000 != 0) seconds -= std::chrono::seconds{1};
    auto day_point = floor<days>(seconds);
    year_month_day date{day_point};
    hh_mm_ss time{seconds - day_point};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return buffer;
}

std::optional<int64_t> parse_iso8601(const std::string& text) {
    int y, mo, d, h = 0, mi = 0, s = 0, consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3) return std::nullopt;
    size_t pos = static_cast<size_t>(consumed);
    int64_t fraction_ms = 0, offset_minutes = 0;
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
        if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &consumed) != 3) return std::nullopt;
        pos += 1 + static_cast<size_t>(consumed);
        if (pos < text.size() && text[pos] == '.') {
            int64_t scale = 100;
            for (++pos; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])); ++pos) {
                fraction_ms += (text[pos] - '0') * scale;
                scale /= 10;
            }
        }
        if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
            ++pos;
        } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
            int oh = 0, om = 0;
            if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d%n", &oh, &om, &consumed) != 2) return std::nullopt;
            offset_minutes = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
            pos += 1 + static_cast<size_t>(consumed);
        }
    }
    if (pos != text.size()) return std::nullopt;
    using namespace std::chrono;
    year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
    int64_t days_since_epoch = sys_days{date}.time_since_epoch().count();
    return ((days_since_epoch * 24 + h) * 60 + mi - offset_minutes) * 60'000 + int64_t{s} * 1000 + fraction_ms;
}

std::string random_uuid() { return query::random_uuid(); }

}  // namespace stepwise::events
