#include "json/parse.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "json/hex.h"
#include "json/utf8.h"
#include "json/write.h"

namespace stepwise::json {

ParseError::ParseError(std::string message, size_t offset, size_t line, size_t column)
    : std::runtime_error("line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message),
      reason_(std::move(message)),
      offset_(offset),
      line_(line),
      column_(column) {}

namespace {

// Objects up to this many members look a key up by scanning them.
constexpr size_t kLinearKeyScan = 8;

class Parser {
public:
    Parser(std::string_view text, const ParseOptions& options) : text_(text), options_(options) {}

    Value parse_document() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
        skip_space();
        Value v = parse_value(0);
        skip_space();
        if (pos_ != text_.size()) fail("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& message) const { fail_at(pos_, message); }

    [[noreturn]] void fail_at(size_t offset, const std::string& message) const {
        size_t line = 1, column = 1;
        for (size_t i = 0; i < offset && i < text_.size(); ++i) {
            if (text_[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw ParseError(message, offset, line, column);
    }

    void skip_space() {
        while (pos_ < text_.size()) {
            char c = text_[pos_];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
                ++pos_;
            else
                break;
        }
    }

    std::string describe_here() const {
        if (pos_ >= text_.size()) return "end of input";
        unsigned char c = static_cast<unsigned char>(text_[pos_]);
        if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", c);
        return std::string("byte ") + buf;
    }

    Value parse_value(size_t depth) {
        if (pos_ >= text_.size()) fail("expected a JSON value but the input ended");
        char c = text_[pos_];
        switch (c) {
            case '{': return parse_object(depth + 1);
            case '[': return parse_array(depth + 1);
            case '"': return Value(parse_string());
            case 't': expect_word("true"); return Value(true);
            case 'f': expect_word("false"); return Value(false);
            case 'n': expect_word("null"); return Value(nullptr);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
                fail("expected a JSON value but found " + describe_here());
        }
    }

    void expect_word(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) fail("expected a JSON value but found " + describe_here());
        pos_ += word.size();
    }

    void check_depth(size_t depth) {
        if (depth > options_.max_depth)
            fail("nesting deeper than " + std::to_string(options_.max_depth) + " levels");
    }

    Value parse_array(size_t depth) {
        check_depth(depth);
        ++pos_;
        Array array;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ']') {
            ++pos_;
            return Value(std::move(array));
        }
        for (;;) {
            skip_space();
            array.push_back(parse_value(depth));
            skip_space();
            if (pos_ >= text_.size()) fail("unterminated array: expected ',' or ']'");
            if (text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (text_[pos_] == ']') {
                ++pos_;
                return Value(std::move(array));
            }
            fail("expected ',' or ']' in array but found " + describe_here());
        }
    }

    Value parse_object(size_t depth) {
        check_depth(depth);
        ++pos_;
        Object object;
        // The keys seen so far, once the object is large: finding each new key
        // through Object::find would rebuild its index after every append,
        // making a large object quadratic to parse.
        std::unordered_set<std::string> large_object_keys;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '}') {
            ++pos_;
            return Value(std::move(object));
        }
        for (;;) {
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != '"')
                fail("expected a member name in double quotes but found " + describe_here());
            size_t key_at = pos_;
            Value key(parse_string());
            bool given_before;
            if (object.size() < kLinearKeyScan) {
                given_before = object.find(key.as_string()) != nullptr;
            } else {
                if (large_object_keys.empty())
                    for (const Member& m : object) large_object_keys.emplace(m.name());
                given_before = !large_object_keys.emplace(key.as_string()).second;
            }
            if (given_before && options_.reject_duplicate_keys)
                fail_at(key_at, "the member \"" + std::string(key.as_string()) + "\" is given twice");
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != ':')
                fail("expected ':' after member name but found " + describe_here());
            ++pos_;
            skip_space();
            Value value = parse_value(depth);
            if (given_before)
                object.set_member(std::move(key), std::move(value));  // the last one counts
            else
                object.append(std::move(key), std::move(value));
            skip_space();
            if (pos_ >= text_.size()) fail("unterminated object: expected ',' or '}'");
            if (text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (text_[pos_] == '}') {
                ++pos_;
                return Value(std::move(object));
            }
            fail("expected ',' or '}' in object but found " + describe_here());
        }
    }

    unsigned parse_hex4() {
        if (pos_ + 4 > text_.size()) fail("incomplete \\u escape");
        unsigned cp = 0;
        for (int i = 0; i < 4; ++i) {
            char c = text_[pos_++];
            int digit = hex_digit_value(c);
            if (digit < 0) fail_at(pos_ - 1, "bad hex digit in \\u escape");
            cp = (cp << 4) | static_cast<unsigned>(digit);
        }
        return cp;
    }

    std::string parse_string() {
        size_t start = pos_;
        ++pos_;
        std::string out;
        size_t run = pos_;
        for (;;) {
            if (pos_ >= text_.size()) fail_at(start, "unterminated string");
            unsigned char c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                out.append(text_.data() + run, pos_ - run);
                ++pos_;
                return out;
            }
            if (c < 0x20) fail("control character in string (escape it as \\u00XX)");
            if (c == '\\') {
                out.append(text_.data() + run, pos_ - run);
                ++pos_;
                if (pos_ >= text_.size()) fail_at(start, "unterminated string");
                char e = text_[pos_++];
                switch (e) {
                    case '"': out += '"'; break;
                    case '\\': out += '\\'; break;
                    case '/': out += '/'; break;
                    case 'b': out += '\b'; break;
                    case 'f': out += '\f'; break;
                    case 'n': out += '\n'; break;
                    case 'r': out += '\r'; break;
                    case 't': out += '\t'; break;
                    case 'u': {
                        unsigned cp = parse_hex4();
                        if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 6 <= text_.size() && text_[pos_] == '\\' &&
                            text_[pos_ + 1] == 'u') {
                            size_t save = pos_;
                            pos_ += 2;
                            unsigned low = parse_hex4();
                            if (low >= 0xDC00 && low < 0xE000) {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            } else {
                                pos_ = save;
                            }
                        }
                        utf8::append(out, cp);  // lone surrogates become WTF-8
                        break;
                    }
                    default: fail_at(pos_ - 1, std::string("bad escape '\\") + e + "' in string");
                }
                run = pos_;
                continue;
            }
            if (c < 0x80) {
                ++pos_;
                continue;
            }
            size_t length = utf8::sequence_length(text_.substr(pos_));
            // Surrogates may only arrive as \u escapes: raw ones are not UTF-8.
            bool raw_surrogate = length == 3 && c == 0xED && static_cast<unsigned char>(text_[pos_ + 1]) >= 0xA0;
            if (length == 0 || raw_surrogate) fail("invalid UTF-8 in string");
            pos_ += length;
        }
    }

    Value parse_number() {
        size_t start = pos_;
        bool integral = true;
        if (text_[pos_] == '-') ++pos_;
        if (pos_ >= text_.size() || !(text_[pos_] >= '0' && text_[pos_] <= '9')) fail("expected a digit");
        if (text_[pos_] == '0') {
            ++pos_;
            if (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
                fail("numbers must not have leading zeros");
        } else {
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        }
        if (pos_ < text_.size() && text_[pos_] == '.') {
            integral = false;
            ++pos_;
            if (pos_ >= text_.size() || !(text_[pos_] >= '0' && text_[pos_] <= '9'))
                fail("expected a digit after the decimal point");
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            integral = false;
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (pos_ >= text_.size() || !(text_[pos_] >= '0' && text_[pos_] <= '9'))
                fail("expected a digit in the exponent");
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        }
        std::string_view lexeme = text_.substr(start, pos_ - start);
        if (integral) {
            int64_t i;
            auto r = std::from_chars(lexeme.data(), lexeme.data() + lexeme.size(), i);
            if (r.ec == std::errc() && r.ptr == lexeme.data() + lexeme.size()) {
                if (i == 0 && lexeme[0] == '-') return Value::number_with_text(-0.0, lexeme);
                return Value(i);
            }
        }
        double d = std::strtod(std::string(lexeme).c_str(), nullptr);
        if (!std::isfinite(d)) return Value::number_with_text(d, lexeme);
        std::string shortest = format_double(d);
        if (shortest == lexeme) return Value(d);
        return Value::number_with_text(d, lexeme);
    }

    std::string_view text_;
    const ParseOptions& options_;
    size_t pos_ = 0;
};

}  // namespace

Value parse(std::string_view text, const ParseOptions& options) { return Parser(text, options).parse_document(); }

std::optional<Value> try_parse(std::string_view text, std::string* error, const ParseOptions& options) {
    try {
        return parse(text, options);
    } catch (const ParseError& e) {
        if (error) *error = e.what();
        return std::nullopt;
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open file: " + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw std::runtime_error(path + ": cannot read file");
    return buffer.str();
}

Value parse_file(const std::string& path, const ParseOptions& options) {
    std::string text = read_file(path);
    try {
        return parse(text, options);
    } catch (const ParseError& e) {
        throw std::runtime_error(path + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) +
                                 ": invalid JSON: " + e.reason());
    }
}

}  // namespace stepwise::json
