// Executions as the API shows them: DescribeExecution, ListExecutions items
// and StartSyncExecution answers, from the store's execution records.
#pragma once

#include <cstdint>

#include "api/sfn/included_data.h"
#include "json/value.h"
#include "store/store.h"

namespace stepwise::api {

// DescribeExecution's answer. `now_ms` decides whether a failed execution is
// still within AWS's 14-day redrive period.
json::Value describe_execution_json(const store::ExecutionRecord& record, int64_t now_ms,
                                    IncludedData included = IncludedData::All);

// One item of ListExecutions.
json::Value execution_list_item(const store::ExecutionRecord& record);

// StartSyncExecution's answer.
json::Value sync_execution_json(const store::ExecutionRecord& record, int64_t billed_duration_ms,
                                IncludedData included = IncludedData::All);

}  // namespace stepwise::api
