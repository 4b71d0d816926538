// Any bytes: compile as a state machine definition. Must never crash; a
// definition either compiles or yields located diagnostics, never both.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "asl/compile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    stepwise::asl::CompileResult result = stepwise::asl::compile(text);
    if (result.ok() != result.errors.empty()) std::abort();
    for (const auto& error : result.errors) {
        if (error.code.empty() || error.message.empty()) std::abort();
        if (!error.pointer.empty() && error.pointer[0] != '/') std::abort();
    }
    if (result.ok()) {
        // Substituting must not change a compiled definition's validity for placeholders it does not hold.
        stepwise::asl::CompileResult again = stepwise::asl::compile(result.machine->definition);
        if (!again.ok()) std::abort();
    }
    return 0;
}
