// Field values that need more than a type check: JSONata strings, paths,
// payload templates, Assign, numbers that may come from a path, timestamps.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "asl/compiler.h"
#include "json/pointer.h"
#include "jsonata/expression.h"
#include "query/intrinsics.h"

namespace stepwise::asl::detail {

bool is_jsonata_expression(std::string_view text) {
    return text.size() >= 4 && text.substr(0, 2) == "{%" && text.substr(text.size() - 2) == "%}";
}

namespace {

std::string_view trim_blanks(std::string_view text) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

// Step Functions gives a JSONata expression no input: a name read from it at
// the top level (`phone` instead of `$states.input.phone`) is refused, once a
// name, in AWS's words (recorded in https://github.com/floci-io/floci/issues/2670).
bool report_root_references(const jsonata::Expression& expression, const std::string& pointer, Diagnostics& diags) {
    std::vector<std::string> reported;
    for (const jsonata::RootReference& reference : expression.root_references()) {
        if (std::find(reported.begin(), reported.end(), reference.name) != reported.end()) continue;
        reported.push_back(reference.name);
        // AWS words `$$` differently; its wording is not recorded, so this one is ours.
        diags.add(pointer, code::kUnsupportedJsonata,
                  reference.name == "$$" ? "Reference to '$$' is not supported: the context is $states.context."
                                         : "Reference to '" + reference.name + "' at the top level is not supported.");
    }
    return reported.empty();
}

// `$states.errorOutput` exists only in a Catch entry's Output and Assign;
// AWS refuses a read of it anywhere else (recorded in
// https://github.com/floci-io/floci/pull/2786; the wording here is ours).
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
bool report_error_output(const jsonata::Expression& expression, const std::string& pointer, Diagnostics& diags) {
    for (const jsonata::VariableField& read : expression.variable_fields()) {
        if (read.variable != "states" || read.field != "errorOutput") continue;
        diags.add(pointer, code::kUnsupportedJsonata,
                  "$states.errorOutput is only available in the Output and Assign of a Catch entry");
        return false;
    }
    return true;
}

// Compiles `value` into `node`; `where` is its place below the field. With
// `diags`, problems are reported at `pointer` (and the result is false).
bool compile_node(const json::Value& value, JsonataNode& node, const std::string& pointer, const std::string& where,
                  Diagnostics* diags, bool in_catcher) {
    bool ok = true;
    if (value.is_string()) {
        std::string_view text = value.as_string();
        if (!is_jsonata_expression(text)) {
            if (diags && text.substr(0, 2) == "{%") {
                diags->schema(pointer, "A JSONata expression must start with '{%' and end with '%}'");
                ok = false;
            }
            node.constant = value;
            return ok;
        }
        std::string_view expr = text.substr(2, text.size() - 4);
        node.kind = JsonataNode::Kind::Expression;
        node.text = std::string(trim_blanks(expr));
        node.where = where;
        try {
            node.expression = std::make_shared<const jsonata::Expression>(
                jsonata::Expression::compile(expr, kAwsJsonataLevel));
            if (diags) {
                ok = report_root_references(*node.expression, pointer, *diags) && ok;
                if (!in_catcher) ok = report_error_output(*node.expression, pointer, *diags) && ok;
            }
        } catch (const jsonata::Error& e) {
            node.invalid = e;
            if (diags) {
                // AWS words it "INVALID_JSONATA_EXPRESSION: <the parser's message> at <pointer>", without the
                // JSONata code (https://github.com/floci-io/floci/issues/2745 records AWS's answers).
                diags->add(pointer, code::kInvalidJsonata, e.message());
                ok = false;
            }
        }
        return ok;
    }
    if (value.is_array()) {
        node.kind = JsonataNode::Kind::Array;
        node.children.resize(value.as_array().size());
        size_t i = 0;
        for (const json::Value& item : value.as_array()) {
            ok = compile_node(item, node.children[i], json::pointer_child(pointer, i), where + "/" + std::to_string(i),
                              diags, in_catcher) && ok;
            ++i;
        }
    } else if (value.is_object()) {
        node.kind = JsonataNode::Kind::Object;
        node.children.resize(value.as_object().size());
        size_t i = 0;
        for (const json::Member& member : value.as_object()) {
            node.names.emplace_back(member.name());
            ok = compile_node(member.value, node.children[i++], json::pointer_child(pointer, member.name()),
                              where + "/" + std::string(member.name()), diags, in_catcher) && ok;
        }
    }
    if (node.kind == JsonataNode::Kind::Constant) {
        node.constant = value;
        return ok;
    }
    // An object or array without expressions is evaluated as the value written.
    bool constant = true;
    for (const JsonataNode& child : node.children) constant = constant && child.kind == JsonataNode::Kind::Constant;
    if (constant) {
        node = JsonataNode();
        node.constant = value;
    }
    return ok;
}

}  // namespace

JsonataValue compile_jsonata(const json::Value& value, const std::string& pointer, Diagnostics* diags,
                             bool in_catcher) {
    JsonataValue out{value, {}};
    compile_node(value, out.compiled, pointer, "", diags, in_catcher);
    return out;
}

bool check_jsonata_strings(const json::Value& value, const std::string& pointer, Diagnostics& diags) {
    JsonataNode unused;
    return compile_node(value, unused, pointer, "", &diags, false);
}

std::optional<JsonataValue> read_jsonata_value(Fields& fields, std::string_view key, bool in_catcher) {
    const json::Value* value = fields.take(key);
    if (!value) return std::nullopt;
    return compile_jsonata(*value, fields.pointer_of(key), &fields.diags(), in_catcher);
}

query::Path compile_path(std::string_view text, PathKind kind, const std::string& pointer, std::string_view field,
                         Diagnostics& diags) {
    std::string_view what = kind == PathKind::Reference ? "a valid Reference Path" : "a valid JSONPath";
    try {
        query::Path path = query::Path::compile(text);
        if (kind == PathKind::Reference && !path.is_reference_path()) {
            diags.schema(pointer, "The value for the field " + quoted_field(field) + " must be " + std::string(what) +
                                      " (a definite path of names and indexes from '$'), not '" + std::string(text) + "'");
            return {};
        }
        if (kind == PathKind::Definite && !path.is_definite()) {
            diags.schema(pointer, "The value for the field " + quoted_field(field) +
                                      " must be a definite JSONPath (no wildcard, slice, union, filter or '..'), not '" +
                                      std::string(text) + "'");
            return {};
        }
        return path;
    } catch (const std::exception& e) {
        diags.schema(pointer, "The value for the field " + quoted_field(field) + " must be " + std::string(what) + ": " +
                                  e.what());
        return {};
    }
}

query::Path read_path(Fields& fields, std::string_view key, PathKind kind) {
    std::optional<std::string> text = fields.string(key);
    if (!text) return {};
    return compile_path(*text, kind, fields.pointer_of(key), key, fields.diags());
}

OptionalPath read_optional_path(Fields& fields, std::string_view key, PathKind kind) {
    OptionalPath out;
    const json::Value* value = fields.take(key);
    if (!value) return out;
    if (value->is_null()) {
        out.kind = OptionalPath::Kind::Null;
        return out;
    }
    if (!value->is_string()) {
        fields.error(key, "Field " + quoted_field(key) + " must be a path string or null, not " + kind_with_article(*value));
        return out;
    }
    out.kind = OptionalPath::Kind::Path;
    out.path = compile_path(value->as_string(), kind, fields.pointer_of(key), key, fields.diags());
    return out;
}

PathOrIntrinsic read_path_or_intrinsic(Fields& fields, std::string_view key) {
    PathOrIntrinsic out;
    std::optional<std::string> text = fields.string(key);
    if (!text) return out;
    if (query::looks_like_intrinsic(*text)) {
        try {
            out.intrinsic = query::IntrinsicCall::compile(*text);
        } catch (const std::exception& e) {
            fields.error(key, "The value for the field " + quoted_field(key) +
                                  " must be a valid intrinsic function call: " + e.what());
        }
    } else {
        out.path = compile_path(*text, PathKind::Any, fields.pointer_of(key), key, fields.diags());
    }
    return out;
}

static query::Template compile_template(const json::Value& value, const std::string& pointer, Diagnostics& diags) {
    std::vector<query::TemplateProblem> problems;
    query::Template compiled;
    try {
        compiled = query::Template::compile(value, problems);
    } catch (const std::exception& e) {
        diags.schema(pointer, e.what());
        return {};
    }
    for (const query::TemplateProblem& problem : problems) diags.schema(pointer + problem.pointer, problem.message);
    return problems.empty() ? compiled : query::Template{};
}

query::Template read_template(Fields& fields, std::string_view key) {
    const json::Value* value = fields.take(key);
    if (!value) return {};
    return compile_template(*value, fields.pointer_of(key), fields.diags());
}

// Variable names: a Unicode ID_Start character, then ID_Continue characters,
// at most 80 of them (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
// ASCII is checked exactly (a letter, then letters, digits and '_'); other
// characters are taken as letters.
static std::string variable_name_problem(std::string_view name) {
    if (name.empty()) return "a variable name cannot be empty";
    if (utf8_length(name) > kMaxVariableNameLength)
        return "a variable name has at most " + std::to_string(kMaxVariableNameLength) + " characters";
    unsigned char first = static_cast<unsigned char>(name[0]);
    bool ok = std::isalpha(first) || first >= 0x80;
    for (unsigned char c : name) ok = ok && (std::isalnum(c) || c == '_' || c >= 0x80);
    if (!ok) return "use a letter, then letters, digits and '_'";
    if (name == "states") return "'states' is the reserved variable $states";
    return "";
}

std::optional<Assign> read_assign(Fields& fields, QueryLanguage language, bool in_catcher) {
    const json::Value* value = fields.object("Assign");
    if (!value) return std::nullopt;
    std::string pointer = fields.pointer_of("Assign");
    Assign assign{*value, {}, {}};
    for (const json::Member& member : value->as_object()) {
        std::string_view name = member.name();
        if (language == QueryLanguage::JSONPath && name.size() > 2 && name.substr(name.size() - 2) == ".$")
            name.remove_suffix(2);
        if (std::string problem = variable_name_problem(name); !problem.empty())
            fields.diags().schema(json::pointer_child(pointer, member.name()),
                                  "Variable name '" + std::string(member.name()) + "' is not valid: " + problem);
    }
    if (language == QueryLanguage::JSONPath)
        assign.jsonpath = compile_template(*value, pointer, fields.diags());
    else
        assign.jsonata = compile_jsonata(*value, pointer, &fields.diags(), in_catcher);
    return assign;
}

DynamicNumber read_dynamic_number(Fields& fields, std::string_view key, std::string_view path_key,
                                  QueryLanguage language, int64_t min, int64_t max) {
    DynamicNumber out;
    if (!path_key.empty()) fields.exclusive({key, path_key});
    if (!path_key.empty() && fields.language_gate(path_key, language, QueryLanguage::JSONPath))
        out.path = read_path(fields, path_key, PathKind::Any);
    if (!fields.has(key)) return out;
    const json::Value* value = fields.take(key);
    std::string range = "between " + std::to_string(min) + " and " + std::to_string(max);
    if (language == QueryLanguage::JSONata && value->is_string()) {
        if (is_jsonata_expression(value->as_string()))
            out.jsonata = compile_jsonata(*value, fields.pointer_of(key), &fields.diags());
        else
            fields.error(key, "Field " + quoted_field(key) + " must be a number " + range +
                                  " or a JSONata expression '{% ... %}'");
        return out;
    }
    bool integral = key != "ToleratedFailurePercentage";
    if (!value->is_number() || (integral && !value->is_integer()) || !std::isfinite(value->as_double()) ||
        value->as_double() < static_cast<double>(min) || value->as_double() > static_cast<double>(max)) {
        std::string got = value->is_number() ? value->number_text() : kind_with_article(*value);
        fields.error(key, "Field " + quoted_field(key) + " must be " + (integral ? "an integer " : "a number ") + range +
                              ", not " + got);
        return out;
    }
    out.literal = value->as_double();
    return out;
}

static bool digits(std::string_view text, size_t at, size_t count) {
    if (at + count > text.size()) return false;
    for (size_t i = at; i < at + count; ++i)
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
}

bool is_timestamp(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.fff...](Z|+HH:MM|-HH:MM)
    if (!digits(t, 0, 4) || t.size() < 20 || t[4] != '-' || !digits(t, 5, 2) || t[7] != '-' || !digits(t, 8, 2) ||
        t[10] != 'T' || !digits(t, 11, 2) || t[13] != ':' || !digits(t, 14, 2) || t[16] != ':' || !digits(t, 17, 2))
        return false;
    auto num = [&](size_t at) { return (t[at] - '0') * 10 + (t[at + 1] - '0'); };
    int month = num(5), day = num(8), hour = num(11), minute = num(14), second = num(17);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
    size_t i = 19;
    if (i < t.size() && t[i] == '.') {
        size_t start = ++i;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
        if (i == start) return false;
    }
    if (i < t.size() && t[i] == 'Z') return i + 1 == t.size();
    if (i < t.size() && (t[i] == '+' || t[i] == '-'))
        return i + 6 == t.size() && digits(t, i + 1, 2) && t[i + 3] == ':' && digits(t, i + 4, 2) && num(i + 1) <= 23 &&
               num(i + 4) <= 59;
    return false;
}

size_t utf8_length(std::string_view text) {
    size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

}  // namespace stepwise::asl::detail
