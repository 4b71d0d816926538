// A definition as a file: JSON (`*.asl.json`) or YAML (`*.asl.yaml`, `*.yaml`,
// `*.yml`, as SAM and the AWS Toolkit accept), compiled the same way, with
// where each JSON pointer is written in the file so a report can name
// file:line:column.
#pragma once

#include <string>
#include <string_view>

#include "asl/compile.h"
#include "json/source_map.h"

namespace stepwise::asl {

struct DefinitionFile {
    std::string path;  // as given (names the file in messages)
    std::string text;  // the file's bytes
    bool yaml = false; // by the file's extension
};

// True for the extensions read as YAML: .yaml and .yml.
bool is_yaml_path(std::string_view path);

// Reads the file; throws std::runtime_error naming it when it cannot be read.
DefinitionFile read_definition_file(const std::string& path);

// The definition text as given in memory (a request body, a SAM template's inline definition).
DefinitionFile definition_text(std::string path, std::string text);

// compile() of the file's definition. YAML that does not parse is one
// INVALID_JSON_DESCRIPTION diagnostic naming the line; a key given twice in
// one mapping is refused as JSON's duplicate state names are. With
// `positions`, where each pointer is written in the file is filled in.
CompileResult compile_file(const DefinitionFile& file, const CompileOptions& options = {},
                           json::SourceMap* positions = nullptr);

}  // namespace stepwise::asl
