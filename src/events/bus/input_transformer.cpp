#include "events/bus/input_transformer.h"

#include <cctype>

#include "events/bus/event.h"
#include "json/parse.h"
#include "json/write.h"
#include "query/errors.h"

namespace stepwise::events {
namespace {

[[noreturn]] void invalid(const std::string& parameter) {
    throw BusError("ValidationException", "Parameter " + parameter + " is not valid.");
}

query::Path compile_path(const std::string& text, const std::string& parameter) {
    try {
        query::Path path = query::Path::compile(text);
        if (path.root() != query::PathRoot::Input) invalid(parameter);
        return path;
    } catch (const BusError&) {
        throw;
    } catch (const std::exception&) {
        invalid(parameter);
    }
}

std::optional<json::Value> select(const query::Path& path, const json::Value& event) {
    json::Value context;
    try {
        return path.select(query::Scope{event, context});
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

json::Value event_without_detail(const json::Value& event) {
    json::Value copy = event;
    if (copy.is_object()) copy.mutable_object().erase("detail");
    return copy;
}

// The text that replaces a placeholder.
void append_value(std::string& out, const std::optional<json::Value>& value, bool in_json, bool in_string) {
    if (in_string) {
        if (!value) return;
        std::string text = value->is_string() ? std::string(value->as_string()) : json::dump(*value);
        std::string quoted = json::quoted(text);
        out.append(quoted, 1, quoted.size() - 2);
    } else if (!value) {
        out += "null";
    } else if (value->is_string() && !in_json) {
        out += value->as_string();
    } else {
        json::dump_to(out, *value);
    }
}

// Lengths API_InputTransformer and API_Target allow:
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html
constexpr size_t kMaxTemplate = 8192, kMaxConstantInput = 8192, kMaxPath = 256, kMaxPathKey = 256;

bool is_path_key(std::string_view name) {
    if (name.empty() || name.size() > kMaxPathKey) return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
    return true;
}

void check_size(const std::string& out) {
    if (out.size() > kMaxTargetInputBytes) throw TargetInputTooLarge();
}

}  // namespace

TargetInputTooLarge::TargetInputTooLarge()
    : std::runtime_error("the target's input after InputTransformer is larger than 256 KB, the most a target "
                         "receives (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html)") {}

InputTransformer InputTransformer::compile(const InputTransformerSpec& spec) {
    InputTransformer transformer;
    if (spec.input_template.empty() || spec.input_template.size() > kMaxTemplate) invalid("InputTemplate");
    if (spec.input_paths_map.size() > 100) invalid("InputPathsMap");
    for (const auto& [name, path] : spec.input_paths_map) {
        if (!is_path_key(name) || path.size() > kMaxPath) invalid("InputPathsMap");
        transformer.variables_.push_back({name, compile_path(path, "InputPathsMap")});
    }
    transformer.template_ = spec.input_template;
    size_t first = transformer.template_.find_first_not_of(" \t\r\n");
    transformer.json_template_ =
        first != std::string::npos && std::string_view("{[\"").find(transformer.template_[first]) != std::string_view::npos;
    return transformer;
}

std::string InputTransformer::render(const json::Value& event, const TransformContext& context) const {
    auto lookup = [&](std::string_view name, bool& known) -> std::optional<json::Value> {
        known = true;
        for (const Variable& v : variables_)
            if (v.name == name) return select(v.path, event);
        if (name == "aws.events.rule-arn") return json::Value(context.rule_arn);
        if (name == "aws.events.rule-name") return json::Value(context.rule_name);
        if (name == "aws.events.event.ingestion-time") return json::Value(iso8601_seconds(context.ingestion_ms));
        if (name == "aws.events.event") return event_without_detail(event);
        if (name == "aws.events.event.json") return event;
        known = false;
        return std::nullopt;
    };

    std::string out;
    out.reserve(template_.size() + 64);
    bool in_string = false;
    for (size_t i = 0; i < template_.size(); ++i) {
        char c = template_[i];
        if (c == '\\' && in_string && i + 1 < template_.size()) {
            out += c;
            out += template_[++i];
            continue;
        }
        if (c == '"') in_string = !in_string;
        if (c == '<') {
            size_t close = template_.find('>', i + 1);
            if (close != std::string::npos) {
                std::string_view name(template_.data() + i + 1, close - i - 1);
                bool known = false;
                auto value = lookup(name, known);
                if (known) {
                    append_value(out, value, json_template_, json_template_ && in_string);
                    check_size(out);
                    i = close;
                    continue;
                }
            }
        }
        out += c;
    }
    return out;
}

TargetInput TargetInput::compile(const TargetSpec& target) {
    int given = (target.input ? 1 : 0) + (target.input_path ? 1 : 0) + (target.input_transformer ? 1 : 0);
    if (given > 1) {
        throw BusError("ValidationException",
                       "Only one of Input, InputPath, or InputTransformer must be provided for target " + target.id +
                           ".");
    }
    TargetInput input;
    if (target.input) {
        if (target.input->size() > kMaxConstantInput || !json::try_parse(*target.input)) invalid("Input");
        input.constant_ = *target.input;
    } else if (target.input_path) {
        if (target.input_path->size() > kMaxPath) invalid("InputPath");
        input.path_ = compile_path(*target.input_path, "InputPath");
    } else if (target.input_transformer) {
        input.transformer_ = InputTransformer::compile(*target.input_transformer);
    }
    return input;
}

std::string TargetInput::render(const json::Value& event, const TransformContext& context) const {
    if (constant_) return *constant_;
    if (transformer_) return transformer_->render(event, context);
    if (path_) {
        auto selected = select(path_, event);
        return selected ? json::dump(*selected) : std::string("null");
    }
    return json::dump(event);
}

}  // namespace stepwise::events
