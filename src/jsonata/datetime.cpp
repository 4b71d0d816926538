#include "jsonata/datetime.h"

#include <cmath>
#include <cstdio>

#include "jsonata/error.h"

namespace stepwise::jsonata {

int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilTime civil_from_millis(double millis) {
    int64_t ms = static_cast<int64_t>(std::floor(millis));
    int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    int64_t rem = ms - days * 86400000;
    CivilTime t{};
    t.hour = static_cast<int>(rem / 3600000);
    t.minute = static_cast<int>(rem / 60000 % 60);
    t.second = static_cast<int>(rem / 1000 % 60);
    t.millis = static_cast<int>(rem % 1000);
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    t.year = y + (t.month <= 2);
    int64_t wd = (days % 7 + 7 + 3) % 7;  // 1970-01-01 was a Thursday (index 3 from Monday=0)
    t.weekday = static_cast<int>(wd) + 1;
    t.yday = static_cast<int>(days - days_from_civil(t.year, 1, 1)) + 1;
    return t;
}

std::string iso_string(double millis) {
    CivilTime t = civil_from_millis(millis);
    char buf[64];
    if (t.year >= 0 && t.year <= 9999)
        std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", static_cast<long long>(t.year), t.month,
                      t.day, t.hour, t.minute, t.second, t.millis);
    else
        std::snprintf(buf, sizeof buf, "%+07lld-%02d-%02dT%02d:%02d:%02d.%03dZ", static_cast<long long>(t.year), t.month,
                      t.day, t.hour, t.minute, t.second, t.millis);
    return buf;
}

}  // namespace stepwise::jsonata
