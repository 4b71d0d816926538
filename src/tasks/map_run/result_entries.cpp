// The result entries of child executions, as AWS's ResultWriter writes them
// and as a Map state with only a WriterConfig outputs them.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
#include "tasks/map_run/result_entries.h"

#include "engine/timestamp.h"
#include "json/parse.h"

namespace stepwise::tasks::map_run {

namespace detail {

namespace {

json::Value included() { return json::Value(json::Object{{"Included", json::Value(true)}}); }

json::Value parsed_output(const ChildResult& result) {
    if (!result.output) return json::Value(nullptr);
    try {
        return json::parse(*result.output);
    } catch (const json::ParseError& e) {
        throw ResultWriterError("The output of " + result.execution_arn + " is not valid JSON: " + e.what());
    }
}

}  // namespace

// Members in AWS's order (alphabetical, as its files show them). A child that
// never started (PENDING) has no ARN, dates or redrive state of its own.
json::Value execution_entry(const ChildResult& r) {
    const bool started = r.status != "PENDING";
    json::Object entry;
    if (r.cause) entry.set("Cause", json::Value(*r.cause));
    if (r.error) entry.set("Error", json::Value(*r.error));
    if (!r.execution_arn.empty()) entry.set("ExecutionArn", json::Value(r.execution_arn));
    entry.set("Input", json::Value(r.input));
    entry.set("InputDetails", included());
    if (!r.name.empty()) entry.set("Name", json::Value(r.name));
    if (r.output) {
        entry.set("Output", json::Value(*r.output));
        entry.set("OutputDetails", included());
    }
    if (started) {
        entry.set("RedriveCount", json::Value(static_cast<long long>(r.redrive_count)));
        if (r.status == "SUCCEEDED") {
            entry.set("RedriveStatus", json::Value("NOT_REDRIVABLE"));
            entry.set("RedriveStatusReason", json::Value("Execution is SUCCEEDED and cannot be redriven"));
        } else {
            // Whether the Map Run can redrive it: a STANDARD child is
            // REDRIVABLE, an EXPRESS one only through its Map Run.
            // https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
            entry.set("RedriveStatus", json::Value(r.express ? "REDRIVABLE_BY_MAP_RUN" : "REDRIVABLE"));
        }
        entry.set("StartDate", json::Value(engine::format_iso8601_ms(r.start_ms)));
    }
    if (!r.state_machine_arn.empty()) entry.set("StateMachineArn", json::Value(r.state_machine_arn));
    entry.set("Status", json::Value(r.status));
    if (started) entry.set("StopDate", json::Value(engine::format_iso8601_ms(r.stop_ms)));
    return json::Value(std::move(entry));
}

std::vector<json::Value> transformed(asl::ResultWriterSpec::Transformation transformation, const ChildResult& result) {
    using T = asl::ResultWriterSpec::Transformation;
    if (transformation == T::None || result.status != "SUCCEEDED") return {execution_entry(result)};
    json::Value output = parsed_output(result);
    if (transformation == T::Flatten && output.is_array()) return output.as_array().items();
    return {std::move(output)};
}

}  // namespace detail

json::Value transform_in_output(const asl::ResultWriterSpec& spec, const std::vector<ChildResult>& results) {
    // The state's output is one JSON array whatever OutputType says: JSONL
    // shapes files, and there are none here.
    json::Array out;
    out.reserve(results.size());
    for (const auto& result : results)
        for (auto& value : detail::transformed(spec.transformation, result)) out.push_back(std::move(value));
    return json::Value(std::move(out));
}

}  // namespace stepwise::tasks::map_run
