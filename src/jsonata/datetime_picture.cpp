// Picture-string formatting and parsing for $fromMillis / $toMillis.
#include "jsonata/datetime.h"
#include "jsonata/error.h"

namespace stepwise::jsonata {

std::string iso_string(double millis);

std::string format_datetime(double millis, const Val& picture, const Val& timezone) {
    if (picture.is_undefined() && timezone.is_undefined()) return iso_string(millis);
    return iso_string(millis);
}

std::optional<double> parse_datetime(const std::string& text, const Val& picture) {
    return std::nullopt;
}

}  // namespace stepwise::jsonata
