// Wait: for Seconds (or SecondsPath) or until a Timestamp (or TimestampPath).
#include "asl/compiler.h"

namespace stepwise::asl::detail {

void compile_wait(WaitState& state, Fields& f, Context& context) {
    Capabilities caps;
    read_common_fields(state, f, caps, context);
    const QueryLanguage lang = state.query_language;

    f.exclusive({"Seconds", "SecondsPath", "Timestamp", "TimestampPath"});
    if (!f.has("Seconds") && !f.has("SecondsPath") && !f.has("Timestamp") && !f.has("TimestampPath"))
        f.error_here(lang == QueryLanguage::JSONata
                         ? "A Wait state needs one of 'Seconds' or 'Timestamp'"
                         : "A Wait state needs one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath'");
    state.seconds = read_dynamic_number(f, "Seconds", "SecondsPath", lang, 0, kMaxSeconds);
    if (f.language_gate("TimestampPath", lang, QueryLanguage::JSONPath))
        state.timestamp_path = read_path(f, "TimestampPath", PathKind::Any);
    if (auto timestamp = f.string("Timestamp")) {
        if (lang == QueryLanguage::JSONata && is_jsonata_expression(*timestamp))
            state.timestamp_jsonata = compile_jsonata(json::Value(*timestamp), f.pointer_of("Timestamp"), &f.diags());
        else if (is_timestamp(*timestamp))
            state.timestamp = *timestamp;
        else
            f.error("Timestamp", "Field 'Timestamp' must be an RFC 3339 timestamp such as \"2016-03-14T01:59:00Z\", not \"" +
                                     *timestamp + "\"");
    }
}

}  // namespace stepwise::asl::detail
