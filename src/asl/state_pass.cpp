// Pass: passes its input (or `Result`) to its output.
#include "asl/compiler.h"

namespace stepwise::asl::detail {

void compile_pass(PassState& state, Fields& f, Context& context) {
    Capabilities caps;
    caps.parameters = true;
    caps.result_path = true;
    read_common_fields(state, f, caps, context);
    if (f.language_gate("Result", state.query_language, QueryLanguage::JSONPath)) state.result = *f.take("Result");
}

}  // namespace stepwise::asl::detail
