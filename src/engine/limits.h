// Execution limits: AWS's quotas plus a bound on nesting, so a runaway
// machine ends with a clear error instead of eating memory.
#pragma once

#include <cstddef>
#include <cstdint>

#include "json/value.h"

namespace stepwise::engine {

struct Limits {
    size_t max_payload_bytes = 256 * 1024;   // state input/output, task results (States.DataLimitExceeded)
    size_t max_history_events = 25000;       // events of one execution's history
    size_t max_events_total = 1000000;       // every event, including unrecorded Distributed Map children
    int max_nesting = 64;                    // Parallel/Map frames inside each other
    // 0 = no check (benchmarks over deliberately large payloads).
    static Limits unlimited() { return {0, 0, 0, 1 << 20}; }
};

// The length of `v` as compact JSON text in UTF-8 bytes, counting stops soon
// after `stop_after` (pass 0 for no limit). Walks the tree without allocating
// (except to format non-integral numbers).
size_t json_size(const json::Value& v, size_t stop_after = 0);

// json_size for payloads that tend to recur (task results served from mocks
// or caches are shared immutable nodes): remembers the size of the last few
// containers measured on this thread, holding a reference so a node's
// identity cannot be reused while it is remembered.
size_t json_size_memo(const json::Value& v, size_t stop_after);

// A payload whose size is already known: the walk adds `size` instead of
// descending when it meets the same node (e.g. a task's Parameters that embed
// the state input).
struct KnownSize {
    const json::Value* value;
    size_t size;
};
size_t json_size(const json::Value& v, size_t stop_after, const KnownSize* known, size_t known_count);

}  // namespace stepwise::engine
