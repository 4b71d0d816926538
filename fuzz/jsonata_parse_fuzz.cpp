// Any bytes as a JSONata expression: compiling either succeeds or throws
// jsonata::Error; nothing else may escape, and nothing may crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jsonata/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        stepwise::jsonata::Expression::compile(text);
    } catch (const stepwise::jsonata::Error&) {
    }
    return 0;
}
