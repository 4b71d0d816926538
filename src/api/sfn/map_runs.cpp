// DescribeMapRun, ListMapRuns, UpdateMapRun: a Distributed Map's Map Runs, as
// the service's MapRunRegistry knows them (live, or restored from the store).
#include <algorithm>
#include <cstdint>
#include <limits>

#include "api/sfn/arn.h"
#include "api/sfn/documents.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/ids.h"
#include "api/sfn/operations.h"
#include "api/sfn/page_token.h"

namespace stepwise::api::sfn {

namespace {

using tasks::map_run::MapRunInfo;
using tasks::map_run::MapRunRegistry;
using tasks::map_run::MapRunUpdate;

std::string checked_map_run_arn(Fields& fields) {
    auto arn = fields.text("mapRunArn", rule::required(1, 2000));
    fields.check();
    if (auto problem = resource_arn_problem(*arn, "mapRun"); !problem.empty()) throw invalid_arn(problem);
    return *arn;
}

json::Value map_run_list_item(const MapRunInfo& run) {
    json::Object item{{"executionArn", run.execution_arn},
                      {"mapRunArn", run.map_run_arn},
                      {"stateMachineArn", run.state_machine_arn},
                      {"startDate", epoch_seconds(run.start_ms)}};
    if (run.stop_ms) item.set("stopDate", epoch_seconds(*run.stop_ms));
    return json::Value(std::move(item));
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
void describe_map_run(SfnCall& call) {
    Fields fields(call.body);
    std::string arn = checked_map_run_arn(fields);
    auto run = call.shared.map_runs->describe(arn);
    if (!run) throw resource_not_found(arn);
    call.answer(run->to_json());
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListMapRuns.html
void list_map_runs(SfnCall& call) {
    Fields fields(call.body);
    auto arn = fields.text("executionArn", rule::required(1, 256));
    auto max_results = fields.integer("maxResults", 0, 1000);
    auto token = fields.text("nextToken", rule::optional(1, 1024));
    fields.check();
    if (auto problem = resource_arn_problem(*arn, "execution"); !problem.empty()) throw invalid_arn(problem);
    if (!call.shared.store.get_execution(*arn)) throw execution_does_not_exist(*arn);

    // Runs are listed in start order and never removed, so a page ends at a
    // run that stays where it is: the token carries its ARN.
    std::vector<MapRunInfo> runs = call.shared.map_runs->list(*arn);
    size_t first = 0;
    if (token) {
        std::string after = read_page_token("map_runs", *token);
        auto it = std::find_if(runs.begin(), runs.end(), [&](const MapRunInfo& r) { return r.map_run_arn == after; });
        if (it == runs.end()) throw SfnError("InvalidToken", "Invalid Token: '" + *token + "'");
        first = static_cast<size_t>(it - runs.begin()) + 1;
    }
    size_t end = std::min(runs.size(), first + page_size(max_results));
    json::Array items;
    for (size_t i = first; i < end; ++i) items.push_back(map_run_list_item(runs[i]));
    json::Object answer{{"mapRuns", json::Value(std::move(items))}};
    if (end < runs.size()) answer.set("nextToken", make_page_token("map_runs", runs[end - 1].map_run_arn));
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateMapRun.html
void update_map_run(SfnCall& call) {
    Fields fields(call.body);
    MapRunUpdate update;
    update.max_concurrency = fields.integer("maxConcurrency", 0, std::numeric_limits<int32_t>::max());
    update.tolerated_failure_percentage = fields.decimal("toleratedFailurePercentage", 0, 100);
    update.tolerated_failure_count = fields.integer("toleratedFailureCount", 0, std::numeric_limits<int64_t>::max());
    std::string arn = checked_map_run_arn(fields);
    if (!update.max_concurrency && !update.tolerated_failure_percentage && !update.tolerated_failure_count)
        throw SfnError("ValidationException",
                       "At least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be "
                       "provided");

    std::string refused = call.shared.map_runs->update(arn, update);
    if (refused == "ResourceNotFound") throw resource_not_found(arn);
    constexpr std::string_view kValidation = "ValidationException: ";
    if (refused.starts_with(kValidation)) throw SfnError("ValidationException", refused.substr(kValidation.size()));
    if (!refused.empty()) throw SfnError("InternalFailure", refused, 500);
    call.answer(json::Object{});
}

}  // namespace stepwise::api::sfn
