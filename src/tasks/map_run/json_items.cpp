// JSON items: the elements of the object's top-level array, split off the
// stream one at a time (strings, escapes and nesting tracked) and each parsed
// on its own, so a large array never sits whole in memory. With ItemsPointer
// the document is parsed whole: the array can be anywhere in it.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
#include <charconv>

#include "json/parse.h"
#include "json/pointer.h"
#include "tasks/map_run/item_readers.h"

namespace stepwise::tasks::map_run::detail {

namespace {

bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string kind_name(const json::Value& v) {
    if (v.is_object()) return "an object";
    if (v.is_string()) return "a string";
    if (v.is_number()) return "a number";
    if (v.is_bool()) return "a boolean";
    if (v.is_null()) return "null";
    return "an array";
}

[[noreturn]] void object_unsupported(const std::string& where, const std::string& place) {
    // AWS iterates an object's key-value pairs too, but does not document the
    // shape of those items; stepwise refuses rather than guess.
    throw ItemReaderError("The JSON " + place + " of " + where +
                          " is an object: stepwise reads items from a JSON array only (iterating an object's "
                          "key-value pairs is not supported)");
}

class StreamedArray : public ItemSource {
public:
    StreamedArray(std::unique_ptr<std::istream> in, std::string where) : in_(std::move(in)), where_(std::move(where)) {}

    std::optional<json::Value> next() override {
        if (done_) return std::nullopt;
        if (!opened_) open();
        if (done_) return std::nullopt;
        skip_space();
        if (in_.peek() == ']' && index_ == 0) {
            in_.get();
            finish();
            return std::nullopt;
        }
        std::string text = element_text();
        json::Value item;
        try {
            item = json::parse(text);
        } catch (const json::ParseError& e) {
            throw ItemReaderError("The JSON array element " + std::to_string(index_) + " of " + where_ +
                                  " is not valid JSON: " + e.reason());
        }
        ++index_;
        skip_space();
        int c = in_.get();
        if (c == ']') {
            finish();
        } else if (c != ',') {
            malformed("a ',' or ']' after array element " + std::to_string(index_ - 1));
        }
        return item;
    }

private:
    void open() {
        opened_ = true;
        skip_space();
        int c = in_.peek();
        if (c == '[') {
            in_.get();
            return;
        }
        if (ByteReader::eof(c)) throw ItemReaderError("The JSON object " + where_ + " is empty: a JSON array is required");
        if (c == '{') object_unsupported(where_, "document");
        throw ItemReaderError("The JSON document " + where_ + " is not an array: a JSON array is required");
    }

    // The text of one element, up to (not including) the ',' or ']' that ends it.
    std::string element_text() {
        std::string text;
        int depth = 0;
        bool in_string = false;
        while (true) {
            int c = in_.peek();
            if (ByteReader::eof(c)) malformed("the end of the array");
            char ch = static_cast<char>(c);
            if (!in_string && depth == 0 && (ch == ',' || ch == ']')) break;
            in_.get();
            if (text.size() >= kMaxItemBytes)
                throw ItemReaderError("The JSON array element " + std::to_string(index_) + " of " + where_ +
                                      " is larger than 8 MB");
            text += ch;
            if (in_string) {
                if (ch == '\\') {
                    int escaped = in_.get();
                    if (ByteReader::eof(escaped)) malformed("the end of a string");
                    text += static_cast<char>(escaped);
                } else if (ch == '"') {
                    in_string = false;
                }
            } else if (ch == '"') {
                in_string = true;
            } else if (ch == '[' || ch == '{') {
                ++depth;
            } else if (ch == ']' || ch == '}') {
                if (--depth < 0) malformed("balanced brackets");
            }
        }
        return text;
    }

    void finish() {
        done_ = true;
        skip_space();
        if (!ByteReader::eof(in_.peek())) malformed("nothing after the array's closing ']'");
    }

    void skip_space() {
        while (is_space(in_.peek())) in_.get();
    }

    [[noreturn]] void malformed(const std::string& expected) {
        throw ItemReaderError("The JSON document " + where_ + " is not valid JSON: expected " + expected);
    }

    ByteReader in_;
    std::string where_;
    bool opened_ = false, done_ = false;
    size_t index_ = 0;
};

}  // namespace

std::unique_ptr<ItemSource> json_items(std::unique_ptr<std::istream> in, const std::string& items_pointer,
                                       std::string where) {
    if (items_pointer.empty()) return std::make_unique<StreamedArray>(std::move(in), std::move(where));
    // ItemsPointer reads the document whole: bounded, with a clear error past the bound.
    std::string text = read_bounded(*in, kMaxWholeObjectBytes, "The JSON document " + where + " (read whole for ItemsPointer)");
    json::Value document;
    try {
        document = json::parse(text);
    } catch (const json::ParseError& e) {
        throw ItemReaderError("The JSON document " + where + " is not valid JSON: " + e.what());
    }
    const json::Value* items = json::resolve_pointer(document, items_pointer);
    if (!items)
        throw ItemReaderError("ReaderConfig.ItemsPointer " + items_pointer + " does not reach a value in " + where);
    if (items->is_object()) object_unsupported(where, "value at ItemsPointer " + items_pointer);
    if (!items->is_array())
        throw ItemReaderError("The JSON value at ItemsPointer " + items_pointer + " of " + where + " is " +
                              kind_name(*items) + ": a JSON array is required");
    return array_items(*items);
}

}  // namespace stepwise::tasks::map_run::detail
