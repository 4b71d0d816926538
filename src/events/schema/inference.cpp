#include "events/schema/inference.h"

#include "events/schema/format.h"  // first: prepares valijson's headers

#include <cctype>
#include <cstdint>
#include <limits>

#include "events/schema/error.h"

namespace stepwise::events {

namespace {

constexpr std::string_view kComponentPrefix = "#/components/schemas/";
constexpr std::string_view kEnvelopeName = "AWSEvent";

// The envelope members EventBridge always sends, in the order AWS's example lists them as required.
constexpr std::string_view kEnvelopeRequired[] = {"detail-type", "resources", "detail", "id",     "source",
                                                  "time",        "region",    "version", "account"};

bool fits_32_bits(const json::Value& number) {
    int64_t n = number.as_int();
    return n >= std::numeric_limits<int32_t>::min() && n <= std::numeric_limits<int32_t>::max();
}

Shape shape_of(const json::Value& value, int depth) {
    if (depth > kMaxDiscoveryDepth)
        throw SchemaError("the event is nested deeper than " + std::to_string(kMaxDiscoveryDepth) + " levels");
    Shape shape;
    switch (value.kind()) {
        case json::Kind::Null: shape.kinds = Shape::Null; break;
        case json::Kind::Bool: shape.kinds = Shape::Boolean; break;
        case json::Kind::Number:
            if (value.is_exact_int() || (value.is_integer() && value.number_text().find_first_of(".eE") == std::string::npos)) {
                shape.kinds = Shape::Integer;
                shape.wide_integer = !fits_32_bits(value);
            } else {
                shape.kinds = Shape::Number;
            }
            break;
        case json::Kind::String:
            shape.kinds = Shape::String;
            shape.all_date_times = is_rfc3339_date_time(value.as_string());
            break;
        case json::Kind::Array:
            shape.kinds = Shape::Array;
            for (const json::Value& item : value.as_array()) {
                Shape item_shape = shape_of(item, depth + 1);
                if (shape.items) shape.items->merge(item_shape);
                else shape.items = std::make_unique<Shape>(std::move(item_shape));
            }
            break;
        case json::Kind::Object:
            shape.kinds = Shape::Object;
            for (const json::Member& member : value.as_object()) {
                std::string name(member.name());
                shape.properties[name] = shape_of(member.value, depth + 1);
                shape.required.insert(std::move(name));
            }
            break;
    }
    return shape;
}

// --- writing OpenAPI ---

// Whether the shape is written `{}`: nothing but null seen, or values of different types.
bool renders_anything(const Shape& shape) {
    const unsigned kinds = shape.kinds & ~unsigned(Shape::Null);
    const bool numeric = kinds != 0 && (kinds & ~unsigned(Shape::Integer | Shape::Number)) == 0;
    return shape.anything || kinds == 0 || (!numeric && (kinds & (kinds - 1)) != 0);
}


class ComponentWriter {
public:
    // Reserves the envelope's name first, so no nested object can take it.
    ComponentWriter() { used_.insert(std::string(kEnvelopeName)); }

    // The schema of `shape`; an object becomes a component named after `hint`.
    json::Value schema(const Shape& shape, const std::string& hint) {
        if (renders_anything(shape)) return json::Value(json::Object{});
        const unsigned kinds = shape.kinds & ~unsigned(Shape::Null);
        const bool numeric = (kinds & ~unsigned(Shape::Integer | Shape::Number)) == 0;
        json::Object out;
        if (kinds == Shape::Object) {
            std::string name = unique_name(hint);
            json::Value component = object_schema(shape, name);
            // Each component describes one place only, so a place seen as null too makes it nullable.
            if (shape.kinds & Shape::Null) component.mutable_object().set("nullable", json::Value(true));
            components_.append(json::Value(name), std::move(component));  // names are unique
            out.set("$ref", json::Value(std::string(kComponentPrefix) + name));
            return json::Value(std::move(out));
        }
        if (kinds == Shape::Boolean) {
            out.set("type", json::Value("boolean"));
        } else if (numeric) {
            out.set("type", json::Value(kinds == Shape::Integer ? "integer" : "number"));
            if (kinds == Shape::Integer && shape.wide_integer) out.set("format", json::Value("int64"));
        } else if (kinds == Shape::String) {
            out.set("type", json::Value("string"));
            if (shape.all_date_times) out.set("format", json::Value("date-time"));
        } else {  // Array
            out.set("type", json::Value("array"));
            if (shape.items) out.set("items", schema(*shape.items, hint + "Item"));
        }
        if (shape.kinds & Shape::Null) out.set("nullable", json::Value(true));
        return json::Value(std::move(out));
    }

    json::Object take_components() { return std::move(components_); }

private:
    json::Value object_schema(const Shape& shape, const std::string& name) {
        json::Object component;
        component.set("type", json::Value("object"));
        if (!shape.required.empty()) {
            json::Array required;
            for (const std::string& member : shape.required) required.push_back(json::Value(member));
            component.set("required", json::Value(std::move(required)));
        }
        json::Object properties;
        for (const auto& [member, child] : shape.properties) {
            std::string hint = pascal_case(member);
            properties.append(json::Value(member), schema(child, hint.empty() ? name + "Member" : hint));
        }
        component.set("properties", json::Value(std::move(properties)));
        return json::Value(std::move(component));
    }

    // hint, else hint1, hint2, ...: each hint resumes where it stopped, so naming stays linear.
    std::string unique_name(const std::string& hint) {
        if (used_.insert(hint).second) return hint;
        size_t& n = next_suffix_[hint];
        std::string name;
        do name = hint + std::to_string(++n);
        while (!used_.insert(name).second);
        return name;
    }

    std::set<std::string> used_;
    std::map<std::string, size_t> next_suffix_;
    json::Object components_;
};

json::Value string_schema(bool date_time = false) {
    json::Object out{{"type", json::Value("string")}};
    if (date_time) out.set("format", json::Value("date-time"));
    return json::Value(std::move(out));
}

json::Value envelope(const DiscoveredShape& shape, json::Value detail) {
    json::Array required;
    for (std::string_view member : kEnvelopeRequired) required.push_back(json::Value(member));
    json::Object properties;
    properties.set("detail", std::move(detail));
    properties.set("account", string_schema());
    properties.set("detail-type", string_schema());
    properties.set("id", string_schema());
    properties.set("region", string_schema());
    properties.set("resources", json::Value(json::Object{{"type", json::Value("array")}, {"items", string_schema()}}));
    properties.set("source", string_schema());
    properties.set("time", string_schema(true));
    properties.set("version", string_schema());
    return json::Value(json::Object{{"type", json::Value("object")},
                                    {"required", json::Value(std::move(required))},
                                    {"x-amazon-events-detail-type", json::Value(shape.detail_type)},
                                    {"x-amazon-events-source", json::Value(shape.source)},
                                    {"properties", json::Value(std::move(properties))}});
}

// --- reading OpenAPI back ---

// Reads each component once (a component referenced again is a copy of the
// first reading; one referenced from inside itself is anything) and gives up
// (TooLarge) past kMaxReadShapes shapes: a document's references cannot make
// the reading loop or grow without bound.
class ComponentReader {
public:
    struct TooLarge {};
    static constexpr size_t kMaxReadShapes = 100000;

    explicit ComponentReader(const json::Value* components) : components_(components) {}

    Shape shape(const json::Value& schema, int depth) {
        count(1);
        if (depth > kMaxDiscoveryDepth || !schema.is_object()) return anything();
        if (const json::Value* ref = schema.find("$ref")) return referenced(*ref, depth);
        Shape shape;
        const json::Value* type = schema.find("type");
        if (type == nullptr || !type->is_string()) return anything();
        std::string_view name = type->as_string();
        const json::Value* format = schema.find("format");
        std::string_view format_name = format && format->is_string() ? format->as_string() : "";
        if (name == "boolean") {
            shape.kinds = Shape::Boolean;
        } else if (name == "integer") {
            shape.kinds = Shape::Integer;
            shape.wide_integer = format_name == "int64";
        } else if (name == "number") {
            shape.kinds = Shape::Number;
        } else if (name == "string") {
            shape.kinds = Shape::String;
            shape.all_date_times = format_name == "date-time";
        } else if (name == "array") {
            shape.kinds = Shape::Array;
            if (const json::Value* items = schema.find("items"))
                shape.items = std::make_unique<Shape>(this->shape(*items, depth + 1));
        } else if (name == "object") {
            read_object(schema, shape, depth);
        } else {
            return anything();
        }
        if (const json::Value* nullable = schema.find("nullable"); nullable && nullable->is_bool() && nullable->as_bool())
            shape.kinds |= Shape::Null;
        return shape;
    }

private:
    struct Read {
        Shape shape;
        size_t shapes = 0;  // how many shapes reading it took
    };

    static Shape anything() {
        Shape shape;
        shape.anything = true;
        return shape;
    }

    void count(size_t shapes) {
        read_shapes_ += shapes;
        if (read_shapes_ > kMaxReadShapes) throw TooLarge{};
    }

    Shape referenced(const json::Value& ref, int depth) {
        if (!ref.is_string() || !ref.as_string().starts_with(kComponentPrefix) || components_ == nullptr)
            return anything();
        std::string name(ref.as_string().substr(kComponentPrefix.size()));
        if (auto it = read_.find(name); it != read_.end()) {
            count(it->second.shapes);
            return it->second.shape;
        }
        const json::Value* target = components_->find(name);
        if (target == nullptr || !reading_.insert(name).second) return anything();  // missing, or a cycle
        const size_t before = read_shapes_;
        Shape shape = this->shape(*target, depth + 1);
        reading_.erase(name);
        read_.emplace(std::move(name), Read{shape, read_shapes_ - before});
        return shape;
    }

    void read_object(const json::Value& schema, Shape& shape, int depth) {
        shape.kinds = Shape::Object;
        if (const json::Value* properties = schema.find("properties"); properties && properties->is_object())
            for (const json::Member& member : properties->as_object())
                shape.properties[std::string(member.name())] = this->shape(member.value, depth + 1);
        if (const json::Value* required = schema.find("required"); required && required->is_array())
            for (const json::Value& member : required->as_array())
                if (member.is_string() && shape.properties.contains(std::string(member.as_string())))
                    shape.required.insert(std::string(member.as_string()));
    }

    const json::Value* components_;
    std::map<std::string, Read> read_;
    std::set<std::string> reading_;
    size_t read_shapes_ = 0;
};

const json::Value* string_at(const json::Value& object, std::string_view key) {
    const json::Value* value = object.find(key);
    return value != nullptr && value->is_string() ? value : nullptr;
}

}  // namespace

Shape::Shape(const Shape& other)
    : kinds(other.kinds),
      anything(other.anything),
      all_date_times(other.all_date_times),
      wide_integer(other.wide_integer),
      properties(other.properties),
      required(other.required),
      items(other.items ? std::make_unique<Shape>(*other.items) : nullptr) {}

Shape& Shape::operator=(const Shape& other) {
    if (this != &other) *this = Shape(other);
    return *this;
}

Shape Shape::of(const json::Value& value) { return shape_of(value, 0); }

void Shape::merge(const Shape& other) {
    anything = anything || other.anything;
    if (other.kinds & String)
        all_date_times = (kinds & String) ? all_date_times && other.all_date_times : other.all_date_times;
    wide_integer = wide_integer || other.wide_integer;
    if (other.kinds & Object) {
        if (kinds & Object) {
            std::erase_if(required, [&](const std::string& member) { return !other.required.contains(member); });
        } else {
            required = other.required;
        }
        for (const auto& [member, child] : other.properties) {
            auto [it, added] = properties.try_emplace(member, child);
            if (!added) it->second.merge(child);
        }
    }
    kinds |= other.kinds;
    if (other.items) {
        if (items) items->merge(*other.items);
        else items = std::make_unique<Shape>(*other.items);
    }
}

bool same_document(const Shape& a, const Shape& b) {
    const bool a_anything = renders_anything(a), b_anything = renders_anything(b);
    if (a_anything || b_anything) return a_anything == b_anything;
    if (a.kinds != b.kinds) return false;
    switch (a.kinds & ~unsigned(Shape::Null)) {
        case Shape::String: return a.all_date_times == b.all_date_times;
        case Shape::Integer: return a.wide_integer == b.wide_integer;
        case Shape::Array:
            return a.items && b.items ? same_document(*a.items, *b.items) : !a.items && !b.items;
        case Shape::Object:
            if (a.required != b.required || a.properties.size() != b.properties.size()) return false;
            for (auto it = a.properties.begin(), other = b.properties.begin(); it != a.properties.end(); ++it, ++other)
                if (it->first != other->first || !same_document(it->second, other->second)) return false;
            return true;
        default: return true;  // boolean, number
    }
}

DiscoveredShape infer_event(const json::Value& event) {
    if (!event.is_object()) throw SchemaError("an event must be a JSON object");
    const json::Value* source = string_at(event, "source");
    const json::Value* detail_type = string_at(event, "detail-type");
    const json::Value* detail = event.find("detail");
    if (source == nullptr || detail_type == nullptr || detail == nullptr)
        throw SchemaError("an event needs a string \"source\", a string \"detail-type\" and a \"detail\"");
    return DiscoveredShape{std::string(source->as_string()), std::string(detail_type->as_string()),
                           shape_of(*detail, 1)};
}

std::string pascal_case(std::string_view text) {
    std::string out;
    bool word_start = true;
    for (char c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            word_start = true;
            continue;
        }
        out.push_back(word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
        word_start = false;
    }
    return out;
}

std::string discovered_schema_name(const DiscoveredShape& shape) {
    return shape.source + "@" + pascal_case(shape.detail_type);
}

json::Value discovered_openapi(const DiscoveredShape& shape) {
    std::string title = pascal_case(shape.detail_type);
    if (title.empty()) title = "Detail";
    ComponentWriter writer;
    json::Value detail = writer.schema(shape.detail, title);
    json::Object schemas;
    schemas.set(kEnvelopeName, envelope(shape, std::move(detail)));
    for (json::Member& member : writer.take_components()) schemas.append(std::move(member.key), std::move(member.value));
    return json::Value(json::Object{
        {"openapi", json::Value("3.0.0")},
        {"info", json::Value(json::Object{{"version", json::Value("1.0.0")}, {"title", json::Value(title)}})},
        {"paths", json::Value(json::Object{})},
        {"components", json::Value(json::Object{{"schemas", json::Value(std::move(schemas))}})}});
}

json::Value plain_openapi(const Shape& shape) {
    ComponentWriter writer;
    json::Value root = writer.schema(shape, "Event");
    json::Object schemas = writer.take_components();
    if (!schemas.contains("Event")) schemas.set("Event", std::move(root));  // not an object: inline
    return json::Value(json::Object{
        {"openapi", json::Value("3.0.0")},
        {"info", json::Value(json::Object{{"version", json::Value("1.0.0")}, {"title", json::Value("Event")}})},
        {"paths", json::Value(json::Object{})},
        {"components", json::Value(json::Object{{"schemas", json::Value(std::move(schemas))}})}});
}

std::optional<DiscoveredShape> read_discovered_openapi(const json::Value& document) {
    const json::Value* components = document.find("components");
    const json::Value* schemas = components ? components->find("schemas") : nullptr;
    const json::Value* envelope_schema = schemas ? schemas->find(kEnvelopeName) : nullptr;
    if (envelope_schema == nullptr) return std::nullopt;
    const json::Value* source = string_at(*envelope_schema, "x-amazon-events-source");
    const json::Value* detail_type = string_at(*envelope_schema, "x-amazon-events-detail-type");
    const json::Value* properties = envelope_schema->find("properties");
    const json::Value* detail = properties ? properties->find("detail") : nullptr;
    if (source == nullptr || detail_type == nullptr || detail == nullptr) return std::nullopt;
    ComponentReader reader(schemas);
    try {
        return DiscoveredShape{std::string(source->as_string()), std::string(detail_type->as_string()),
                               reader.shape(*detail, 1)};
    } catch (const ComponentReader::TooLarge&) {
        return std::nullopt;  // not a document discovery wrote: it writes one shape per place
    }
}

}  // namespace stepwise::events
