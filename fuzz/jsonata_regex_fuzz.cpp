// Any bytes as "pattern NUL subject": the JSONata regex functions ($match,
// $contains, $replace, $split and the regex as a function) over the subject,
// under the engine's guards. Each either yields a value or throws
// jsonata::Error (S0303 for a pattern the engine refuses, U1001 for a bound);
// it must not crash, overflow the stack or hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jsonata/expression.h"
#include "json/value.h"
#include "json/write.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace stepwise;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t split = input.find('\0');
    if (split == std::string_view::npos) return 0;
    std::string_view pattern = input.substr(0, split);
    // A regex literal ends at an unescaped '/' and cannot hold a line end.
    if (pattern.empty() || pattern.find_first_of("/\n\r") != std::string_view::npos || pattern.back() == '\\') return 0;
    json::Object doc;
    doc.set("s", json::Value(std::string(input.substr(split + 1))));
    const json::Value document(std::move(doc));
    static const char* const kCalls[] = {"$match(s, /P/)", "$contains(s, /P/i)", "$replace(s, /P/m, '<$1$0>')",
                                         "$split(s, /P/)", "/P/(s).next()"};
    for (const char* call : kCalls) {
        std::string text(call);
        text.replace(text.find('P'), 1, pattern);
        try {
            auto expr = jsonata::Expression::compile(text);
            jsonata::EvalOptions options;
            options.max_steps = 20000;
            options.max_output_bytes = 16 << 20;
            auto result = expr.evaluate(&document, {}, options);
            if (result) (void)json::dump(*result);
        } catch (const jsonata::Error&) {
        }
    }
    return 0;
}
