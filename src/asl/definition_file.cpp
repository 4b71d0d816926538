#include "asl/definition_file.h"

#include "asl/compiler.h"
#include "json/parse.h"
#include "json/yaml.h"

namespace stepwise::asl {

bool is_yaml_path(std::string_view path) {
    return path.ends_with(".yaml") || path.ends_with(".yml");
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
    if (!file.yaml) {
        if (positions) *positions = json::map_source(file.text);
        return compile(std::string_view(file.text), options);
    }
    json::YamlOptions yaml_options;
    yaml_options.positions = positions;
    yaml_options.reject_duplicate_keys = true;
    json::Value definition;
    try {
        definition = json::parse_yaml(file.text, file.path, yaml_options);
    } catch (const json::YamlError& e) {
        CompileResult result;
        result.errors.push_back(Diagnostic{"", std::string(detail::code::kInvalidJson), std::string("Invalid YAML: ") + e.what()});
        return result;
    }
    if (definition.is_null()) {
        CompileResult result;
        result.errors.push_back(Diagnostic{"", std::string(detail::code::kMissingDescription),
                                           "The state machine definition is empty"});
        return result;
    }
    return compile(definition, options);
}

}  // namespace stepwise::asl
