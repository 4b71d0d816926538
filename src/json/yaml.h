// YAML 1.1 documents (libyaml) read as JSON values, for SAM templates and
// test files. Plain scalars become null, booleans and numbers as YAML reads
// them, except numbers with leading zeros (account ids, zip codes), which stay
// strings; quoted scalars are strings. Where each value came from can be kept
// (JSON pointer -> line and column), so a later check can name the place.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "json/source_map.h"
#include "json/value.h"

namespace stepwise::json {

// "file.yaml:12:5: mapping values are not allowed in this context"
class YamlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct YamlOptions {
    // A value with a local tag (`!Ref x`): what it becomes. Default: the value as if untagged.
    std::function<Value(std::string_view tag, Value value)> on_tag;
    SourceMap* positions = nullptr;  // where each value starts (an object member: its key), when set
    bool reject_duplicate_keys = false;  // a key given twice in one mapping is an error (else the last counts)
    size_t max_depth = 256;
};

// The first document of `text`; `source` names it in messages. Throws YamlError.
Value parse_yaml(std::string_view text, const std::string& source, const YamlOptions& options = {});

}  // namespace stepwise::json
