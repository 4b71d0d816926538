// libFuzzer target: arbitrary bytes as "<pattern>\n<event>". Compiling must
// either succeed or throw PatternError; when both sides parse, matching one
// pattern directly and through a RuleIndex must agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "events/pattern/rule_index.h"
#include "json/parse.h"

using namespace stepwise;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t newline = input.find('\n');
    std::string_view pattern_text = input.substr(0, newline);
    std::string_view event_text = newline == std::string_view::npos ? std::string_view("{}") : input.substr(newline + 1);

    events::PatternError error;
    std::optional<events::Pattern> pattern = events::Pattern::try_compile(pattern_text, &error);
    if (!pattern) return 0;
    std::optional<json::Value> event = json::try_parse(event_text);
    if (!event) return 0;

    bool direct = events::matches(*pattern, *event);
    events::RuleIndex index;
    index.add("a", *pattern);
    index.add("b", *pattern);
    index.remove("a");
    bool indexed = !index.match(*event).empty();
    if (direct != indexed) std::abort();  // the index must agree with the pattern
    return 0;
}
