// The TestEventPattern API's semantics: validate the Event parameter, compile
// the pattern, answer whether it matches, with AWS's error codes.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
#pragma once

#include <string>
#include <string_view>

#include "json/value.h"

namespace stepwise::events {

struct TestEventPatternResult {
    bool result = false;     // when error_code is empty
    std::string error_code;  // InvalidEventPatternException or ValidationException
    std::string error_message;
    bool ok() const noexcept { return error_code.empty(); }
};

// An Event must be a JSON object holding id, account, source, time, region
// and detail-type (AWS accepts it without resources).
bool is_valid_test_event(const json::Value& event);

TestEventPatternResult test_event_pattern(std::string_view event_text, std::string_view pattern_text);

}  // namespace stepwise::events
