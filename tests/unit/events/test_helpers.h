// Small helpers shared by the events unit tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "events/pattern/pattern.h"
#include "json/parse.h"

namespace stepwise::events::testing {

inline bool pattern_matches(std::string_view pattern, std::string_view event) {
    return matches(Pattern::compile(pattern), json::parse(event));
}

// The reason (text after "Reason: ") a pattern is rejected with, or "" when it compiles.
inline std::string rejection(std::string_view pattern) {
    try {
        Pattern::compile(pattern);
        return "";
    } catch (const PatternError& e) {
        EXPECT_STREQ(e.code(), "InvalidEventPatternException");
        EXPECT_EQ(e.message(), "Event pattern is not valid. Reason: " + e.reason());
        return e.reason();
    }
}

}  // namespace stepwise::events::testing
