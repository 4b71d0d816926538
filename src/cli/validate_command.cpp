#include "cli/validate_command.h"

#include <iostream>
#include <memory>

#include "asl/definition_file.h"
#include "cli/substitutions.h"
#include "json/parse.h"
#include "json/utf8.h"
#include "json/write.h"

namespace stepwise::cli {

namespace {

struct ValidateOptions {
    std::vector<std::string> files;
    std::vector<std::string> subs;
    std::vector<std::string> sub_files;
    std::string format = "text";
};

json::Value diagnostics_json(const std::vector<asl::Diagnostic>& errors, const json::SourceMap& positions) {
    json::Array out;
    for (const auto& d : errors) {
        json::Object error{{"pointer", d.pointer}, {"code", d.code}, {"message", d.message}};
        if (auto at = positions.nearest(d.pointer)) {
            error.set("line", static_cast<int64_t>(at->line));
            error.set("column", static_cast<int64_t>(at->column));
        }
        out.push_back(json::Value(std::move(error)));
    }
    return json::Value(std::move(out));
}

int run_validate(const ValidateOptions& options) {
    asl::CompileOptions compile_options;
    try {
        compile_options.substitutions = load_substitutions(options.sub_files, options.subs);
    } catch (const std::exception& e) {
        std::cerr << "stepwise validate: " << e.what() << "\n";
        return 2;
    }
    bool any_error = false;
    json::Array report;
    for (const std::string& file : options.files) {
        asl::DefinitionFile definition;
        try {
            definition = asl::read_definition_file(file);
        } catch (const std::exception& e) {
            std::cerr << "stepwise validate: " << e.what() << "\n";
            return 2;
        }
        json::SourceMap positions;
        asl::CompileResult result = asl::compile_file(definition, compile_options, &positions);
        any_error = any_error || !result.ok();
        if (options.format == "json") {
            report.push_back(json::Object{{"file", file}, {"valid", result.ok()}, {"errors", diagnostics_json(result.errors, positions)}});
            continue;
        }
        if (result.ok()) {
            size_t states = result.machine->all_states.size();
            std::cout << utf8::escape_controls(file) << ": valid (" << states << (states == 1 ? " state" : " states") << ")\n";
        } else {
            for (const auto& d : result.errors) std::cout << utf8::escape_controls(asl::located_message(file, positions, d)) << "\n";
        }
    }
    if (options.format == "json") std::cout << json::pretty(json::Value(std::move(report))) << "\n";
    return any_error ? 1 : 0;
}

}  // namespace

void add_validate_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ValidateOptions>();
    CLI::App* command = app.add_subcommand("validate", "Check state machine definitions; print every located error");
    command->add_option("files", options->files, "Definition files (.asl.json, .asl.yaml)")->required()->check(CLI::ExistingFile);
    command->add_option("--sub", options->subs, "Substitute ${Name} with a value: --sub Name=value (repeatable)");
    command->add_option("--subs", options->sub_files, "JSON file of substitutions {\"Name\": \"value\"}")
        ->check(CLI::ExistingFile);
    command->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    command->callback([options, &exit_code] { exit_code = run_validate(*options); });
}

}  // namespace stepwise::cli
