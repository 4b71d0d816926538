#include "events/schema/code_binding_model.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "aws/uri.h"
#include "json/pointer.h"

namespace stepwise::events {

namespace {

// Words Python 3 or TypeScript does not let name an attribute or parameter
// (keywords and Python's soft keywords), and the names the generated classes
// use themselves.
bool is_reserved(std::string_view name) {
    static const std::set<std::string_view> kReserved = {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "case", "catch", "class",
        "const", "continue", "debugger", "def", "default", "del", "delete", "do", "elif", "else", "enum",
        "except", "export", "extends", "finally", "for", "from", "function", "global", "if", "implements",
        "import", "in", "instanceof", "interface", "is", "lambda", "let", "match", "new", "nonlocal", "not", "null",
        "or", "package", "pass", "private", "protected", "public", "raise", "return", "static", "super",
        "switch", "this", "throw", "try", "type", "typeof", "var", "void", "while", "with", "yield", "self",
        // the generated classes' own members, and what an instance inherits
        "to_dict", "from_dict", "_types", "_attribute_map", "_required", "_nullable", "constructor", "prototype",
        "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf",
        "attributeTypeMap", "getAttributeTypeMap"};
    return kReserved.count(name) > 0;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Leading underscores go: Python mangles `__x` inside a class, and `__class__`,
// `__dict__` and the like are the object's own; TypeScript's `__proto__` is the prototype.
std::string attribute_identifier(std::string_view json_name) {
    std::string out;
    for (char c : json_name) out += is_word_char(c) && static_cast<unsigned char>(c) < 0x80 ? c : '_';
    out.erase(0, out.find_first_not_of('_') == std::string::npos ? out.size() : out.find_first_not_of('_'));
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "field_" + out;
    if (is_reserved(out)) out += '_';
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string class_identifier(std::string_view text) {
    std::string out;
    bool upper_next = true;
    for (char c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
            upper_next = true;
            continue;
        }
        out += upper_next ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper_next = false;
    }
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "Model" + out;
    return out;
}

std::string package_segment(std::string_view text) {
    std::string out;
    for (char c : text)
        if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80)
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "event" + out;
    if (is_reserved(out)) out += '_';
    return out;
}

const json::Value* member(const json::Value* object, std::string_view key) {
    return object != nullptr && object->is_object() ? object->find(key) : nullptr;
}

class Reader {
public:
    explicit Reader(const json::Value& root) : root_(root) {}

    BindingType type_of(const json::Value* schema, std::string hint, int depth) {
        schema = follow(schema, hint);
        if (schema == nullptr || !schema->is_object() || depth > kMaxDepth) return {};
        const std::string type = single_type(*schema);
        const json::Value* properties = member(schema, "properties");
        const bool has_properties = properties != nullptr && properties->is_object() && properties->size() > 0;
        BindingType out;
        if (type == "object" || (type.empty() && has_properties)) {
            if (!has_properties) return {};  // a map of anything
            out.kind = BindingType::Kind::Class;
            out.class_name = class_for(*schema, hint, depth);
        } else if (type == "array") {
            out.kind = BindingType::Kind::Array;
            out.item = std::make_shared<BindingType>(type_of(member(schema, "items"), hint + "Item", depth + 1));
        } else if (type == "string") {
            const json::Value* format = member(schema, "format");
            out.kind = format != nullptr && format->is_string() && format->as_string() == "date-time"
                           ? BindingType::Kind::DateTime
                           : BindingType::Kind::String;
        } else if (type == "integer") {
            out.kind = BindingType::Kind::Integer;
        } else if (type == "number") {
            out.kind = BindingType::Kind::Number;
        } else if (type == "boolean") {
            out.kind = BindingType::Kind::Boolean;
        }
        return out;
    }

    std::vector<BindingClass> take_classes() { return std::move(classes_); }

private:
    static constexpr int kMaxDepth = 64;

    // Follows local `$ref`s; `hint` becomes the last one's final token.
    const json::Value* follow(const json::Value* schema, std::string& hint) const {
        for (int hops = 0; hops < 32 && schema != nullptr && schema->is_object(); ++hops) {
            const json::Value* ref = schema->find("$ref");
            if (ref == nullptr || !ref->is_string()) return schema;
            const std::string_view text = ref->as_string();
            if (text.empty() || text[0] != '#') return nullptr;
            const std::string pointer = aws::uri_decode(text.substr(1));
            const size_t slash = pointer.rfind('/');
            if (slash != std::string::npos && slash + 1 < pointer.size())
                hint = json::pointer_unescape(std::string_view(pointer).substr(slash + 1));
            schema = json::resolve_pointer(root_, pointer);
        }
        return schema;
    }

    // Whether null is valid for `schema` as far as its type says: no `type`, or one
    // with "null", or OpenAPI's `nullable` (a `$ref` followed; other keywords aside).
    bool allows_null(const json::Value* schema) const {
        std::string ignored;
        schema = follow(schema, ignored);
        if (schema == nullptr || !schema->is_object()) return true;
        if (const json::Value* nullable = schema->find("nullable"); nullable != nullptr && nullable->is_bool() &&
                                                                    nullable->as_bool())
            return true;
        const json::Value* type = schema->find("type");
        if (type == nullptr) return true;
        if (type->is_string()) return type->as_string() == "null";
        if (type->is_array())
            for (const json::Value& item : type->as_array())
                if (item.is_string() && item.as_string() == "null") return true;
        return false;
    }

    // The one type a schema names ("null" aside), or "".
    static std::string single_type(const json::Value& schema) {
        const json::Value* type = schema.find("type");
        if (type == nullptr) return "";
        if (type->is_string()) return std::string(type->as_string());
        std::string found;
        if (type->is_array()) {
            for (const json::Value& item : type->as_array()) {
                if (!item.is_string() || item.as_string() == "null") continue;
                if (!found.empty()) return "";
                found = std::string(item.as_string());
            }
        }
        return found;
    }

    std::string class_for(const json::Value& schema, const std::string& hint, int depth) {
        if (auto known = named_.find(&schema); known != named_.end()) return known->second;
        // Unique whatever the case: each class is a file, and file systems may not tell `Item` from `ITEM`.
        std::string name = class_identifier(hint);
        for (int n = 2; !taken_.insert(lower(name)).second; ++n) name = class_identifier(hint) + std::to_string(n);
        named_[&schema] = name;
        const size_t index = classes_.size();
        classes_.push_back(BindingClass{name, {}});

        std::set<std::string> required;
        if (const json::Value* listed = schema.find("required"); listed != nullptr && listed->is_array())
            for (const json::Value& item : listed->as_array())
                if (item.is_string()) required.insert(std::string(item.as_string()));
        std::vector<BindingProperty> properties;
        std::set<std::string> identifiers;
        for (const json::Member& property : schema.find("properties")->as_object()) {
            BindingProperty out;
            out.json_name = std::string(property.name());
            out.identifier = attribute_identifier(out.json_name);
            for (int n = 2; !identifiers.insert(out.identifier).second; ++n)
                out.identifier = attribute_identifier(out.json_name) + "_" + std::to_string(n);
            out.required = required.count(out.json_name) > 0;
            out.nullable = allows_null(&property.value);
            out.type = type_of(&property.value, name + class_identifier(out.json_name), depth + 1);
            properties.push_back(std::move(out));
        }
        classes_[index].properties = std::move(properties);  // classes_ may have grown meanwhile
        return name;
    }

    const json::Value& root_;
    std::map<const json::Value*, std::string> named_;
    // Lower-cased: the package's own names (its files too), Python's capitalised
    // keywords, and globals a TypeScript class must not shadow.
    std::set<std::string> taken_{"awsevent", "marshaller", "index", "model", "attribute", "none", "true", "false",
                                 "date", "array", "object", "string", "number", "boolean", "map", "set", "error",
                                 "promise", "symbol", "json", "math", "function", "regexp"};
    std::vector<BindingClass> classes_;
};

}  // namespace

BindingModel read_binding_model(const json::Value& document, const std::string& schema_name,
                                const std::optional<EventBinding>& binding) {
    BindingModel model;
    model.package.push_back("schema");
    if (binding) {
        std::string_view source = binding->source;
        while (true) {
            const size_t dot = source.find('.');
            model.package.push_back(package_segment(source.substr(0, dot)));
            if (dot == std::string_view::npos) break;
            source.remove_prefix(dot + 1);
        }
        model.package.push_back(package_segment(binding->detail_type));
    } else {
        model.package.push_back(package_segment(schema_name));
    }

    const json::Value* envelope = &document;
    if (document.find("openapi") != nullptr) envelope = member(member(member(&document, "components"), "schemas"), "AWSEvent");
    const json::Value* detail = member(member(envelope, "properties"), "detail");
    Reader reader(document);
    const BindingType detail_type =
        reader.type_of(detail, binding ? binding->detail_type : schema_name, 0);
    if (detail_type.kind == BindingType::Kind::Class) model.detail_class = detail_type.class_name;
    model.classes = reader.take_classes();
    return model;
}

BindingClass envelope_binding_class(const BindingModel& model) {
    auto text = [](const char* json_name, const char* identifier, bool required = true) {
        return BindingProperty{json_name, identifier, BindingType{BindingType::Kind::String, "", nullptr}, required,
                               false};
    };
    BindingType detail{BindingType::Kind::Any, "", nullptr};
    if (!model.detail_class.empty()) detail = BindingType{BindingType::Kind::Class, model.detail_class, nullptr};
    BindingType resources{BindingType::Kind::Array, "",
                          std::make_shared<BindingType>(BindingType{BindingType::Kind::String, "", nullptr})};
    return BindingClass{"AWSEvent",
                        {BindingProperty{"detail", "detail", detail, true, false}, text("detail-type", "detail_type"),
                         BindingProperty{"resources", "resources", resources, true, false}, text("id", "id"),
                         text("source", "source"),
                         BindingProperty{"time", "time", BindingType{BindingType::Kind::DateTime, "", nullptr}, true,
                                         false},
                         text("region", "region"), text("version", "version"), text("account", "account")}};
}

}  // namespace stepwise::events
