#include "events/bus/schedule_expression.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

namespace stepwise::events {
namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMs = 86'400'000;
constexpr int kFirstYear = 1970, kLastYear = 2199;

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char separator, bool skip_empty) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        size_t end = s.find(separator, start);
        std::string_view part = s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!(skip_empty && part.empty())) parts.push_back(part);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

std::vector<std::string_view> split_whitespace(std::string_view s) {
    std::vector<std::string_view> parts;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        size_t start = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i > start) parts.push_back(s.substr(start, i - start));
    }
    return parts;
}

int parse_int(std::string_view s) {
    int value = 0;
    if (s.empty() || s.size() > 9) throw ScheduleError();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) throw ScheduleError();
    return value;
}

struct FieldRange {
    int low, high;
    const char* const* names = nullptr;  // names[i] is value low + i
};

const char* const kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char* const kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

int parse_value(std::string_view s, const FieldRange& range) {
    if (range.names) {
        for (int i = 0; i <= range.high - range.low; ++i) {
            std::string_view name = range.names[i];
            if (s.size() == name.size() && std::equal(s.begin(), s.end(), name.begin(), [](char a, char b) {
                    return std::toupper(static_cast<unsigned char>(a)) == b;
                }))
                return range.low + i;
        }
    }
    int value = parse_int(s);
    if (value < range.low || value > range.high) throw ScheduleError();
    return value;
}

// `*`, `a`, `a-b`, each optionally `/step`, separated by commas.
std::vector<int> parse_field(std::string_view field, const FieldRange& range) {
    std::vector<int> values;
    for (std::string_view item : split(field, ',', false)) {
        int step = 1;
        bool stepped = false;
        if (size_t slash = item.find('/'); slash != std::string_view::npos) {
            step = parse_int(item.substr(slash + 1));
            if (step < 1) throw ScheduleError();
            stepped = true;
            item = item.substr(0, slash);
        }
        int low, high;
        if (item == "*") {
            low = range.low;
            high = range.high;
        } else if (size_t dash = item.find('-'); dash != std::string_view::npos && dash > 0) {
            low = parse_value(item.substr(0, dash), range);
            high = parse_value(item.substr(dash + 1), range);
            if (low > high) throw ScheduleError();
        } else {
            low = parse_value(item, range);
            high = stepped ? range.high : low;
        }
        for (int v = low; v <= high; v += step) values.push_back(v);
    }
    if (values.empty()) throw ScheduleError();
    return values;
}

template <size_t N>
void set_bits(std::bitset<N>& bits, const std::vector<int>& values) {
    for (int v : values) bits.set(static_cast<size_t>(v));
}

int64_t rate_unit_ms(std::string_view unit, int value) {
    // AWS wants the singular for 1 and the plural otherwise.
    struct Unit {
        std::string_view singular, plural;
        int64_t ms;
    };
    static constexpr Unit kUnits[] = {{"minute", "minutes", kMinuteMs},
                                      {"hour", "hours", 60 * kMinuteMs},
                                      {"day", "days", kDayMs}};
    for (const Unit& u : kUnits) {
        if (unit == (value == 1 ? u.singular : u.plural)) return u.ms;
    }
    throw ScheduleError();
}

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;
using std::chrono::year_month_day;

unsigned days_in_month(int y, unsigned m) {
    return static_cast<unsigned>(year_month_day{year{y} / month{m} / std::chrono::last}.day());
}

// 1 = Sunday ... 7 = Saturday, as AWS numbers days of the week.
unsigned day_of_week(int y, unsigned m, unsigned d) {
    return weekday{sys_days{year{y} / month{m} / day{d}}}.c_encoding() + 1;
}

bool is_weekday(int y, unsigned m, unsigned d) {
    unsigned w = day_of_week(y, m, d);
    return w >= 2 && w <= 6;
}

// The weekday nearest to day `target` of the month, not leaving the month.
unsigned nearest_weekday(int y, unsigned m, unsigned target) {
    unsigned last = days_in_month(y, m);
    if (target > last) target = last;
    unsigned w = day_of_week(y, m, target);
    if (w == 7) return target == 1 ? 3 : target - 1;       // Saturday
    if (w == 1) return target == last ? target - 2 : target + 1;  // Sunday
    return target;
}

}  // namespace

ScheduleExpression ScheduleExpression::parse(std::string_view text) {
    ScheduleExpression expression;
    expression.text_ = std::string(text);
    std::string_view s = trim(text);
    auto body_of = [&](std::string_view prefix) -> std::optional<std::string_view> {
        if (s.size() < prefix.size() + 1 || s.substr(0, prefix.size()) != prefix || s.back() != ')')
            return std::nullopt;
        return trim(s.substr(prefix.size(), s.size() - prefix.size() - 1));
    };

    if (auto rate = body_of("rate(")) {
        auto parts = split_whitespace(*rate);
        if (parts.size() != 2) throw ScheduleError();
        int value = parse_int(parts[0]);
        if (value < 1) throw ScheduleError();
        expression.rate_ms_ = rate_unit_ms(parts[1], value) * value;
        return expression;
    }
    auto cron_body = body_of("cron(");
    if (!cron_body) throw ScheduleError();
    auto fields = split_whitespace(*cron_body);
    if (fields.size() != 6) throw ScheduleError();

    Cron& cron = expression.cron_;
    set_bits(cron.minutes, parse_field(fields[0], {0, 59}));
    set_bits(cron.hours, parse_field(fields[1], {0, 23}));

    std::string_view dom = fields[2], dow = fields[4];
    // Exactly one of day-of-month and day-of-week is `?`.
    if ((dom == "?") == (dow == "?")) throw ScheduleError();

    if (dom == "?") {
        cron.any_day_of_month = true;
    } else if (dom == "L") {
        cron.last_day_of_month = true;
    } else if (dom.size() > 2 && dom.substr(0, 2) == "L-") {
        cron.last_day_of_month = true;
        cron.last_day_offset = parse_int(dom.substr(2));
        if (cron.last_day_offset < 1 || cron.last_day_offset > 30) throw ScheduleError();
    } else if (dom == "LW") {
        cron.last_weekday_of_month = true;
    } else if (dom.size() > 1 && dom.back() == 'W') {
        cron.nearest_weekday_to = parse_value(dom.substr(0, dom.size() - 1), {1, 31});
    } else {
        set_bits(cron.days_of_month, parse_field(dom, {1, 31}));
    }

    set_bits(cron.months, parse_field(fields[3], {1, 12, kMonthNames}));

    if (dow == "?") {
        cron.any_day_of_week = true;
    } else if (dow == "L") {
        cron.days_of_week.set(7);
    } else if (dow.size() > 1 && dow.back() == 'L') {
        cron.last_day_of_week = parse_value(dow.substr(0, dow.size() - 1), {1, 7, kDayNames});
    } else if (size_t hash = dow.find('#'); hash != std::string_view::npos) {
        cron.nth_day_of_week = parse_value(dow.substr(0, hash), {1, 7, kDayNames});
        cron.nth = parse_int(dow.substr(hash + 1));
        if (cron.nth < 1 || cron.nth > 5) throw ScheduleError();
    } else {
        set_bits(cron.days_of_week, parse_field(dow, {1, 7, kDayNames}));
    }

    cron.years = parse_field(fields[5], {kFirstYear, kLastYear});
    std::sort(cron.years.begin(), cron.years.end());
    cron.years.erase(std::unique(cron.years.begin(), cron.years.end()), cron.years.end());
    return expression;
}

bool ScheduleExpression::day_matches(int y, unsigned m, unsigned d) const {
    const Cron& c = cron_;
    if (!c.any_day_of_month) {
        unsigned last = days_in_month(y, m);
        if (c.last_day_of_month) return d + static_cast<unsigned>(c.last_day_offset) == last;
        if (c.last_weekday_of_month) {
            unsigned w = last;
            while (!is_weekday(y, m, w)) --w;
            return d == w;
        }
        if (c.nearest_weekday_to) {
            if (static_cast<unsigned>(c.nearest_weekday_to) > last) return false;
            return d == nearest_weekday(y, m, static_cast<unsigned>(c.nearest_weekday_to));
        }
        return c.days_of_month.test(d);
    }
    unsigned w = day_of_week(y, m, d);
    if (c.last_day_of_week) return w == static_cast<unsigned>(c.last_day_of_week) && d + 7 > days_in_month(y, m);
    if (c.nth_day_of_week)
        return w == static_cast<unsigned>(c.nth_day_of_week) && (d - 1) / 7 + 1 == static_cast<unsigned>(c.nth);
    return c.days_of_week.test(w);
}

std::optional<int64_t> ScheduleExpression::next_after(int64_t after_ms, int64_t origin_ms) const {
    if (is_rate()) {
        if (after_ms < origin_ms) return origin_ms + rate_ms_;
        int64_t periods = (after_ms - origin_ms) / rate_ms_ + 1;
        return origin_ms + periods * rate_ms_;
    }
    // The first whole minute after `after_ms`.
    int64_t start = (after_ms >= 0 ? after_ms / kMinuteMs + 1 : after_ms / kMinuteMs) * kMinuteMs;
    int64_t day_index = start >= 0 ? start / kDayMs : (start - kDayMs + 1) / kDayMs;
    int start_minute_of_day = static_cast<int>((start - day_index * kDayMs) / kMinuteMs);

    for (sys_days day_point{days{day_index}};; day_point += days{1}) {
        year_month_day date{day_point};
        int y = static_cast<int>(date.year());
        if (y > cron_.years.back() || y > kLastYear) return std::nullopt;
        bool first_day = day_point.time_since_epoch().count() == day_index;
        if (!std::binary_search(cron_.years.begin(), cron_.years.end(), y)) {
            // Jump to the first of January of the next year.
            day_point = sys_days{year{y + 1} / 1 / 1} - days{1};
            continue;
        }
        unsigned m = static_cast<unsigned>(date.month()), d = static_cast<unsigned>(date.day());
        if (!cron_.months.test(m) || !day_matches(y, m, d)) continue;
        int from = first_day ? start_minute_of_day : 0;
        for (int minute_of_day = from; minute_of_day < 24 * 60; ++minute_of_day) {
            if (cron_.hours.test(static_cast<size_t>(minute_of_day / 60)) &&
                cron_.minutes.test(static_cast<size_t>(minute_of_day % 60)))
                return day_point.time_since_epoch().count() * kDayMs + int64_t{minute_of_day} * kMinuteMs;
        }
    }
}

}  // namespace stepwise::events
