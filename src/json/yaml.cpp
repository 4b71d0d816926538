#include "json/yaml.h"

#include <yaml.h>

#include "json/parse.h"
#include "json/pointer.h"
#include "json/write.h"

namespace stepwise::json {
namespace {

bool is_plain_number(std::string_view s) {
    if (s.empty()) return false;
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i >= s.size()) return false;
    // Leading zeros (account ids, zip codes, YAML 1.1 octals) stay strings.
    if (s[i] == '0' && i + 1 < s.size() && s[i + 1] != '.') return false;
    bool digits = false, dot = false, exp = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') digits = true;
        else if (c == '.' && !dot && !exp) dot = true;
        else if ((c == 'e' || c == 'E') && digits && !exp) {
            exp = true;
            if (i + 1 < s.size() && (s[i + 1] == '-' || s[i + 1] == '+')) ++i;
            digits = false;
        } else {
            return false;
        }
    }
    return digits;
}

Value plain_scalar(std::string_view s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value(nullptr);
    if (s == "true" || s == "True" || s == "TRUE") return Value(true);
    if (s == "false" || s == "False" || s == "FALSE") return Value(false);
    if (is_plain_number(s)) {
        std::string text(s[0] == '+' ? s.substr(1) : s);
        if (auto v = try_parse(text)) return *v;
    }
    return Value(s);
}

SourcePosition position_of(const yaml_mark_t& mark) { return {mark.line + 1, mark.column + 1}; }

struct Converter {
    yaml_document_t* doc;
    const std::string& source;
    const YamlOptions& options;

    // `pointer` is where the value goes; "" for a mapping's key (not recorded).
    Value convert(yaml_node_t* node, const std::string& pointer, size_t depth, bool record = true) {
        if (!node) return Value(nullptr);
        if (depth > options.max_depth)
            throw YamlError(source + ":" + std::to_string(node->start_mark.line + 1) + ": nesting too deep (recursive alias?)");
        if (record && options.positions && !options.positions->find(pointer)) options.positions->set(pointer, position_of(node->start_mark));
        Value value;
        std::string_view tag = node->tag ? reinterpret_cast<const char*>(node->tag) : "";
        switch (node->type) {
            case YAML_SCALAR_NODE: {
                std::string_view text(reinterpret_cast<const char*>(node->data.scalar.value), node->data.scalar.length);
                bool plain = node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                if (tag == YAML_STR_TAG && !plain) value = Value(text);
                else if (tag == YAML_STR_TAG || tag.empty()) value = plain_scalar(text);
                else value = Value(text);  // a local tag's argument (!Ref Name) is text
                break;
            }
            case YAML_SEQUENCE_NODE: {
                Array array;
                for (yaml_node_item_t* item = node->data.sequence.items.start; item < node->data.sequence.items.top; ++item)
                    array.push_back(convert(yaml_document_get_node(doc, *item), pointer_child(pointer, array.size()), depth + 1, record));
                value = Value(std::move(array));
                break;
            }
            case YAML_MAPPING_NODE: {
                Object object;
                for (yaml_node_pair_t* pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top; ++pair) {
                    yaml_node_t* key_node = yaml_document_get_node(doc, pair->key);
                    Value key = convert(key_node, "", depth + 1, false);
                    std::string name = key.is_string() ? std::string(key.as_string()) : dump(key);
                    std::string child = pointer_child(pointer, name);
                    if (options.reject_duplicate_keys && object.find(name))
                        throw YamlError(source + ":" + std::to_string(key_node->start_mark.line + 1) + ":" +
                                        std::to_string(key_node->start_mark.column + 1) + ": " + child + ": the key \"" +
                                        name + "\" is given twice in one mapping");
                    if (options.positions && key_node) options.positions->set(child, position_of(key_node->start_mark));
                    object.set(name, convert(yaml_document_get_node(doc, pair->value), child, depth + 1, record));
                }
                value = Value(std::move(object));
                break;
            }
            default: value = Value(nullptr);
        }
        if (options.on_tag && !tag.empty() && tag[0] == '!' && (tag.size() < 2 || tag[1] != '!'))
            return options.on_tag(tag.substr(1), std::move(value));
        return value;
    }
};

}  // namespace

Value parse_yaml(std::string_view text, const std::string& source, const YamlOptions& options) {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) throw YamlError(source + ": cannot initialize the YAML parser");
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    yaml_document_t document;
    if (!yaml_parser_load(&parser, &document)) {
        std::string message = source + ":" + std::to_string(parser.problem_mark.line + 1) + ":" +
                              std::to_string(parser.problem_mark.column + 1) + ": " +
                              (parser.problem ? parser.problem : "YAML error");
        if (parser.context) message += std::string(" ") + parser.context;
        yaml_parser_delete(&parser);
        throw YamlError(message);
    }
    Value result;
    try {
        Converter converter{&document, source, options};
        result = converter.convert(yaml_document_get_root_node(&document), "", 0);
    } catch (...) {
        yaml_document_delete(&document);
        yaml_parser_delete(&parser);
        throw;
    }
    yaml_document_delete(&document);
    yaml_parser_delete(&parser);
    return result;
}

}  // namespace stepwise::json
