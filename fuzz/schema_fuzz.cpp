// Any bytes as a JSON Schema document for the schema registry, then checked
// against events with short and long strings. Registration either succeeds or
// throws SchemaError (a `$ref` loop, a pattern the engine refuses, valijson's
// own errors); checking answers. Nothing may crash, overflow the stack or hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/schema/registry.h"
#include "json/parse.h"

namespace {
stepwise::json::Value event(const std::string& text) {
    using namespace stepwise;
    json::Object detail;
    detail.set("text", json::Value(text));
    detail.set("n", json::Value(3));
    json::Object e;
    e.set("source", json::Value("fuzz"));
    e.set("detail-type", json::Value("Fuzz"));
    e.set("detail", json::Value(std::move(detail)));
    return json::Value(std::move(e));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace stepwise;
    std::string text(reinterpret_cast<const char*>(data), size);
    events::SchemaRegistry registry;
    try {
        registry.add_text("fuzz", "Schema", text, events::EventBinding{"fuzz", "Fuzz"});
    } catch (const events::SchemaError&) {
        return 0;
    }
    static const json::Value kShort = event("ab-12");
    static const json::Value kLong = event(std::string(50'000, 'a') + "b");
    (void)registry.check(kShort);
    (void)registry.check(kLong);
    return 0;
}
