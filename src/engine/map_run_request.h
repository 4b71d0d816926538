// What the core asks of the shell for a DISTRIBUTED Map state: a Map Run.
//
// The core evaluates everything that reads the execution (InputPath, ItemsPath
// or Items, the ItemReader's and ResultWriter's Parameters/Arguments, the
// ReaderConfig and ItemBatcher numbers, BatchInput, MaxConcurrency and the
// tolerances), emits MapStateStarted and MapRunStarted, and hands the rest to
// the shell as Command::map_run: the shell reads the items, batches them, runs
// each item or batch as a child execution of `child_machine`, writes the
// results, and answers with TaskSucceeded (the Map's raw result: the results
// array, or {"MapRunArn", "ResultWriterDetails"}) or TaskFailed. Per-item
// ItemSelector evaluation needs the parent's `$$` and variables: `shape`
// carries them, frozen when the Map state started.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "asl/machine.h"
#include "json/value.h"

namespace stepwise::engine {

// An item's input could not be built (ItemSelector failed): the Map Run fails with it.
struct ItemShapeError {
    std::string error;  // States.Runtime, States.QueryEvaluationError, ...
    std::string cause;
};

// ItemSelector (or the legacy Parameters) of one item, as the parent's state
// would evaluate it. Thread-compatible: one caller at a time.
class ItemShaper {
public:
    virtual ~ItemShaper() = default;
    // The child's input for item `index` (the item itself without an ItemSelector).
    // Throws ItemShapeError.
    virtual json::Value shape(int64_t index, const json::Value& item) = 0;
};

struct MapRunRequest {
    std::string map_run_arn;              // arn:…:mapRun:<machine>/<label>:<uuid>
    std::string execution_arn;            // the parent's
    std::string state_machine_arn;        // the parent's
    std::string state_name;               // the Map state's
    std::string label;                    // Label, or the state's name
    std::string child_state_machine_name; // <machine>/<label>: the children's $$.StateMachine.Name
    const asl::MapState* state = nullptr; // the machine outlives the request (`machine` holds it)
    std::shared_ptr<const asl::Machine> machine;        // the parent's
    std::shared_ptr<const asl::Machine> child_machine;  // what each child runs
    bool express = false;                 // ProcessorConfig.ExecutionType EXPRESS

    // Items: from the input (no ItemReader), or from the reader.
    std::optional<json::Value> items;     // the array, when no ItemReader
    json::Value reader_parameters;        // the ItemReader's evaluated Parameters/Arguments (Bucket, Key, Prefix)
    std::optional<int64_t> max_items;     // ReaderConfig.MaxItems[Path]
    std::shared_ptr<ItemShaper> shaper;   // per-item ItemSelector

    // Batching (no batches when both are unset).
    std::optional<int64_t> max_items_per_batch;
    std::optional<int64_t> max_input_bytes_per_batch;
    json::Value batch_input;              // BatchInput evaluated (null: none)

    json::Value writer_parameters;        // the ResultWriter's evaluated Parameters/Arguments (Bucket, Prefix)

    int64_t max_concurrency = 0;          // 0: AWS's default (10,000 children at once)
    std::optional<double> tolerated_failure_count;
    std::optional<double> tolerated_failure_percentage;

    size_t max_payload_bytes = 256 * 1024;  // the execution's payload quota (engine::Limits; 0: none)
    bool redrive = false;                 // the parent was redriven: only children that did not succeed run again
};

}  // namespace stepwise::engine
