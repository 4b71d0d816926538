// TestState's `stateConfiguration` (TestStateConfiguration): its members read
// and checked against the tested state and the mock, then handed to the
// engine's request. A member given where it cannot apply is a
// ValidationException, never ignored.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestStateConfiguration.html
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
//
//   StateConfiguration config = read_state_configuration(body.find("stateConfiguration"));
//   ... compile the definition, read the mock ...
//   apply_state_configuration(config, state, request);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "asl/machine.h"
#include "engine/test_state.h"
#include "json/value.h"

namespace stepwise::api::sfn {

struct StateConfiguration {
    int64_t retrier_retry_count = 0;
    std::optional<std::string> error_caused_by_state;
    std::optional<int64_t> map_iteration_failure_count;
    std::optional<std::string> map_item_reader_data;
};

// The members' types (SerializationException) and constraints (ValidationException).
StateConfiguration read_state_configuration(const json::Value* configuration);

// Checks each given member against `state` and `request.mock` (ValidationException),
// then sets it on `request`; mapItemReaderData is read as the Map's ItemReader reads its source.
void apply_state_configuration(const StateConfiguration& config, const asl::State& state,
                               engine::TestStateRequest& request);

}  // namespace stepwise::api::sfn
