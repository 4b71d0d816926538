// Where each value of a JSON text is written: the line and column of every
// JSON pointer, so a report can name a place in the file (order.asl.json:14:7)
// for something known only by its pointer (/States/Charge/Retry/0).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace stepwise::json {

struct SourcePosition {
    size_t line = 0;    // 1-based
    size_t column = 0;  // 1-based, in bytes (as ParseError counts)
};

class SourceMap {
public:
    // The position of the value at `pointer` (RFC 6901, escaped as
    // json/pointer.h writes it; "" is the whole text). For an object member
    // it is the position of the member's key.
    std::optional<SourcePosition> find(std::string_view pointer) const;
    // The position of `pointer`, else of its nearest written parent (a field
    // left out is placed at the object that lacks it); nullopt when none is.
    std::optional<SourcePosition> nearest(std::string_view pointer) const;
    // The line of `pointer`, or 0 when the text has no such value.
    size_t line(std::string_view pointer) const;

    void set(std::string pointer, SourcePosition position) { positions_[std::move(pointer)] = position; }
    size_t size() const { return positions_.size(); }
    bool empty() const { return positions_.empty(); }

private:
    std::unordered_map<std::string, SourcePosition> positions_;
};

// Scans a JSON text (one that parses) for the position of every value. Text
// that does not parse maps as far as it can be followed; a bare word where a
// value belongs (an unresolved `${Name}`) is taken for a scalar. Of two equal
// keys, the last one counts, as in the parsed value.
SourceMap map_source(std::string_view text);

}  // namespace stepwise::json
