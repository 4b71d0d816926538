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

bool is_merge_key(const yaml_node_t* key) {
    if (!key || key->type != YAML_SCALAR_NODE || key->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
    return std::string_view(reinterpret_cast<const char*>(key->data.scalar.value), key->data.scalar.length) == "<<";
}

std::string message_of(const std::string& source, SourcePosition at, const std::string& reason, const std::string& pointer) {
    std::string out = source;
    if (at.line) out += ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
    out += ": ";
    if (!pointer.empty()) out += pointer + ": ";
    return out + reason;
}

struct Converter {
    yaml_document_t* doc;
    const std::string& source;
    const YamlOptions& options;

    // `pointer` is where the value goes; "" for a mapping's key (not recorded).
    Value convert(yaml_node_t* node, const std::string& pointer, size_t depth, bool record = true) {
        if (!node) return Value(nullptr);
        if (depth > options.max_depth)
            throw YamlError(YamlError::Kind::Refused, source, position_of(node->start_mark), "nesting too deep (recursive alias?)");
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
                        throw YamlError(YamlError::Kind::DuplicateKey, source, position_of(key_node->start_mark),
                                        "the key \"" + name + "\" is given twice in one mapping", child);
                    if (options.reject_merge_keys && is_merge_key(key_node))
                        throw YamlError(YamlError::Kind::Refused, source, position_of(key_node->start_mark),
                                        "a merge key (<<) is not read here: write the keys out", child);
                    if (options.positions && key_node) options.positions->set(child, position_of(key_node->start_mark));
                    object.set(name, convert(yaml_document_get_node(doc, pair->value), child, depth + 1, record));
                }
                value = Value(std::move(object));
                break;
            }
            default: value = Value(nullptr);
        }
        bool local_tag = !tag.empty() && tag[0] == '!' && (tag.size() < 2 || tag[1] != '!');
        if (local_tag && options.reject_local_tags)
            throw YamlError(YamlError::Kind::Refused, source, position_of(node->start_mark),
                            "a YAML tag (" + std::string(tag) + ") has no meaning here: write the value it stands for", pointer);
        if (local_tag && options.on_tag) return options.on_tag(tag.substr(1), std::move(value));
        return value;
    }
};

}  // namespace

YamlError::YamlError(Kind kind, const std::string& source, SourcePosition at, std::string reason, std::string pointer)
    : std::runtime_error(message_of(source, at, reason, pointer)),
      kind_(kind),
      reason_(std::move(reason)),
      position_(at),
      pointer_(std::move(pointer)) {}

Value parse_yaml(std::string_view text, const std::string& source, const YamlOptions& options) {
    struct Parser {
        yaml_parser_t parser;
        bool ready = yaml_parser_initialize(&parser) != 0;
        ~Parser() { if (ready) yaml_parser_delete(&parser); }
    } p;
    if (!p.ready) throw YamlError(YamlError::Kind::Syntax, source, {}, "cannot initialize the YAML parser");
    yaml_parser_set_input_string(&p.parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    struct Document {
        yaml_document_t document;
        bool loaded = false;
        ~Document() { if (loaded) yaml_document_delete(&document); }
    };
    auto load = [&](Document& d) {
        d.loaded = yaml_parser_load(&p.parser, &d.document) != 0;
        if (d.loaded) return;
        std::string reason = p.parser.problem ? p.parser.problem : "YAML error";
        if (p.parser.context) reason += std::string(" ") + p.parser.context;
        throw YamlError(YamlError::Kind::Syntax, source, position_of(p.parser.problem_mark), reason);
    };
    Document first;
    load(first);
    Converter converter{&first.document, source, options};
    Value result = converter.convert(yaml_document_get_root_node(&first.document), "", 0);
    if (options.single_document) {
        Document second;
        load(second);
        if (yaml_document_get_root_node(&second.document))
            throw YamlError(YamlError::Kind::Refused, source, position_of(second.document.start_mark),
                            "a second document: the file must hold one");
    }
    return result;
}

}  // namespace stepwise::json
