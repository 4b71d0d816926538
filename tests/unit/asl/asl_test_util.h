// Helpers for the asl unit tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "asl/compile.h"
#include "json/parse.h"

namespace stepwise::asl::testing {

inline std::string describe(const CompileResult& result) {
    std::string out;
    for (const Diagnostic& d : result.errors) out += "  " + d.to_string() + "\n";
    return out;
}

// True when `result` has a diagnostic at `pointer` with `code` whose message contains `fragment`.
inline bool has_error(const CompileResult& result, const std::string& pointer, const std::string& code,
                      const std::string& fragment) {
    for (const Diagnostic& d : result.errors)
        if (d.pointer == pointer && d.code == code && d.message.find(fragment) != std::string::npos) return true;
    return false;
}

#define EXPECT_ASL_ERROR(result, pointer, code, fragment)                                               \
    EXPECT_TRUE(::stepwise::asl::testing::has_error(result, pointer, code, fragment))                  \
        << "expected " << code << " at " << pointer << " containing \"" << fragment << "\"; got:\n" \
        << ::stepwise::asl::testing::describe(result)

#define EXPECT_COMPILES(result) EXPECT_TRUE((result).ok()) << ::stepwise::asl::testing::describe(result)

// A one-state machine around `state` (a JSON object text) named "S".
inline std::string one_state(const std::string& state, const std::string& top_extra = "") {
    return R"({)" + top_extra + R"("StartAt":"S","States":{"S":)" + state + "}}";
}

}  // namespace stepwise::asl::testing
