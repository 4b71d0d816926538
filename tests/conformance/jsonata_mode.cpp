#include "runner.h"

namespace stepwise::conformance {

Outcome run_jsonata_case(const json::Value&, const std::filesystem::path&) {
    return fail("the jsonata mode is not built yet");
}

}  // namespace stepwise::conformance
