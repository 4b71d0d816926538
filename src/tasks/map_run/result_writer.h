// A Map Run's results as AWS's ResultWriter writes them: under
// <Prefix>/<map run id>/ the files SUCCEEDED_<n>.json, FAILED_<n>.json,
// PENDING_<n>.json (JSON or JSONL, per WriterConfig.OutputType, transformed per
// WriterConfig.Transformation) and manifest.json, streamed as children end so
// memory stays bounded.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "json/value.h"
#include "tasks/map_run/local_s3.h"

namespace stepwise::tasks::map_run {

// The writer failed: the Map Run fails with States.ResultWriterFailed and this cause (AWS's words).
class ResultWriterError : public std::runtime_error {
public:
    explicit ResultWriterError(const std::string& cause) : std::runtime_error(cause) {}
};

// One child execution that ended (or never ran: PENDING), as the result files list it.
struct ChildResult {
    std::string execution_arn;
    std::string name;
    std::string state_machine_arn;
    std::string status;                 // SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING
    std::string input;                  // JSON text
    std::optional<std::string> output;  // JSON text (SUCCEEDED)
    std::optional<std::string> error;
    std::optional<std::string> cause;
    int64_t start_ms = 0;
    int64_t stop_ms = 0;
    int64_t redrive_count = 0;
    bool express = false;               // ProcessorConfig.ExecutionType EXPRESS (its RedriveStatus)
};

// AWS starts a new numbered file when one would pass 5 GB (S3's limit for one upload).
constexpr int64_t kMaxResultFileBytes = int64_t(5) * 1024 * 1024 * 1024;

class ResultWriter {
public:
    // `parameters`: the evaluated Parameters/Arguments ({"Bucket", "Prefix"}).
    // Throws ResultWriterError (no Bucket, a missing bucket). `max_file_bytes`
    // is there for tests.
    ResultWriter(const s3::LocalS3& s3, const asl::ResultWriterSpec& spec, const json::Value& parameters,
                 std::string map_run_arn, int64_t max_file_bytes = kMaxResultFileBytes);
    ~ResultWriter();
    void add(const ChildResult& result);  // throws ResultWriterError
    // Closes the result files and writes manifest.json; returns the state's
    // ResultWriterDetails ({"Bucket", "Key"} of the manifest).
    json::Value finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// WriterConfig without a Resource: the results transformed as the state's
// output (COMPACT: the outputs; FLATTEN: the outputs' arrays flattened; NONE:
// the execution entries). `results` in item order.
json::Value transform_in_output(const asl::ResultWriterSpec& spec, const std::vector<ChildResult>& results);

}  // namespace stepwise::tasks::map_run
