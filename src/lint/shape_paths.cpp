#include "lint/shape_paths.h"

#include <algorithm>
#include <cctype>

#include "query/errors.h"

namespace stepwise::lint {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::optional<std::vector<PathStep>> parse_steps(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    size_t pos = text.starts_with("$$") ? 2 : text.starts_with("$") ? 1 : std::string_view::npos;
    if (pos == std::string_view::npos) return std::nullopt;
    std::vector<PathStep> steps;
    while (pos < text.size()) {
        if (text[pos] == '.') {
            size_t end = text.find_first_of(".[", pos + 1);
            if (end == std::string_view::npos) end = text.size();
            std::string_view name = text.substr(pos + 1, end - pos - 1);
            if (name.empty() || name.find_first_of("()*@?,:'\" \t") != std::string_view::npos) return std::nullopt;
            steps.push_back({std::string(name), std::nullopt});
            pos = end;
        } else if (text[pos] == '[' && pos + 1 < text.size() && (text[pos + 1] == '\'' || text[pos + 1] == '"')) {
            char quote = text[pos + 1];
            size_t close = text.find(quote, pos + 2);
            if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ']') return std::nullopt;
            std::string_view name = text.substr(pos + 2, close - pos - 2);
            if (name.find('\\') != std::string_view::npos) return std::nullopt;
            steps.push_back({std::string(name), std::nullopt});
            pos = close + 2;
        } else if (text[pos] == '[') {
            size_t close = text.find(']', pos);
            if (close == std::string_view::npos) return std::nullopt;
            std::string_view number = text.substr(pos + 1, close - pos - 1);
            size_t digits = number.starts_with("-") ? 1 : 0;
            if (number.size() == digits || number.size() > 18) return std::nullopt;
            for (size_t i = digits; i < number.size(); ++i)
                if (!std::isdigit(static_cast<unsigned char>(number[i]))) return std::nullopt;
            steps.push_back({"", std::stoll(std::string(number))});
            pos = close + 1;
        } else {
            return std::nullopt;
        }
    }
    return steps;
}

// A value in which `steps` lead to a marker: query::Path must find it there
// for the steps to be the path's own.
json::Value probe_for(const std::vector<PathStep>& steps, const json::Value& marker) {
    json::Value inner = marker;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        if (!it->index) {
            inner = json::Value(json::Object{{it->name, inner}});
            continue;
        }
        int64_t index = *it->index;
        json::Array a;
        a.resize(size_t(index < 0 ? -index : index + 1));
        a[index < 0 ? 0 : size_t(index)] = inner;
        inner = json::Value(std::move(a));
    }
    return inner;
}

std::string step_text(const PathStep& step) {
    if (step.index) return "[" + std::to_string(*step.index) + "]";
    bool plain = !step.name.empty() && std::all_of(step.name.begin(), step.name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    return plain ? "." + step.name : "['" + step.name + "']";
}

const json::Value& empty_object() {
    static const json::Value v{json::Object{}};
    return v;
}

std::optional<json::Value> select_known(const query::Path& path, const json::Value& root) {
    const bool context = path.root() == query::PathRoot::Context;
    query::Scope scope{context ? empty_object() : root, context ? root : empty_object()};
    return path.select(scope);
}

Reading walk(const std::vector<PathStep>& steps, const Shape& root, std::string where) {
    Reading r;
    Shape cur = root;
    for (const PathStep& step : steps) {
        if (cur.is_unknown()) return r;
        std::optional<Shape> next;
        if (!step.index) {
            next = cur.field(step.name);
        } else if (cur.is_array()) {
            int64_t n = static_cast<int64_t>(cur.length());
            int64_t at = *step.index < 0 ? n + *step.index : *step.index;
            if (at >= 0 && at < n) next = cur.element(size_t(at));
        }
        if (!next) {
            r.outcome = Reading::Outcome::Missing;
            r.step = step.index ? step_text(step) : step.name;
            r.parent = where;
            r.parent_shape = cur;
            return r;
        }
        where += step_text(step);
        cur = std::move(*next);
    }
    r.outcome = cur.is_unknown() ? Reading::Outcome::Unknown : Reading::Outcome::Found;
    r.found = std::move(cur);
    return r;
}

std::optional<Shape> place(const std::vector<PathStep>& steps, size_t i, const Shape& target, const Shape& value) {
    if (i == steps.size()) return value;
    if (target.is_unknown()) return Shape();
    if (steps[i].index) return Shape();  // into an existing element only: left to the fully known case
    if (!target.is_object()) return std::nullopt;
    std::optional<Shape> child = target.field(steps[i].name);
    std::optional<Shape> placed =
        place(steps, i + 1, child ? *child : Shape::known(json::Value(json::Object{})), value);
    if (!placed) return std::nullopt;
    return target.with_field(steps[i].name, std::move(*placed));
}

}  // namespace

std::optional<std::vector<PathStep>> simple_steps(const query::Path& path) {
    if (!path || !path.is_definite() || path.root() == query::PathRoot::Variable) return std::nullopt;
    std::optional<std::vector<PathStep>> steps = parse_steps(path.text());
    if (!steps) return std::nullopt;
    static const json::Value marker("stepwise lint probe");
    std::optional<json::Value> found = select_known(path, probe_for(*steps, marker));
    if (!found || !(*found == marker)) return std::nullopt;
    return steps;
}

Reading read_path(const query::Path& path, const Shape& root) {
    if (path.root() == query::PathRoot::Variable) return {};
    std::optional<std::vector<PathStep>> steps = simple_steps(path);
    const std::string where = path.root() == query::PathRoot::Context ? "$$" : "$";
    if (!root.is_known()) return steps ? walk(*steps, root, where) : Reading{};
    std::optional<json::Value> selected;
    try {
        selected = select_known(path, root.value());
    } catch (const query::EvalError&) {
        return {};
    }
    if (selected) {
        Reading r;
        r.outcome = Reading::Outcome::Found;
        r.found = Shape::known(std::move(*selected));
        return r;
    }
    Reading r = steps ? walk(*steps, root, where) : Reading{};
    r.outcome = Reading::Outcome::Missing;  // query::Path's word, whatever the walk says
    return r;
}

std::optional<Shape> place_at_path(const query::Path& path, const Shape& target, const Shape& value) {
    std::optional<std::vector<PathStep>> steps = simple_steps(path);
    if (steps && steps->empty()) return value;
    if (target.is_known() && value.is_known()) {
        json::Value out = target.value();
        try {
            path.assign(out, value.value());
        } catch (const query::EvalError&) {
            return std::nullopt;
        }
        return Shape::known(std::move(out));
    }
    if (!steps) return Shape();
    return place(*steps, 0, target, value);
}

}  // namespace stepwise::lint
