#include "cli/lint_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "cli/lint_examples.h"
#include "cli/painter.h"
#include "cli/substitutions.h"
#include "json/write.h"
#include "lint/report.h"
#include "tasks/project_config.h"

namespace stepwise::cli {

namespace {

struct LintCommandOptions {
    std::vector<std::string> files;
    std::vector<std::string> subs;
    std::vector<std::string> sub_files;
    std::string project;
    std::string format = "text";
    std::string fail_on = "error";
    bool list_rules = false;
    LintExampleOptions examples;
};

// The project file that applies to `file`: --project, else stepwise.json beside it.
std::string project_file_for(const LintCommandOptions& options, const std::string& file) {
    if (!options.project.empty()) return options.project;
    auto beside = std::filesystem::path(file).parent_path() / "stepwise.json";
    return std::filesystem::exists(beside) ? beside.string() : std::string();
}

// Each FILE as given; each folder as every *.asl.json, *.asl.yaml and
// *.asl.yml below it (hidden folders and node_modules skipped), sorted.
std::vector<std::string> definition_files(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        if (!fs::is_directory(path)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            std::string name = it->path().filename().string();
            if (it->is_directory(ec) && (name.starts_with(".") || name == "node_modules")) {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec) && asl::is_asl_file_name(name))
                found.push_back(it->path().lexically_normal().string());
        }
        if (ec) throw std::runtime_error(path + ": " + ec.message());
        if (found.empty()) throw std::runtime_error(path + ": no definitions (*.asl.json, *.asl.yaml, *.asl.yml) below it");
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

// A state the project's "lint" settings name that none of the definitions
// linted with it has: most likely misspelt, so the findings it meant to
// silence stay. A warning only: the state may be in a definition not linted now.
void warn_of_states_not_linted(const std::map<std::string, std::set<std::string>>& named,
                               const std::map<std::string, std::set<std::string>>& seen) {
    for (const auto& [project_file, states] : named)
        for (const std::string& state : states)
            if (!seen.count(project_file) || !seen.at(project_file).count(state))
                std::cerr << "stepwise lint: warning: " << project_file << " /lint/states/" << state << ": no state \""
                          << state << "\" in the definitions linted (misspelt? its rules stay on elsewhere)\n";
}

void print_rules() {
    for (const lint::Rule& rule : lint::all_rules())
        std::cout << rule.id << " (" << rule.category << ", " << lint::severity_name(rule.severity) << "): " << rule.summary
                  << "\n    " << rule.doc_url << "\n";
}

// The folder code scanning resolves a result's file against: the repository
// holding the working directory (the nearest folder above with .git), else the
// working directory itself.
std::filesystem::path source_root() {
    namespace fs = std::filesystem;
    fs::path here = fs::current_path();
    for (fs::path dir = here; !dir.empty(); dir = dir.parent_path()) {
        std::error_code ec;
        if (fs::exists(dir / ".git", ec)) return dir;
        if (dir == dir.root_path()) break;
    }
    return here;
}

// SARIF names each file relative to the repository root (GitHub resolves it
// there, whatever folder the linter ran in); files outside it stay absolute.
json::Value sarif_of(std::vector<lint::FileReport> reports) {
    namespace fs = std::filesystem;
    fs::path root = source_root();
    for (lint::FileReport& report : reports) {
        fs::path absolute = fs::absolute(report.path).lexically_normal();
        fs::path relative = absolute.lexically_relative(root);
        bool inside = !relative.empty() && *relative.begin() != "..";
        report.path = inside ? relative.generic_string() : absolute.generic_string();
    }
    return lint::sarif_report(reports, "0.1.0", root.string());
}

int run_lint(const LintCommandOptions& options) {
    if (options.list_rules) {
        print_rules();
        return 0;
    }
    if (options.files.empty()) {
        std::cerr << "stepwise lint: name at least one definition file (or --list-rules)\n";
        return 2;
    }
    std::vector<lint::FileReport> reports;
    try {
        std::map<std::string, std::string> given = load_substitutions(options.sub_files, options.subs);
        std::vector<std::string> files = definition_files(options.files);
        std::map<std::string, std::set<std::string>> named_states, seen_states;  // by project file
        // An example input and mocks belong to one state machine: given to
        // several, the others' paths would be checked against data not theirs.
        if (files.size() > 1 && options.examples.given())
            throw std::runtime_error("--input, --mocks and --test-case describe one state machine's data: lint one "
                                     "definition with them (" + std::to_string(files.size()) + " were given)");
        // Options by project file, read once however many definitions share it
        // ("" = no project file: only what the command line gives).
        std::map<std::string, lint::LintOptions> by_project;
        for (const std::string& file : files) {
            std::string project_file = project_file_for(options, file);
            auto [known, first_time] = by_project.try_emplace(project_file);
            if (first_time) {
                if (!project_file.empty()) {
                    tasks::ProjectConfig project = tasks::ProjectConfig::load(project_file);
                    known->second.compile.substitutions = project.substitutions();
                    known->second.config = lint::LintConfig::from_json(project.lint_settings(), project_file);
                }
                for (const auto& [name, value] : given) known->second.compile.substitutions[name] = value;
            }
            lint::LintOptions lint_options = known->second;
            lint_options.examples = load_lint_examples(options.examples, file);
            reports.push_back(lint::lint_file(asl::read_definition_file(file), lint_options));
            for (const auto& [state, rules] : lint_options.config.states) named_states[project_file].insert(state);
            for (const std::string& state : reports.back().state_names) seen_states[project_file].insert(state);
        }
        warn_of_states_not_linted(named_states, seen_states);
    } catch (const std::exception& e) {
        std::cerr << "stepwise lint: " << e.what() << "\n";
        return 2;
    }
    if (options.format == "json")
        std::cout << json::pretty(lint::json_report(reports)) << "\n";
    else if (options.format == "sarif")
        std::cout << json::pretty(sarif_of(std::move(reports))) << "\n";
    else
        std::cout << lint::text_report(reports, Painter::wanted(STDOUT_FILENO));
    if (options.fail_on == "none") return 0;
    return lint::any_at_least(reports, *lint::parse_severity(options.fail_on)) ? 1 : 0;
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<LintCommandOptions>();
    CLI::App* command = app.add_subcommand(
        "lint", "Find what AWS would refuse and what would go wrong at run time: named rules, located, with fix hints");
    command->add_option("files", options->files, "Definition files (.asl.json, .asl.yaml), or folders: every *.asl.json/yaml below")
        ->check(CLI::ExistingPath);
    command->add_option("--project", options->project,
                        "Project file (default: stepwise.json beside each definition): substitutions and \"lint\" settings")
        ->check(CLI::ExistingFile);
    command->add_option("--sub", options->subs, "Substitute ${Name} with a value: --sub Name=value (repeatable)");
    command->add_option("--subs", options->sub_files, "JSON file of substitutions {\"Name\": \"value\"}")
        ->check(CLI::ExistingFile);
    command->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json", "sarif"}));
    command->add_option("--fail-on", options->fail_on, "Exit 1 when a finding is at least this severe")
        ->check(CLI::IsMember({"error", "warning", "note", "none"}));
    command->add_flag("--list-rules", options->list_rules, "Print every rule with its category, severity and AWS doc");
    add_lint_example_options(*command, options->examples);
    command->callback([options, &exit_code] { exit_code = run_lint(*options); });
}

}  // namespace stepwise::cli
