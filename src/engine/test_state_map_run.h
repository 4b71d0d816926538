// Internal to engine/test_state.cpp: TestState's stand-in for the Map Run of a
// DISTRIBUTED Map. The children never run (the mock is the Map's result), but
// the items are still read, cut to MaxItems, shaped by ItemSelector and
// grouped by ItemBatcher, for the inspection data and for
// stateConfiguration.mapIterationFailureCount's threshold.
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
#pragma once

#include <cstdint>
#include <optional>

#include "engine/errors.h"
#include "engine/map_run_request.h"
#include "engine/test_state.h"
#include "json/value.h"

namespace stepwise::engine {

struct MapRunPreview {
    std::optional<int64_t> items;                   // how many (nullopt: unknown, an ItemReader without data)
    std::optional<json::Value> after_items_pointer;  // the reader's items, when its ReaderConfig has an ItemsPointer
    std::optional<json::Value> after_item_selector;  // every item's input
    std::optional<json::Value> after_item_batcher;   // every batch's input, with an ItemBatcher
    std::optional<StateError> failure;               // the run fails before any child: reading or shaping failed
};

// `reader_items`: stateConfiguration.mapItemReaderData as read, for a Map with an ItemReader.
MapRunPreview preview_map_run(const MapRunRequest& run, const std::optional<TestStateReaderItems>& reader_items);

// Whether `failed` of `total` iterations exceed ToleratedFailureCount/Percentage.
// Without either, TestState reports no threshold (as AWS answers TestState).
bool exceeds_tolerated_failures(const MapRunRequest& run, int64_t failed, int64_t total);

}  // namespace stepwise::engine
