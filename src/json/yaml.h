// YAML 1.1 documents (libyaml) read as JSON values, for SAM templates and
// test files. Plain scalars become null, booleans and numbers as YAML reads
// them, except numbers with leading zeros (account ids, zip codes), which stay
// strings; quoted scalars are strings. Where each value came from can be kept
// (JSON pointer -> line and column), so a later check can name the place.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "json/value.h"

namespace stepwise::json {

// "file.yaml:12:5: mapping values are not allowed in this context"
class YamlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TextPosition {
    size_t line = 0;    // 1-based
    size_t column = 0;  // 1-based
};

// JSON pointer -> where the value starts (for an object member: its key).
using SourcePositions = std::map<std::string, TextPosition>;

struct YamlOptions {
    // A value with a local tag (`!Ref x`): what it becomes. Default: the value as if untagged.
    std::function<Value(std::string_view tag, Value value)> on_tag;
    SourcePositions* positions = nullptr;  // filled when set
    size_t max_depth = 256;
};

// The first document of `text`; `source` names it in messages. Throws YamlError.
Value parse_yaml(std::string_view text, const std::string& source, const YamlOptions& options = {});

}  // namespace stepwise::json
