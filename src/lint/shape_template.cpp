#include "lint/shape_template.h"

#include "json/pointer.h"
#include "query/errors.h"
#include "query/intrinsics.h"

namespace stepwise::lint {

namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' || text.front() == '\r'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

std::optional<query::Path> compiled(std::string_view text) {
    try {
        return query::Path::compile(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// A path into a known part of the context object: read as a `$` path from
// that part, and named as written.
std::optional<Reading> read_context(std::string_view text, const KnownContext& context) {
    const std::pair<std::string_view, const Shape*> parts[] = {{"$$.Execution.Input", &context.execution_input},
                                                               {"$$.Map.Item.Value", &context.map_item}};
    for (const auto& [prefix, shape] : parts) {
        if (!text.starts_with(prefix)) continue;
        std::string_view rest = text.substr(prefix.size());
        if (!rest.empty() && rest.front() != '.' && rest.front() != '[') continue;
        std::optional<query::Path> inside = compiled("$" + std::string(rest));
        if (!inside) return Reading{};
        Reading r = read_path(*inside, *shape);
        if (!r.parent.empty()) r.parent = std::string(prefix) + r.parent.substr(1);
        return r;
    }
    return std::nullopt;
}

// What a `.$` member's path selects, told to `reads` when it is known.
std::optional<Shape> select(const std::string& pointer, std::string_view text, const Shape& input,
                            const KnownContext& context, const TemplateReads& reads) {
    std::string_view path_text = trimmed(text);
    std::optional<Reading> r = read_context(path_text, context);
    if (!r) {
        std::optional<query::Path> path = compiled(path_text);
        if (!path || path->root() != query::PathRoot::Input) return Shape();
        r = read_path(*path, input);
    }
    reads(pointer, std::string(path_text), *r);
    if (r->outcome == Reading::Outcome::Missing) return std::nullopt;
    return r->found;
}

}  // namespace

std::vector<query::Path> intrinsic_path_arguments(std::string_view text) {
    std::vector<query::Path> out;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '\\') ++i;
            else if (c == '\'') quoted = false;
            continue;
        }
        if (c == '\'') {
            quoted = true;
            continue;
        }
        if (c != '$') continue;
        // The path runs to the `,` or `)` that ends the argument, outside brackets and quotes.
        size_t end = i;
        int depth = 0;
        bool in_quote = false;
        for (; end < text.size(); ++end) {
            char d = text[end];
            if (in_quote) {
                if (d == '\\') ++end;
                else if (d == '\'' || d == '"') in_quote = false;
            } else if (d == '\'' || d == '"') {
                in_quote = true;
            } else if (d == '[' || d == '(') {
                ++depth;
            } else if (d == ']' || (d == ')' && depth > 0)) {
                --depth;
            } else if (depth == 0 && (d == ',' || d == ')')) {
                break;
            }
        }
        if (std::optional<query::Path> path = compiled(trimmed(text.substr(i, end - i)))) out.push_back(*path);
        i = end;
    }
    return out;
}

std::optional<Shape> evaluate_template(const json::Value& raw, const std::string& pointer, const Shape& input,
                                       const KnownContext& context, const TemplateReads& reads) {
    if (raw.is_array()) {
        std::vector<Shape> elements;
        for (size_t i = 0; i < raw.as_array().size(); ++i) {
            std::optional<Shape> e =
                evaluate_template(raw.as_array()[i], json::pointer_child(pointer, i), input, context, reads);
            if (!e) return std::nullopt;
            elements.push_back(std::move(*e));
        }
        return Shape::array(std::move(elements));
    }
    if (!raw.is_object()) return Shape::known(raw);
    std::vector<std::string> names;
    std::vector<Shape> values;
    bool fails = false;  // every member is still read: each missing path is worth a finding
    for (const json::Member& m : raw.as_object()) {
        std::string member_pointer = json::pointer_child(pointer, m.name());
        std::optional<Shape> value;
        if (m.name().ends_with(".$") && m.value.is_string()) {
            names.emplace_back(m.name().substr(0, m.name().size() - 2));
            std::string_view text = m.value.as_string();
            if (query::looks_like_intrinsic(text)) {
                value = Shape();
                for (const query::Path& arg : intrinsic_path_arguments(text)) {
                    if (arg.root() != query::PathRoot::Input) continue;
                    Reading r = read_path(arg, input);
                    reads(member_pointer, arg.text(), r);
                    if (r.outcome == Reading::Outcome::Missing) value.reset();
                }
            } else {
                value = select(member_pointer, text, input, context, reads);
            }
        } else {
            names.emplace_back(m.name());
            value = evaluate_template(m.value, member_pointer, input, context, reads);
        }
        if (!value) fails = true;
        values.push_back(value ? std::move(*value) : Shape());
    }
    if (fails) return std::nullopt;
    return Shape::object(std::move(names), std::move(values));
}

}  // namespace stepwise::lint
