// Any bytes: parse as JSON; a value that parses must print and parse back equal.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "json/parse.h"
#include "json/write.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto value = stepwise::json::try_parse(text);
    if (!value) return 0;
    std::string printed = stepwise::json::dump(*value);
    auto again = stepwise::json::try_parse(printed);
    if (!again || !(*again == *value)) std::abort();
    return 0;
}
