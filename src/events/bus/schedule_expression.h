// A rule's ScheduleExpression: `rate(5 minutes)` or AWS's six-field
// `cron(minutes hours day-of-month month day-of-week year)`, and the next
// time it fires after a given instant (UTC).
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::events {

// ValidationException, worded as AWS words it.
class ScheduleError : public std::runtime_error {
public:
    ScheduleError() : std::runtime_error("Parameter ScheduleExpression is not valid.") {}
    static constexpr const char* kCode = "ValidationException";
};

class ScheduleExpression {
public:
    // Throws ScheduleError.
    static ScheduleExpression parse(std::string_view text);

    const std::string& text() const noexcept { return text_; }
    bool is_rate() const noexcept { return rate_ms_ > 0; }
    int64_t rate_ms() const noexcept { return rate_ms_; }

    // The first firing strictly after `after_ms` (Unix epoch milliseconds).
    // A rate fires every period counted from `origin_ms` (when the rule was
    // created); a cron fires at the start of each matching minute. nullopt
    // when a cron never fires again (its years have passed).
    std::optional<int64_t> next_after(int64_t after_ms, int64_t origin_ms = 0) const;

    struct Cron {
        std::bitset<60> minutes;
        std::bitset<24> hours;
        std::bitset<32> days_of_month;  // 1..31
        std::bitset<13> months;         // 1..12
        std::bitset<8> days_of_week;    // 1..7, 1 = Sunday
        std::vector<int> years;         // sorted, 1970..2199
        bool any_day_of_month = false;  // `?`: the day of the week decides
        bool any_day_of_week = false;   // `?`: the day of the month decides
        bool last_day_of_month = false;       // L
        int last_day_offset = 0;              // L-3
        bool last_weekday_of_month = false;   // LW
        int nearest_weekday_to = 0;           // 15W
        int last_day_of_week = 0;             // 5L: the last Thursday
        int nth_day_of_week = 0, nth = 0;     // 3#2: the second Tuesday
    };

private:
    bool day_matches(int year, unsigned month, unsigned day) const;

    std::string text_;
    int64_t rate_ms_ = 0;
    Cron cron_;
};

}  // namespace stepwise::events
