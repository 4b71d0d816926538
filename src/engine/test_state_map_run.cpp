// TestState's stand-in for a DISTRIBUTED Map's Map Run (test_state_map_run.h).
// The steps and their order follow the shell's Map Run (tasks/map_run/map_runner.cpp):
// items, MaxItems, ItemSelector per item, then ItemBatcher.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-fields-dist-map.html
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
#include "engine/test_state_map_run.h"

#include <string>

#include "json/write.h"

namespace stepwise::engine {

namespace {

// The reader's items or the input's, cut to MaxItems; nullopt when unknown.
std::optional<json::Array> run_items(const MapRunRequest& run, const std::optional<TestStateReaderItems>& reader,
                                     MapRunPreview& preview) {
    const bool reads = run.state && run.state->item_reader;
    if (reads && !reader) return std::nullopt;
    const json::Value& all = reads ? reader->items : *run.items;
    if (reads && !run.state->item_reader->items_pointer.empty()) preview.after_items_pointer = all;
    json::Array items = all.is_array() ? all.as_array() : json::Array{};
    if (run.max_items && *run.max_items > 0 && items.size() > static_cast<size_t>(*run.max_items))
        items.resize(static_cast<size_t>(*run.max_items));
    return items;
}

// Groups the shaped items as ItemBatcher does: at most MaxItemsPerBatch items
// and MaxInputBytesPerBatch bytes of {"BatchInput":…,"Items":[…]} each.
json::Value batches(const MapRunRequest& run, const json::Array& inputs) {
    const int64_t max_items = run.max_items_per_batch.value_or(0);
    const int64_t max_bytes = run.max_input_bytes_per_batch.value_or(0);
    const std::string batch_input = run.batch_input.is_null() ? "" : json::dump(run.batch_input);
    const int64_t frame_bytes = static_cast<int64_t>((batch_input.empty() ? 0 : 14 + batch_input.size()) + 12);
    json::Array out;
    json::Array items;
    int64_t item_bytes = 0;
    auto close = [&] {
        json::Object batch;
        if (!run.batch_input.is_null()) batch.set("BatchInput", run.batch_input);
        batch.set("Items", json::Value(std::move(items)));
        out.push_back(json::Value(std::move(batch)));
        items = json::Array{};
        item_bytes = 0;
    };
    for (size_t i = 0; i < inputs.size(); ++i) {
        const int64_t size = static_cast<int64_t>(json::dump(inputs[i]).size());
        const bool full_by_count = max_items > 0 && static_cast<int64_t>(items.size()) >= max_items;
        const bool full_by_bytes = max_bytes > 0 && !items.empty() && frame_bytes + item_bytes + size + 1 > max_bytes;
        if (full_by_count || full_by_bytes) close();
        if (max_bytes > 0 && items.empty() && frame_bytes + size > max_bytes)
            throw ItemShapeError{std::string(errors::Runtime),
                                 "The item at index " + std::to_string(i) + " is larger than " +
                                     std::to_string(max_bytes) + " bytes (ItemBatcher's MaxInputBytesPerBatch)."};
        item_bytes += size + (items.empty() ? 0 : 1);
        items.push_back(inputs[i]);
    }
    if (!items.empty()) close();
    return json::Value(std::move(out));
}

}  // namespace

MapRunPreview preview_map_run(const MapRunRequest& run, const std::optional<TestStateReaderItems>& reader_items) {
    MapRunPreview preview;
    if (reader_items && reader_items->error && run.state && run.state->item_reader) {
        preview.failure = StateError::make(errors::ItemReaderFailed, *reader_items->error);
        return preview;
    }
    std::optional<json::Array> items = run_items(run, reader_items, preview);
    if (!items) return preview;
    preview.items = static_cast<int64_t>(items->size());
    try {
        json::Array inputs;
        inputs.reserve(items->size());
        for (size_t i = 0; i < items->size(); ++i)
            inputs.push_back(run.shaper ? run.shaper->shape(static_cast<int64_t>(i), (*items)[i]) : (*items)[i]);
        if (run.max_items_per_batch || run.max_input_bytes_per_batch) preview.after_item_batcher = batches(run, inputs);
        preview.after_item_selector = json::Value(std::move(inputs));
    } catch (const ItemShapeError& e) {
        preview.failure = StateError::make(e.error, e.cause);
    }
    return preview;
}

bool exceeds_tolerated_failures(const MapRunRequest& run, int64_t failed, int64_t total) {
    if (failed == 0 || (!run.tolerated_failure_count && !run.tolerated_failure_percentage)) return false;
    const double failures = static_cast<double>(failed);
    if (run.tolerated_failure_count && failures <= *run.tolerated_failure_count) return false;
    const double all = static_cast<double>(total);
    if (run.tolerated_failure_percentage && failures * 100.0 <= *run.tolerated_failure_percentage * all) return false;
    return true;
}

}  // namespace stepwise::engine
