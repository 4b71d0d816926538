// Picks the reader for an ItemReader (or none) and caps it at MaxItems.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
#include "tasks/map_run/item_source.h"

#include <sstream>

#include "tasks/map_run/item_readers.h"

namespace stepwise::tasks::map_run {

namespace {

using Spec = asl::ItemReaderSpec;

class ArrayItems : public ItemSource {
public:
    explicit ArrayItems(json::Value array) : array_(std::move(array)) {}
    std::optional<json::Value> next() override {
        const auto& items = array_.as_array();
        if (next_ >= items.size()) return std::nullopt;
        return items[next_++];
    }

private:
    json::Value array_;
    size_t next_ = 0;
};

class FirstItems : public ItemSource {
public:
    FirstItems(std::unique_ptr<ItemSource> source, int64_t limit) : source_(std::move(source)), left_(limit) {}
    std::optional<json::Value> next() override {
        if (left_ <= 0) return std::nullopt;
        --left_;
        return source_->next();
    }

private:
    std::unique_ptr<ItemSource> source_;
    int64_t left_;
};

// MaxItems 0 reads everything: AWS documents no zero limit, and its own
// samples write "MaxItems": 0 for "no limit".
std::unique_ptr<ItemSource> capped(std::unique_ptr<ItemSource> source, std::optional<int64_t> max_items) {
    if (!max_items || *max_items <= 0) return source;
    return std::make_unique<FirstItems>(std::move(source), *max_items);
}

std::string input_type_name(Spec::InputType type) {
    switch (type) {
        case Spec::InputType::None: return "(none)";
        case Spec::InputType::Json: return "JSON";
        case Spec::InputType::Jsonl: return "JSONL";
        case Spec::InputType::Csv: return "CSV";
        case Spec::InputType::Manifest: return "MANIFEST";
        case Spec::InputType::Parquet: return "PARQUET";
    }
    return "?";
}

[[noreturn]] void parquet_unsupported() {
    throw ItemReaderError(
        "ReaderConfig.InputType PARQUET is not supported: stepwise cannot read Parquet files (Debian's archive "
        "has no Parquet library)");
}

// A string parameter, or the cause AWS's reader would give for its absence.
std::string required_string(const json::Value& parameters, std::string_view name, std::string_view action) {
    const json::Value* value = parameters.is_object() ? parameters.as_object().find(name) : nullptr;
    if (!value || !value->is_string() || value->as_string().empty())
        throw ItemReaderError("The ItemReader's Parameters (or Arguments) for s3:" + std::string(action) +
                              " need a non-empty string " + std::string(name));
    return std::string(value->as_string());
}

std::unique_ptr<ItemSource> read_text(std::unique_ptr<std::istream> in, const Spec& spec, std::string where) {
    switch (spec.input_type) {
        case Spec::InputType::Json: return detail::json_items(std::move(in), spec.items_pointer, std::move(where));
        case Spec::InputType::Jsonl: return detail::jsonl_items(std::move(in), std::move(where));
        case Spec::InputType::Csv: return detail::csv_items(std::move(in), spec, std::move(where));
        case Spec::InputType::Parquet: parquet_unsupported();
        case Spec::InputType::None:
        case Spec::InputType::Manifest: break;
    }
    throw ItemReaderError("ReaderConfig.InputType " + input_type_name(spec.input_type) + " cannot read " + where);
}

// Parameters stepwise does not apply are refused, never dropped (StartAfter, MaxKeys, Range, ...).
void only_parameters(const json::Value& parameters, std::initializer_list<std::string_view> known,
                     std::string_view action) {
    if (!parameters.is_object()) return;
    for (const json::Member& m : parameters.as_object()) {
        bool found = false;
        for (std::string_view k : known) found = found || m.name() == k;
        if (!found && m.name() != "VersionId")
            throw ItemReaderError("The ItemReader's " + std::string(m.name()) + " for s3:" + std::string(action) +
                                  " is not supported by stepwise");
    }
}

}  // namespace

namespace detail {

std::string read_bounded(std::istream& in, size_t limit, const std::string& what) {
    std::string text;
    char buffer[64 * 1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<size_t>(in.gcount()));
        if (text.size() > limit)
            throw ItemReaderError(what + " is larger than " + std::to_string(limit / 1000000) + " MB");
    }
    return text;
}

}  // namespace detail

std::unique_ptr<ItemSource> array_items(json::Value array, std::optional<int64_t> max_items) {
    if (!array.is_array()) throw ItemReaderError("The Map state's items are not an array");
    return capped(std::make_unique<ArrayItems>(std::move(array)), max_items);
}

std::unique_ptr<ItemSource> open_reader(const s3::LocalS3& s3, const Spec& spec, const json::Value& parameters,
                                        std::optional<int64_t> max_items) {
    const asl::Resource& resource = spec.resource;
    if (resource.service == "s3" && resource.action == "listObjectsV2") {
        if (spec.input_type != Spec::InputType::None)
            throw ItemReaderError("ReaderConfig.InputType with s3:listObjectsV2 (reading the listed objects, "
                                  "Transformation LOAD_AND_FLATTEN) is not supported by stepwise");
        only_parameters(parameters, {"Bucket", "Prefix"}, "listObjectsV2");
        std::string bucket = required_string(parameters, "Bucket", "listObjectsV2");
        std::string prefix;
        if (const json::Value* p = parameters.is_object() ? parameters.as_object().find("Prefix") : nullptr) {
            if (!p->is_string()) throw ItemReaderError("The ItemReader's Prefix for s3:listObjectsV2 must be a string");
            prefix = std::string(p->as_string());
        }
        s3::S3Error error;
        auto listing = s3.list(bucket, prefix, error);
        if (!listing)
            throw ItemReaderError("S3 ListObjectsV2 failed for s3://" + bucket + "/" + prefix + ": " + error.code +
                                  ": " + error.message);
        return capped(detail::object_list_items(std::move(listing)), max_items);
    }
    if (resource.service == "s3" && resource.action == "getObject") {
        if (spec.input_type == Spec::InputType::None)
            throw ItemReaderError("ReaderConfig.InputType is required to read an object with s3:getObject");
        if (spec.input_type == Spec::InputType::Parquet) parquet_unsupported();
        only_parameters(parameters, {"Bucket", "Key"}, "getObject");
        std::string bucket = required_string(parameters, "Bucket", "getObject");
        std::string key = required_string(parameters, "Key", "getObject");
        std::string where = "s3://" + bucket + "/" + key;
        if (parameters.as_object().contains("VersionId"))
            throw ItemReaderError("The ItemReader's VersionId is not supported: the local S3 folder keeps one "
                                  "version of each object (" + where + ")");
        s3::S3Error error;
        auto in = s3.open(bucket, key, error);
        if (!in) throw ItemReaderError("S3 GetObject failed for " + where + ": " + error.code + ": " + error.message);
        auto bytes = detail::decompressed(std::move(in), where);
        if (spec.input_type == Spec::InputType::Manifest)
            return capped(detail::manifest_items(s3, std::move(bytes), spec, bucket, where), max_items);
        return capped(read_text(std::move(bytes), spec, where), max_items);
    }
    throw ItemReaderError("The ItemReader's Resource " + resource.arn +
                          " is not supported: stepwise reads s3:getObject and s3:listObjectsV2");
}

std::unique_ptr<ItemSource> data_reader(const Spec& spec, json::Value data, std::optional<int64_t> max_items) {
    if (data.is_array()) return array_items(std::move(data), max_items);
    if (!data.is_string())
        throw ItemReaderError("The ItemReader's data must be a string (the object's text) or an array of items");
    if (spec.input_type == Spec::InputType::Manifest)
        throw ItemReaderError("ReaderConfig.InputType MANIFEST cannot read data given whole: its data files live in S3");
    Spec text_spec = spec;
    // Without an InputType (listObjectsV2), the data is a JSON array of the listing's items.
    if (text_spec.input_type == Spec::InputType::None) text_spec.input_type = Spec::InputType::Json;
    auto in = std::make_unique<std::istringstream>(std::string(data.as_string()));
    return capped(read_text(std::move(in), text_spec, "the ItemReader's data"), max_items);
}

}  // namespace stepwise::tasks::map_run
