#include "asl/definition_file.h"

#include "asl/compiler.h"
#include "json/parse.h"
#include "json/pointer.h"
#include "json/yaml.h"

namespace stepwise::asl {

namespace {

std::string line_and_column(json::SourcePosition at) {
    return "line " + std::to_string(at.line) + ", column " + std::to_string(at.column);
}

// /States/A and /States/P/Branches/0/States/A are state names.
bool names_a_state(std::string_view pointer) {
    size_t last = pointer.rfind('/');
    if (last == std::string_view::npos || last == 0) return false;
    size_t parent = pointer.rfind('/', last - 1);
    return parent != std::string_view::npos && pointer.substr(parent + 1, last - parent - 1) == "States";
}

CompileResult refused(Diagnostic diagnostic) {
    CompileResult result;
    result.errors.push_back(std::move(diagnostic));
    return result;
}

CompileResult compile_json(const DefinitionFile& file, const CompileOptions& options, json::SourceMap* positions) {
    CompileResult result = compile(std::string_view(file.text), options);
    if (!positions) return result;
    *positions = json::map_source(file.text);
    if (!result.errors.empty() && result.errors.front().code == detail::code::kInvalidJson) {
        try {
            json::parse(file.text);
        } catch (const json::ParseError& e) {
            positions->set("", {e.line(), e.column()});
        }
    }
    return result;
}

CompileResult compile_yaml(const DefinitionFile& file, const CompileOptions& options, json::SourceMap* positions) {
    json::YamlOptions yaml_options;
    yaml_options.positions = positions;
    yaml_options.reject_duplicate_keys = true;
    yaml_options.reject_local_tags = true;
    yaml_options.reject_merge_keys = true;
    yaml_options.single_document = true;
    json::Value definition;
    try {
        definition = json::parse_yaml(file.text, file.path, yaml_options);
    } catch (const json::YamlError& e) {
        if (positions && e.position().line) positions->set(e.pointer(), e.position());
        std::string name = e.pointer().empty() ? "" : json::pointer_unescape(e.pointer().substr(e.pointer().rfind('/') + 1));
        if (e.kind() == json::YamlError::Kind::DuplicateKey && names_a_state(e.pointer()))
            return refused(Diagnostic{e.pointer(), std::string(detail::code::kDuplicateStateName), "Duplicate State name: " + name});
        std::string where = e.position().line ? line_and_column(e.position()) + ": " : "";
        return refused(Diagnostic{e.pointer(), std::string(detail::code::kInvalidJson), "Invalid YAML: " + where + e.reason()});
    }
    if (definition.is_null())
        return refused(Diagnostic{"", std::string(detail::code::kMissingDescription), "The state machine definition is empty"});
    return compile(definition, options);
}

}  // namespace

bool is_yaml_path(std::string_view path) {
    return path.ends_with(".yaml") || path.ends_with(".yml");
}

bool is_definition_path(std::string_view path) {
    return path.ends_with(".json") || path.ends_with(".asl.yaml") || path.ends_with(".asl.yml");
}

bool is_asl_file_name(std::string_view name) {
    return name.ends_with(".asl.json") || name.ends_with(".asl.yaml") || name.ends_with(".asl.yml");
}

DefinitionFile read_definition_file(const std::string& path) {
    return definition_text(path, json::read_file(path));
}

DefinitionFile definition_text(std::string path, std::string text) {
    DefinitionFile file{std::move(path), std::move(text), false};
    file.yaml = is_yaml_path(file.path);
    return file;
}

CompileResult compile_file(const DefinitionFile& file, const CompileOptions& options, json::SourceMap* positions) {
    return file.yaml ? compile_yaml(file, options, positions) : compile_json(file, options, positions);
}

std::string located_message(const std::string& path, const json::SourceMap& positions, const Diagnostic& diagnostic) {
    std::string out = path;
    if (auto at = positions.nearest(diagnostic.pointer)) out += ":" + std::to_string(at->line) + ":" + std::to_string(at->column);
    return out + ": " + diagnostic.to_string();
}

}  // namespace stepwise::asl
