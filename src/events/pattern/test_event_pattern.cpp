#include "events/pattern/test_event_pattern.h"

#include "events/pattern/pattern.h"
#include "json/parse.h"

namespace stepwise::events {

bool is_valid_test_event(const json::Value& event) {
    if (!event.is_object()) return false;
    for (const char* field : {"id", "account", "source", "time", "region", "detail-type"})
        if (!event.find(field)) return false;
    return true;
}

TestEventPatternResult test_event_pattern(std::string_view event_text, std::string_view pattern_text) {
    TestEventPatternResult out;
    std::optional<json::Value> event = json::try_parse(event_text);
    if (!event || !is_valid_test_event(*event)) {
        out.error_code = "ValidationException";
        out.error_message = "Parameter Event is not valid.";
        return out;
    }
    PatternError error;
    std::optional<Pattern> pattern = Pattern::try_compile(pattern_text, &error);
    if (!pattern) {
        out.error_code = error.code();
        out.error_message = error.message();
        return out;
    }
    out.result = matches(*pattern, *event);
    return out;
}

}  // namespace stepwise::events
