#include "cli/run_world.h"

#include <filesystem>

#include "asl/express.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::cli {
namespace fs = std::filesystem;

namespace {

std::string project_file_of(const WorldSources& sources, const std::string& definition_path) {
    if (!sources.project_file.empty()) return sources.project_file;
    std::string anchor = !definition_path.empty() ? definition_path : sources.template_file;
    if (anchor.empty()) return "";
    auto beside = fs::path(anchor).parent_path() / "stepwise.json";
    return fs::exists(beside) ? beside.string() : std::string();
}

bool same_file(const std::string& a, const std::string& b) {
    return !a.empty() && !b.empty() && fs::weakly_canonical(a) == fs::weakly_canonical(b);
}

}  // namespace

RunWorld::RunWorld(const WorldSources& sources) {
    const tasks::SamStateMachine* from_template = nullptr;
    const tasks::SamStateMachine* described = nullptr;  // the template's entry for the definition, if any
    try {
        if (!sources.template_file.empty()) {
            sam_ = tasks::load_sam_template(sources.template_file);
            warnings_ = sam_->warnings;
            watched_.push_back(sources.template_file);
        }
        if (!sources.template_machine.empty()) {
            if (!sam_) throw WorldError("a state machine of a template (" + sources.template_machine + ") needs the template");
            std::string known;
            for (const auto& m : sam_->state_machines) {
                if (m.logical_id == sources.template_machine) from_template = &m;
                known += (known.empty() ? "" : ", ") + m.logical_id;
            }
            if (!from_template)
                throw WorldError(sources.template_file + ": no state machine " + sources.template_machine +
                                 " (it has: " + (known.empty() ? "none" : known) + ")");
            if (from_template->definition_path.empty() && from_template->definition.is_null())
                throw WorldError(sources.template_file + ": " + sources.template_machine +
                                 " has neither DefinitionUri nor Definition that stepwise can read");
        }
        definition_path_ = from_template ? from_template->definition_path : sources.machine_file;
        std::string project_file = project_file_of(sources, definition_path_);
        if (!project_file.empty()) {
            project_ = std::make_shared<tasks::ProjectConfig>(tasks::ProjectConfig::load(project_file));
            substitutions_ = project_->substitutions();
            watched_.push_back(project_file);
        }
        if (sam_) {
            if (!project_) project_ = std::make_shared<tasks::ProjectConfig>();
            project_->merge_missing(sam_->project);
            for (const auto& m : sam_->state_machines)
                if (&m == from_template || (!from_template && (same_file(m.definition_path, definition_path_) ||
                                                               sam_->state_machines.size() == 1)))
                    described = &m;
            if (described)
                for (const auto& [name, value] : described->substitutions) substitutions_[name] = value;
        }
        for (const auto& [name, value] : sources.substitutions) substitutions_[name] = value;
        definition_ = definition_path_.empty() ? asl::definition_text("", json::dump(from_template->definition))
                                               : asl::read_definition_file(definition_path_);
        if (!definition_path_.empty()) watched_.push_back(definition_path_);
    } catch (const WorldError&) {
        throw;
    } catch (const std::exception& e) {
        throw WorldError(e.what());
    }

    definition_name_ = definition_path_.empty() ? sources.template_file + " " + sources.template_machine : definition_path_;
    scope_ = sources.scope;
    express_ = !sources.type.empty() ? sources.type == "EXPRESS" : described && described->express;
    machine_ = compile_definition({}, &positions_);
    if (definition_path_.empty()) positions_ = json::SourceMap();  // of a text the user never wrote
    if (express_) check_express(*machine_);
    state_machine_name_ = !sources.state_machine_name.empty() ? sources.state_machine_name
                          : from_template                    ? from_template->name
                                                             : machine_name_from_file(definition_path_);

    if (project_) {
        functions_ = std::make_shared<tasks::LambdaDispatcher>(project_);
        for (const auto& [name, function] : project_->functions())
            if (!function.code_dir.empty()) watched_.push_back(function.code_dir);
    }
    try {
        endpoints_ = std::make_shared<tasks::EndpointInvoker>(endpoint_options(project_.get(), sources.allowed_http_hosts));
        machines_ = std::make_shared<RunMachines>();
        machines_->add_compiled(state_machine_name_, machine_);
        for (const std::string& dir : sources.machine_dirs) {
            machines_->add_folder(dir, substitutions_);
            watched_.push_back(dir);
        }
        if (sam_) machines_->add_sam(*sam_, sources.template_file);
        if (project_)
            for (const auto& [name, path] : project_->state_machines())
                machines_->add(name, RunMachines::Source{path, json::Value(), substitutions_, "stepwise.json"});
    } catch (const std::exception& e) {
        throw WorldError(e.what());
    }
    std::string s3_dir = !sources.s3_dir.empty() ? sources.s3_dir : project_ ? project_->s3_dir() : "";
    if (!s3_dir.empty()) {
        if (!std::filesystem::is_directory(s3_dir))
            throw WorldError("the local S3 folder " + s3_dir + " is not a folder (--s3-dir, or the project file's \"s3Dir\")");
        s3_ = std::make_shared<tasks::s3::LocalS3>(s3_dir);
    }
    schema_dirs_ = sources.schema_dirs;
    if (project_)
        for (const std::string& dir : project_->schema_dirs()) schema_dirs_.push_back(dir);
    for (const std::string& dir : schema_dirs_) watched_.push_back(dir);
    schemas_ = std::make_shared<events::SchemaRegistry>();
    try {
        for (const std::string& dir : schema_dirs_) schemas_->load_folder(dir);
    } catch (const std::exception& e) {
        throw WorldError(e.what());
    }
}

// The file's positions were mapped once when the world was made: substitutions
// change only the text of its strings, never where anything is written.
std::shared_ptr<const asl::Machine> RunWorld::compile_with(const std::map<std::string, std::string>& more) const {
    return compile_definition(more, nullptr);
}

std::shared_ptr<const asl::Machine> RunWorld::compile_definition(const std::map<std::string, std::string>& more,
                                                                 json::SourceMap* positions) const {
    asl::CompileOptions options;
    options.substitutions = substitutions_;
    for (const auto& [name, value] : more) options.substitutions[name] = value;
    asl::CompileResult compiled = asl::compile_file(definition_, options, positions);
    if (!compiled.ok()) {
        std::string message;
        for (const auto& d : compiled.errors)
            message += (message.empty() ? "" : "\n") + located(d, positions ? *positions : positions_);
        throw DefinitionInvalid(message);
    }
    return compiled.machine;
}

std::string RunWorld::located(const asl::Diagnostic& diagnostic, const json::SourceMap& positions) const {
    return asl::located_message(definition_name_, definition_path_.empty() ? json::SourceMap() : positions, diagnostic);
}

void RunWorld::check_express(const asl::Machine& machine) const {
    std::string message;
    for (const asl::Diagnostic& d : asl::express_problems(machine))
        message += (message.empty() ? "" : "\n") + located(d, positions_);
    if (!message.empty()) throw DefinitionInvalid(message);
}

void RunWorld::set_state_machine_name(const std::string& name) {
    state_machine_name_ = name;
    machines_->add_compiled(name, machine_);
}

runtime::RunServices RunWorld::services(bool local_functions) const {
    runtime::RunServices services;
    services.router.shell = "this run";
    if (local_functions) {
        services.router.functions = functions_;
        services.router.endpoints = endpoints_;
    }
    services.machines = machines_.get();
    services.s3 = s3_;
    return services;
}

std::unique_ptr<RunEventBus> RunWorld::event_bus(events::SchemaMode mode, std::function<int64_t()> now_ms,
                                                 uint64_t seed) const {
    return std::make_unique<RunEventBus>(schemas_, mode, scope_, std::move(now_ms), seed);
}

bool starts_executions(const asl::Machine& machine) {
    for (const auto& [name, state] : machine.all_states) {
        if (state->type != asl::StateType::Task) continue;
        const asl::Resource& r = state->as<asl::TaskState>().resource;
        if (r.is_service("states", "startExecution") || (r.aws_sdk && r.service == "sfn" && r.action == "startExecution"))
            return true;
    }
    return false;
}

}  // namespace stepwise::cli
