// CSV (text delimited) items: each record becomes {header: field}, every field
// a string. Step Functions' rules, beyond RFC 4180's quoting:
// https://docs.aws.amazon.com/step-functions/latest/dg/example-csv-parse-dist-map.html
//   - a doubled double quote is one, inside quotes or not;
//   - a backslash escapes a backslash, a double quote or the delimiter; before
//     any other character it is dropped;
//   - a row with fewer fields than the header gets "" for the missing ones,
//     a row with more has the extra ones skipped.
// Not documented, chosen here: blank lines are skipped; a leading UTF-8 byte
// order mark is dropped; a header named twice keeps its first place and its
// last value.
#include "tasks/map_run/item_readers.h"

namespace stepwise::tasks::map_run::detail {

CsvRecords::CsvRecords(std::unique_ptr<std::istream> in, char delimiter, std::string where)
    : in_(std::move(in)), delimiter_(delimiter), where_(std::move(where)) {}

std::optional<std::vector<std::string>> CsvRecords::next() {
    while (true) {
        int c = in_.peek();
        if (ByteReader::eof(c)) return std::nullopt;
        if (c == '\n' || c == '\r') {  // a blank line
            in_.get();
            continue;
        }
        break;
    }
    std::vector<std::string> fields(1);
    size_t bytes = 0;
    bool quoted = false;       // inside "..."
    bool field_start = true;   // nothing read yet for this field
    auto append = [&](char ch) {
        if (++bytes > kMaxItemBytes)
            throw ItemReaderError("A CSV record of " + where_ + " is larger than 8 MB (an unclosed quote?)");
        fields.back() += ch;
    };
    while (true) {
        int c = in_.get();
        if (ByteReader::eof(c)) {
            if (quoted) throw ItemReaderError("The CSV data of " + where_ + " ends inside a quoted field");
            return fields;
        }
        char ch = static_cast<char>(c);
        if (ch == '\\') {
            int escaped = in_.peek();
            if (ByteReader::eof(escaped) || escaped == '\n' || escaped == '\r') continue;  // dropped
            append(static_cast<char>(in_.get()));
            field_start = false;
            continue;
        }
        if (quoted) {
            if (ch == '"') {
                if (in_.peek() == '"') {
                    in_.get();
                    append('"');
                } else {
                    quoted = false;
                }
            } else {
                append(ch);
            }
            continue;
        }
        if (ch == '"') {
            // Mid-field, a doubled quote is one quote (AWS's example reads
            // {""MyKey"":""MyValue""} unquoted as {"MyKey":"MyValue"}); any
            // other quote opens a quoted part.
            if (!field_start && in_.peek() == '"') {
                in_.get();
                append('"');
            } else {
                quoted = true;
                field_start = false;
            }
            continue;
        }
        if (ch == delimiter_) {
            // A field costs memory even when empty: delimiters count toward the record's bound too.
            if (++bytes > kMaxItemBytes)
                throw ItemReaderError("A CSV record of " + where_ + " is larger than 8 MB (an unclosed quote?)");
            fields.emplace_back();
            field_start = true;
            continue;
        }
        if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && in_.peek() == '\n') in_.get();
            return fields;
        }
        append(ch);
        field_start = false;
    }
}

json::Value csv_record_item(const std::vector<std::string>& headers, const std::vector<std::string>& record) {
    json::Object item;
    item.reserve(headers.size());
    for (size_t i = 0; i < headers.size(); ++i) item.set(headers[i], json::Value(i < record.size() ? record[i] : ""));
    return json::Value(std::move(item));
}

namespace {

class CsvItems : public ItemSource {
public:
    CsvItems(CsvRecords records, std::optional<std::vector<std::string>> headers)
        : records_(std::move(records)), headers_(std::move(headers)) {}

    std::optional<json::Value> next() override {
        if (!headers_) {
            headers_ = records_.next();
            if (!headers_) return std::nullopt;  // an empty file: no header, no items
        }
        auto record = records_.next();
        if (!record) return std::nullopt;
        return csv_record_item(*headers_, *record);
    }

private:
    CsvRecords records_;
    std::optional<std::vector<std::string>> headers_;  // nullopt until the first row is read (FIRST_ROW)
};

}  // namespace

std::unique_ptr<ItemSource> csv_items(std::unique_ptr<std::istream> in, const asl::ItemReaderSpec& spec,
                                      std::string where) {
    std::optional<std::vector<std::string>> headers;
    if (spec.csv_header_given) headers = spec.csv_headers;
    return std::make_unique<CsvItems>(CsvRecords(std::move(in), spec.csv_delimiter, std::move(where)),
                                      std::move(headers));
}

}  // namespace stepwise::tasks::map_run::detail
