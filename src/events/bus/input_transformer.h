// What a target receives: the whole event, a constant Input, the part an
// InputPath selects, or an InputTransformer's rendering of its template.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
//
// Template rules, as AWS documents them:
//  - `<name>` names a key of InputPathsMap or a predefined variable
//    (aws.events.rule-arn, aws.events.rule-name, aws.events.event.ingestion-time,
//    aws.events.event (the event without detail), aws.events.event.json);
//    any other `<...>` text is kept as written.
//  - A template that is JSON (starts with `{`, `[` or `"`): a placeholder
//    inside a JSON string is replaced by the value's text escaped for that
//    string; outside strings, by the value as JSON (a string gets quotes).
//  - Any other template is plain text: strings are inserted as they are.
//  - A path that selects nothing gives null (outside strings) or "" (inside).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "events/bus/model.h"
#include "json/value.h"
#include "query/path.h"

namespace stepwise::events {

// The most a target's input may hold, as an event: 256 KB. Rendering stops
// there (an InputTransformer's template may repeat a 256 KB placeholder) and
// the delivery is dead-lettered with this error instead.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
inline constexpr size_t kMaxTargetInputBytes = 256 * 1024;
class TargetInputTooLarge : public std::runtime_error {
public:
    TargetInputTooLarge();
};

// Facts about a delivery that the predefined variables name.
struct TransformContext {
    std::string rule_arn;
    std::string rule_name;
    int64_t ingestion_ms = 0;
};

class InputTransformer {
public:
    // Throws BusError(ValidationException) for a bad path, a reserved or
    // malformed name, or a member longer than the API allows.
    static InputTransformer compile(const InputTransformerSpec& spec);

    // Throws TargetInputTooLarge past kMaxTargetInputBytes.
    std::string render(const json::Value& event, const TransformContext& context) const;

private:
    struct Variable {
        std::string name;
        query::Path path;
    };
    std::vector<Variable> variables_;
    std::string template_;
    bool json_template_ = false;
};

// The input text a target receives for `event` (Input, InputPath,
// InputTransformer or the whole event).
class TargetInput {
public:
    static TargetInput compile(const TargetSpec& target);  // throws BusError
    // Throws TargetInputTooLarge past kMaxTargetInputBytes.
    std::string render(const json::Value& event, const TransformContext& context) const;

private:
    std::optional<std::string> constant_;
    query::Path path_;
    std::optional<InputTransformer> transformer_;
};

}  // namespace stepwise::events
