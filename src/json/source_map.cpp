#include "json/source_map.h"

#include <cstdint>

#include "json/hex.h"
#include "json/pointer.h"
#include "json/utf8.h"

namespace stepwise::json {

std::optional<SourcePosition> SourceMap::find(std::string_view pointer) const {
    auto it = positions_.find(std::string(pointer));
    if (it == positions_.end()) return std::nullopt;
    return it->second;
}

std::optional<SourcePosition> SourceMap::nearest(std::string_view pointer) const {
    while (true) {
        if (auto found = find(pointer)) return found;
        if (pointer.empty()) return std::nullopt;
        size_t slash = pointer.rfind('/');
        pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(0, slash);
    }
}

size_t SourceMap::line(std::string_view pointer) const {
    auto position = find(pointer);
    return position ? position->line : 0;
}

namespace {

constexpr size_t kMaxDepth = 1000;  // as json::parse allows

// Each reader starts at the first character of what it reads and returns
// false when the text cannot be followed further (the scan then stops).
class Scanner {
public:
    Scanner(std::string_view text, SourceMap& out) : text_(text), out_(out) {}

    void run() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") line_start_ = pos_ = 3;  // a byte order mark
        skip_space();
        if (at_end()) return;
        out_.set("", here());
        value("", 0);
    }

private:
    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return text_[pos_]; }
    SourcePosition here() const { return {line_, pos_ - line_start_ + 1}; }

    void skip_space() {
        while (!at_end()) {
            char c = peek();
            if (c == '\n') {
                ++line_;
                line_start_ = ++pos_;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++pos_;
            } else {
                return;
            }
        }
    }

    bool value(const std::string& pointer, size_t depth) {
        if (at_end() || depth > kMaxDepth) return false;
        std::string ignored;
        switch (peek()) {
            case '{': return object(pointer, depth);
            case '[': return array(pointer, depth);
            case '"': return string(ignored);
            default: return scalar();
        }
    }

    bool object(const std::string& pointer, size_t depth) {
        ++pos_;
        skip_space();
        if (!at_end() && peek() == '}') return ++pos_, true;
        while (true) {
            skip_space();
            if (at_end() || peek() != '"') return false;
            SourcePosition key_at = here();
            std::string key;
            if (!string(key)) return false;
            std::string child = pointer_child(pointer, key);
            out_.set(child, key_at);
            skip_space();
            if (at_end() || peek() != ':') return false;
            ++pos_;
            skip_space();
            if (!value(child, depth + 1)) return false;
            char next = separator('}');
            if (next != ',') return next == '}';
        }
    }

    bool array(const std::string& pointer, size_t depth) {
        ++pos_;
        skip_space();
        if (!at_end() && peek() == ']') return ++pos_, true;
        for (size_t index = 0;; ++index) {
            skip_space();
            std::string child = pointer_child(pointer, index);
            out_.set(child, here());
            if (!value(child, depth + 1)) return false;
            char next = separator(']');
            if (next != ',') return next == ']';
        }
    }

    // After a member or an element: ',' or the `close` bracket, consumed; 0 when neither.
    char separator(char close) {
        skip_space();
        if (at_end() || (peek() != ',' && peek() != close)) return 0;
        return text_[pos_++];
    }

    // A string, decoded into `out` (keys are compared decoded).
    bool string(std::string& out) {
        ++pos_;
        while (!at_end()) {
            char c = text_[pos_++];
            if (c == '"') return true;
            if (c == '\n') return false;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_end()) return false;
            switch (char e = text_[pos_++]) {
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    auto unit = hex4();
                    if (!unit) return false;
                    uint32_t code_point = *unit;
                    // A high surrogate followed by a low one is one code point.
                    if (code_point >= 0xD800 && code_point < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
                        size_t mark = pos_;
                        pos_ += 2;
                        auto low = hex4();
                        if (low && *low >= 0xDC00 && *low < 0xE000)
                            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
                        else
                            pos_ = mark;
                    }
                    utf8::append(out, code_point);
                    break;
                }
                default: out += e; break;  // '"', '\\', '/'
            }
        }
        return false;
    }

    std::optional<uint32_t> hex4() {
        if (pos_ + 4 > text_.size()) return std::nullopt;
        uint32_t unit = 0;
        for (size_t i = 0; i < 4; ++i) {
            int digit = hex_digit_value(text_[pos_ + i]);
            if (digit < 0) return std::nullopt;
            unit = unit * 16 + static_cast<uint32_t>(digit);
        }
        pos_ += 4;
        return unit;
    }

    // A number, true, false, null, or a bare word; `${Name}` is one word.
    bool scalar() {
        size_t start = pos_;
        while (!at_end()) {
            char c = peek();
            if (c == '$' && text_.substr(pos_, 2) == "${") {
                size_t close = text_.find('}', pos_);
                if (close == std::string_view::npos) return false;
                pos_ = close + 1;
                continue;
            }
            if (c == ',' || c == '}' || c == ']' || c == ':' || c == '{' || c == '[' || c == '"' || c == ' ' ||
                c == '\t' || c == '\r' || c == '\n')
                break;
            ++pos_;
        }
        return pos_ > start;
    }

    std::string_view text_;
    SourceMap& out_;
    size_t pos_ = 0;
    size_t line_ = 1;
    size_t line_start_ = 0;
};

}  // namespace

SourceMap map_source(std::string_view text) {
    SourceMap map;
    Scanner(text, map).run();
    return map;
}

}  // namespace stepwise::json
