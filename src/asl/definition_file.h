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

// True for the names a folder's definition files have: *.asl.json, *.asl.yaml, *.asl.yml
// (and *.json, which `--machines` folders have always taken).
bool is_definition_path(std::string_view path);

// Named as a definition and nothing else: *.asl.json, *.asl.yaml, *.asl.yml
// (what `stepwise test` and `lint` look for in a folder).
bool is_asl_file_name(std::string_view name);

// Reads the file; throws std::runtime_error naming it when it cannot be read.
DefinitionFile read_definition_file(const std::string& path);

// The definition text as given in memory (a request body, a SAM template's inline definition).
DefinitionFile definition_text(std::string path, std::string text);

// compile() of the file's definition. Text that does not parse, JSON or YAML,
// is one INVALID_JSON_DESCRIPTION diagnostic naming the line. YAML is read as
// JSON with these differences, each refused with its place: a key given twice
// in one mapping (a state name: DUPLICATE_STATE_NAME, as in JSON), a tag
// (`!Sub`: a definition file is not a template), a merge key (`<<`) and a
// second document. With `positions`, where each pointer is written in the
// file is filled in; a diagnostic found while reading the text is placed there
// at its own pointer.
CompileResult compile_file(const DefinitionFile& file, const CompileOptions& options = {},
                           json::SourceMap* positions = nullptr);

// "order.asl.yaml:12:7: CODE: message at /States/X": the diagnostic placed by
// `positions` at its pointer or nearest written parent ("order.asl.yaml: CODE: ..."
// when it has no place).
std::string located_message(const std::string& path, const json::SourceMap& positions, const Diagnostic& diagnostic);

}  // namespace stepwise::asl
