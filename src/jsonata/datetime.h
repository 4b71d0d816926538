// Date/time: $fromMillis/$toMillis/$now with XPath F&O 3.1 picture strings
// (datetime.cpp), plus calendar arithmetic (civil dates, ISO weeks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "jsonata/value.h"

namespace stepwise::jsonata {

struct CivilTime {
    int64_t year;
    int month;   // 1..12
    int day;     // 1..31
    int hour, minute, second, millis;
    int weekday; // 1 = Monday .. 7 = Sunday
    int yday;    // 1..366
};

int64_t days_from_civil(int64_t y, int m, int d);
CivilTime civil_from_millis(double millis);

// ISO 8601 (JS Date.toISOString) when picture is undefined.
std::string format_datetime(double millis, const Val& picture, const Val& timezone);
// Parses an ISO 8601 timestamp, or one matching `picture`; nullopt when the
// text does not match. Throws D3110 / D3136 ... for bad input.
std::optional<double> parse_datetime(const std::string& text, const Val& picture, double now_ms);

}  // namespace stepwise::jsonata
