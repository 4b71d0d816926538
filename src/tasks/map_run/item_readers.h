// The readers behind open_reader and data_reader, one per source format
// (internal to map_run: item_source.cpp, json_items.cpp, jsonl_items.cpp,
// csv_items.cpp, manifest_items.cpp, object_list_items.cpp, gunzip_stream.cpp).
// Each reads its stream a little at a time; `where` names the source in causes
// ("s3://bucket/key", "the ItemReader's data").
#pragma once

#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "tasks/map_run/item_source.h"

namespace stepwise::tasks::map_run::detail {

// One item (a JSON value, a CSV record, a JSON line) may be at most 8 MB, as
// AWS reads them; this also keeps a reader's memory bounded on a broken file.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
constexpr size_t kMaxItemBytes = 8 * 1000 * 1000;
// What a reader reads whole (a JSON document for ItemsPointer, a manifest): at most this much.
constexpr size_t kMaxWholeObjectBytes = 256 * 1000 * 1000;

// The stream's bytes, at most `limit`; past it, ItemReaderError saying `what` is too large.
std::string read_bounded(std::istream& in, size_t limit, const std::string& what);

// Bytes of a stream, one at a time, straight from its buffer.
class ByteReader {
public:
    // A UTF-8 byte order mark (EF BB BF) at the start is skipped: text editors write one, AWS reads past it.
    explicit ByteReader(std::unique_ptr<std::istream> in) : in_(std::move(in)), buf_(in_->rdbuf()) {
        if (peek() == 0xEF) {
            get();
            if (peek() == 0xBB) get();
            if (peek() == 0xBF) get();
        }
    }
    int peek() { return buf_->sgetc(); }  // std::char_traits<char>::eof() at the end
    int get() { return buf_->sbumpc(); }
    static bool eof(int c) { return c == std::char_traits<char>::eof(); }

private:
    std::unique_ptr<std::istream> in_;
    std::streambuf* buf_;
};

// The stream itself, or its decompressed bytes when it starts as a gzip file
// (AWS reads GZIP-compressed objects; ZSTD ones fail with a clear cause).
std::unique_ptr<std::istream> decompressed(std::unique_ptr<std::istream> in, const std::string& where);

// RFC 4180 records with AWS's additions (backslash escapes); nullopt at the end.
class CsvRecords {
public:
    CsvRecords(std::unique_ptr<std::istream> in, char delimiter, std::string where);
    std::optional<std::vector<std::string>> next();

private:
    ByteReader in_;
    char delimiter_;
    std::string where_;
};

// A record as an item: {header: field}, "" for a missing field, extra fields skipped.
json::Value csv_record_item(const std::vector<std::string>& headers, const std::vector<std::string>& record);

std::unique_ptr<ItemSource> json_items(std::unique_ptr<std::istream> in, const std::string& items_pointer,
                                       std::string where);
std::unique_ptr<ItemSource> jsonl_items(std::unique_ptr<std::istream> in, std::string where);
std::unique_ptr<ItemSource> csv_items(std::unique_ptr<std::istream> in, const asl::ItemReaderSpec& spec,
                                      std::string where);
// An S3 Inventory manifest.json: its CSV data files' rows, read from the
// manifest's destination bucket.
std::unique_ptr<ItemSource> manifest_items(const s3::LocalS3& s3, std::unique_ptr<std::istream> manifest,
                                           const asl::ItemReaderSpec& spec, const std::string& bucket,
                                           std::string where);
std::unique_ptr<ItemSource> object_list_items(std::unique_ptr<s3::ObjectListing> listing);

}  // namespace stepwise::tasks::map_run::detail
