// Clocks and generated identifiers of the Step Functions API.
#pragma once

#include <cstdint>
#include <string>

#include "json/value.h"

namespace stepwise::api {

// Wall-clock milliseconds since the Unix epoch (creation and update dates).
int64_t wall_clock_ms();

// A random (version 4) UUID: execution names, revision ids.
std::string random_uuid();

// A timestamp as AWS JSON 1.0 carries it: epoch seconds, with milliseconds as a fraction.
json::Value epoch_seconds(int64_t ms);

}  // namespace stepwise::api
