// ${Name} placeholders (SAM/CloudFormation DefinitionSubstitutions).
#include "asl/compile.h"

namespace stepwise::asl {

namespace {

// Replaces every `${Name}` with a known value; unknown ones stay as written.
bool substitute_text(std::string_view text, const std::map<std::string, std::string>& values, std::string& out) {
    bool changed = false;
    size_t i = 0;
    while (i < text.size()) {
        size_t open = text.find("${", i);
        if (open == std::string_view::npos) break;
        size_t close = text.find('}', open + 2);
        if (close == std::string_view::npos) break;
        auto it = values.find(std::string(text.substr(open + 2, close - open - 2)));
        if (it == values.end()) {
            out.append(text.substr(i, open + 2 - i));
            i = open + 2;
            continue;
        }
        out.append(text.substr(i, open - i));
        out.append(it->second);
        i = close + 1;
        changed = true;
    }
    out.append(text.substr(i));
    return changed;
}

json::Value substitute_value(const json::Value& value, const std::map<std::string, std::string>& values) {
    if (value.is_string()) {
        std::string out;
        return substitute_text(value.as_string(), values, out) ? json::Value(out) : value;
    }
    if (value.is_array()) {
        json::Array array;
        array.reserve(value.size());
        for (const json::Value& item : value.as_array()) array.push_back(substitute_value(item, values));
        return json::Value(std::move(array));
    }
    if (value.is_object()) {
        json::Object object;
        object.reserve(value.size());
        for (const json::Member& member : value.as_object()) {
            std::string key;
            json::Value new_key = substitute_text(member.name(), values, key) ? json::Value(key) : member.key;
            object.set_member(std::move(new_key), substitute_value(member.value, values));
        }
        return json::Value(std::move(object));
    }
    return value;
}

}  // namespace

json::Value substitute(const json::Value& definition, const std::map<std::string, std::string>& substitutions) {
    if (substitutions.empty()) return definition;
    return substitute_value(definition, substitutions);
}

}  // namespace stepwise::asl
