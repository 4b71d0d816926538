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

// "file.yaml:12:5: mapping values are not allowed in this context"; the
// parts apart, so a caller can place the problem in its own words.
class YamlError : public std::runtime_error {
public:
    enum class Kind { Syntax, DuplicateKey, Refused };  // Refused: what YamlOptions turn away

    YamlError(Kind kind, const std::string& source, SourcePosition at, std::string reason, std::string pointer = "");
    Kind kind() const noexcept { return kind_; }
    const std::string& reason() const noexcept { return reason_; }
    SourcePosition position() const noexcept { return position_; }  // line 0 when there is none
    const std::string& pointer() const noexcept { return pointer_; }  // the value it is about ("" = none known)

private:
    Kind kind_;
    std::string reason_;
    SourcePosition position_;
    std::string pointer_;
};

struct YamlOptions {
    // A value with a local tag (`!Ref x`): what it becomes. Default: the value as if untagged.
    std::function<Value(std::string_view tag, Value value)> on_tag;
    SourceMap* positions = nullptr;  // where each value starts (an object member: its key), when set
    bool reject_duplicate_keys = false;  // a key given twice in one mapping is an error (else the last counts)
    bool reject_local_tags = false;      // a local tag (`!Sub x`) is an error (else on_tag decides)
    bool reject_merge_keys = false;      // a YAML 1.1 merge key (`<<: *defaults`) is an error (else a plain key)
    bool single_document = false;        // a second document is an error (else it is ignored)
    size_t max_depth = 256;
};

// The first document of `text`; `source` names it in messages. Throws YamlError.
Value parse_yaml(std::string_view text, const std::string& source, const YamlOptions& options = {});

}  // namespace stepwise::json
