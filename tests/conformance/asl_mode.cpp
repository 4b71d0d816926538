#include "runner.h"

namespace stepwise::conformance {

Outcome run_asl_case(const json::Value&, const std::filesystem::path&) {
    return fail("the asl mode is not built yet");
}

}  // namespace stepwise::conformance
