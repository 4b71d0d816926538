#include "cli/run_machines.h"

#include <filesystem>

#include "asl/definition_file.h"
#include "json/write.h"

namespace stepwise::cli {

std::string machine_name_from_file(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    for (std::string_view suffix : {".asl.json", ".json", ".asl.yaml", ".asl.yml", ".yaml", ".yml"}) {
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return name.substr(0, name.size() - suffix.size());
    }
    return name;
}

void RunMachines::add_compiled(const std::string& name, std::shared_ptr<const asl::Machine> machine) {
    std::lock_guard lock(mutex_);
    compiled_.emplace(name, std::move(machine));
    sources_.emplace(name, Source{"", json::Value(), {}, "the run's definition"});
}

void RunMachines::add(const std::string& name, Source source) {
    std::lock_guard lock(mutex_);
    sources_.emplace(name, std::move(source));
}

void RunMachines::add_folder(const std::string& dir, const std::map<std::string, std::string>& substitutions) {
    if (!std::filesystem::is_directory(dir)) throw std::runtime_error("--machines " + dir + ": not a folder");
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file() || !asl::is_definition_path(entry.path().filename().string())) continue;
        add(machine_name_from_file(entry.path().string()),
            Source{entry.path().string(), json::Value(), substitutions, "--machines " + dir});
    }
}

void RunMachines::add_sam(const tasks::SamProject& sam, const std::string& origin) {
    for (const tasks::SamStateMachine& machine : sam.state_machines)
        add(machine.name, Source{machine.definition_path, machine.definition, machine.substitutions, origin, machine.express});
}

std::optional<runtime::MachineCatalog::Entry> RunMachines::find(const std::string& name, std::string* problem) const {
    std::lock_guard lock(mutex_);
    if (auto it = compiled_.find(name); it != compiled_.end())
        return Entry{it->second, sources_.count(name) && sources_.at(name).express};
    auto source = sources_.find(name);
    if (source == sources_.end()) {
        std::string known;
        for (const auto& [n, s] : sources_) known += (known.empty() ? "" : ", ") + n;
        if (problem) *problem = "this run knows the state machines: " + (known.empty() ? "none" : known) +
                                " (add more with --machines DIR, a SAM template, or \"stateMachines\" in stepwise.json)";
        return std::nullopt;
    }
    const Source& s = source->second;
    asl::CompileOptions options;
    options.substitutions = s.substitutions;
    asl::CompileResult compiled;
    json::SourceMap positions;  // of the file (none for an inline definition)
    try {
        asl::DefinitionFile file = s.path.empty() ? asl::definition_text("", json::dump(s.definition)) : asl::read_definition_file(s.path);
        compiled = asl::compile_file(file, options, s.path.empty() ? nullptr : &positions);
    } catch (const std::exception& e) {
        if (problem) *problem = s.origin + ": " + e.what();
        return std::nullopt;
    }
    if (!compiled.ok()) {
        if (problem)
            *problem = asl::located_message(s.path.empty() ? s.origin : s.path, positions, compiled.errors.front()) +
                       (compiled.errors.size() > 1 ? " (and " + std::to_string(compiled.errors.size() - 1) + " more)" : "");
        return std::nullopt;
    }
    compiled_[name] = compiled.machine;
    return Entry{compiled.machine, s.express};
}

}  // namespace stepwise::cli
