// JSON Lines items: one JSON value a line, read a line at a time; blank lines
// are skipped.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
#include "json/parse.h"
#include "tasks/map_run/item_readers.h"

namespace stepwise::tasks::map_run::detail {

namespace {

class JsonLines : public ItemSource {
public:
    JsonLines(std::unique_ptr<std::istream> in, std::string where) : in_(std::move(in)), where_(std::move(where)) {}

    std::optional<json::Value> next() override {
        std::string line;
        while (true) {
            line.clear();
            int c;
            while (!ByteReader::eof(c = in_.get()) && c != '\n') {
                if (line.size() >= kMaxItemBytes)
                    throw ItemReaderError("Line " + std::to_string(line_number_ + 1) + " of " + where_ +
                                          " is larger than 8 MB");
                line += static_cast<char>(c);
            }
            bool at_end = ByteReader::eof(c);
            ++line_number_;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") != std::string::npos) break;
            if (at_end) return std::nullopt;
        }
        try {
            return json::parse(line);
        } catch (const json::ParseError& e) {
            throw ItemReaderError("Line " + std::to_string(line_number_) + " of " + where_ +
                                  " is not valid JSON: " + e.reason());
        }
    }

private:
    ByteReader in_;
    std::string where_;
    size_t line_number_ = 0;
};

}  // namespace

std::unique_ptr<ItemSource> jsonl_items(std::unique_ptr<std::istream> in, std::string where) {
    return std::make_unique<JsonLines>(std::move(in), std::move(where));
}

}  // namespace stepwise::tasks::map_run::detail
