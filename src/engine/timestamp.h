// Timestamps as ASL uses them: RFC 3339 text (Wait `Timestamp`, Choice
// `Timestamp*` rules) and milliseconds since the Unix epoch (history, clock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stepwise::engine {

// A point in time with nanosecond precision.
struct Instant {
    int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
    int32_t nanos = 0;
    friend auto operator<=>(const Instant&, const Instant&) = default;
    int64_t to_ms() const { return seconds * 1000 + nanos / 1000000; }
};

// Parses the RFC 3339 profile AWS accepts: `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`.
// The `T` and `Z` must be upper case. nullopt when the text is not such a timestamp.
std::optional<Instant> parse_rfc3339(std::string_view text);

// 2024-01-01T00:00:00.000Z
std::string format_iso8601_ms(int64_t ms);

int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace stepwise::engine
