// Retry back-off arithmetic and the Catch output, separate so unit tests can
// check them directly.
#pragma once

#include <cstdint>

#include "asl/machine.h"
#include "engine/errors.h"
#include "json/value.h"

namespace stepwise::engine {

// Delay before retry number `attempt` (0-based) of retrier `r`, in ms.
// `random_unit` in [0, 1) scales the delay for JitterStrategy FULL.
int64_t retry_delay_ms(const asl::Retrier& r, int64_t attempt, double random_unit);

// {"Error": ..., "Cause": ...} as a Catcher hands it on.
json::Value error_output(const StateError& error);

}  // namespace stepwise::engine
