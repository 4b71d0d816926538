// A Map Run's items, one at a time, so memory stays bounded whatever the
// source's size: the input's array, an ItemReader over the local S3 folder
// (s3:getObject with InputType JSON, JSONL, CSV, MANIFEST; s3:listObjectsV2),
// or the reader's data given whole (a mock config entry, TestState's
// mapItemReaderData).
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "asl/machine.h"
#include "json/value.h"
#include "tasks/map_run/local_s3.h"

namespace stepwise::tasks::map_run {

// The reader failed: the Map Run fails with States.ItemReaderFailed and this cause (AWS's words).
class ItemReaderError : public std::runtime_error {
public:
    explicit ItemReaderError(const std::string& cause) : std::runtime_error(cause) {}
};

class ItemSource {
public:
    virtual ~ItemSource() = default;
    // The next item; nullopt after the last. Throws ItemReaderError.
    virtual std::optional<json::Value> next() = 0;
};

// The items of an array (no ItemReader), at most `max_items`.
std::unique_ptr<ItemSource> array_items(json::Value array, std::optional<int64_t> max_items = std::nullopt);

// The ItemReader over the local S3 folder. `parameters` are its evaluated
// Parameters/Arguments ({"Bucket", "Key"} for getObject, {"Bucket", "Prefix"}
// for listObjectsV2). Throws ItemReaderError (a missing object, bad data, a
// missing Bucket/Key, PARQUET).
std::unique_ptr<ItemSource> open_reader(const s3::LocalS3& s3, const asl::ItemReaderSpec& spec,
                                        const json::Value& parameters, std::optional<int64_t> max_items);

// The reader's data given whole instead of read from S3: a string is the
// object's text, read as the spec's InputType says (CSV rows, JSON lines, a
// JSON document with ItemsPointer); an array is the items themselves.
std::unique_ptr<ItemSource> data_reader(const asl::ItemReaderSpec& spec, json::Value data,
                                        std::optional<int64_t> max_items);

}  // namespace stepwise::tasks::map_run
