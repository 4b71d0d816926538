// S3 Inventory items: the manifest.json lists the inventory's data files
// (gzip-compressed CSV without a header row); its fileSchema names their
// columns ("Bucket, Key, Size, LastModifiedDate"), and each row becomes
// {column: value}, every value a string. Only CSV inventories can be read.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
#include "json/parse.h"
#include "tasks/map_run/item_readers.h"

namespace stepwise::tasks::map_run::detail {

namespace {

std::string trimmed(std::string_view s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> schema_columns(std::string_view schema) {
    std::vector<std::string> columns;
    size_t start = 0;
    while (true) {
        size_t comma = schema.find(',', start);
        columns.push_back(trimmed(schema.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos) return columns;
        start = comma + 1;
    }
}

class InventoryItems : public ItemSource {
public:
    InventoryItems(const s3::LocalS3& s3, std::string bucket, std::vector<std::string> files,
                   std::vector<std::string> columns, char delimiter)
        : s3_(s3), bucket_(std::move(bucket)), files_(std::move(files)), columns_(std::move(columns)),
          delimiter_(delimiter) {}

    std::optional<json::Value> next() override {
        while (true) {
            if (records_) {
                if (auto record = records_->next()) return csv_record_item(columns_, *record);
                records_.reset();
            }
            if (next_file_ >= files_.size()) return std::nullopt;
            const std::string& key = files_[next_file_++];
            std::string where = "s3://" + bucket_ + "/" + key;
            s3::S3Error error;
            auto in = s3_.open(bucket_, key, error);
            if (!in)
                throw ItemReaderError("Cannot read the S3 Inventory data file " + where + ": " + error.code + ": " +
                                      error.message);
            records_.emplace(decompressed(std::move(in), where), delimiter_, where);
        }
    }

private:
    const s3::LocalS3& s3_;
    std::string bucket_;
    std::vector<std::string> files_;
    std::vector<std::string> columns_;
    char delimiter_;
    size_t next_file_ = 0;
    std::optional<CsvRecords> records_;
};

}  // namespace

std::unique_ptr<ItemSource> manifest_items(const s3::LocalS3& s3, std::unique_ptr<std::istream> manifest,
                                           const asl::ItemReaderSpec& spec, const std::string& bucket,
                                           std::string where) {
    // A manifest is small (a list of file names): read whole.
    std::string text = read_bounded(*manifest, kMaxWholeObjectBytes, "The S3 Inventory manifest " + where);
    json::Value doc;
    try {
        doc = json::parse(text);
    } catch (const json::ParseError& e) {
        throw ItemReaderError("The S3 Inventory manifest " + where + " is not valid JSON: " + e.what());
    }
    auto field = [&](std::string_view name) -> const json::Value* {
        return doc.is_object() ? doc.as_object().find(name) : nullptr;
    };
    auto bad = [&](const std::string& why) {
        return ItemReaderError("The S3 Inventory manifest " + where + " " + why);
    };
    const json::Value* format = field("fileFormat");
    if (!format || !format->is_string()) throw bad("has no fileFormat");
    if (format->as_string() != "CSV")
        throw bad("has fileFormat " + std::string(format->as_string()) +
                  ": Step Functions reads only CSV S3 Inventory reports");
    const json::Value* schema = field("fileSchema");
    if (!schema || !schema->is_string()) throw bad("has no fileSchema");
    const json::Value* files = field("files");
    if (!files || !files->is_array()) throw bad("has no files array");
    std::vector<std::string> keys;
    for (const auto& file : files->as_array()) {
        const json::Value* key = file.is_object() ? file.as_object().find("key") : nullptr;
        if (!key || !key->is_string()) throw bad("has a files entry without a key");
        keys.emplace_back(key->as_string());
    }
    // The data files sit in the inventory's destination bucket ("arn:aws:s3:::name").
    std::string data_bucket = bucket;
    if (const json::Value* destination = field("destinationBucket"); destination && destination->is_string()) {
        std::string_view arn = destination->as_string();
        size_t colon = arn.rfind(':');
        data_bucket = std::string(colon == std::string_view::npos ? arn : arn.substr(colon + 1));
    }
    return std::make_unique<InventoryItems>(s3, std::move(data_bucket), std::move(keys),
                                            schema_columns(schema->as_string()), spec.csv_delimiter);
}

}  // namespace stepwise::tasks::map_run::detail
