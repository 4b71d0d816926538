#include "api/sfn/definitions.h"

#include "asl/compile.h"
#include "json/parse.h"

namespace stepwise::api {

std::string definition_id(std::string_view state_machine_arn, std::string_view revision_id) {
    return std::string(state_machine_arn) + "@" + std::string(revision_id);
}

namespace {
constexpr std::string_view kMapChild = "#map:";
}

std::string map_child_definition_id(const std::string& parent_definition_id, const std::string& map_state) {
    return parent_definition_id + std::string(kMapChild) + map_state;
}

std::string stored_definition_id(const std::string& definition_id) {
    return definition_id.substr(0, definition_id.find(kMapChild));
}

std::shared_ptr<const asl::Machine> DefinitionCache::machine(const std::string& definition_id) {
    {
        std::lock_guard lock(mutex_);
        if (auto found = machines_.find(definition_id); found != machines_.end()) return found->second;
    }
    // A Distributed Map's child: the Map state's child machine, inside its parent's.
    if (size_t at = definition_id.rfind(kMapChild); at != std::string::npos) {
        auto parent = machine(definition_id.substr(0, at));
        if (!parent) return nullptr;
        auto state = parent->all_states.find(definition_id.substr(at + kMapChild.size()));
        if (state == parent->all_states.end() || state->second->type != asl::StateType::Map) return nullptr;
        return state->second->as<asl::MapState>().child_machine;
    }
    auto document = store_.get_document(std::string(kDefinitionKind), definition_id);
    if (!document) return nullptr;
    auto body = json::try_parse(document->body);
    const json::Value* text = body ? body->find("definition") : nullptr;
    if (!text || !text->is_string()) return nullptr;
    auto compiled = asl::compile(text->as_string());
    if (!compiled.ok()) return nullptr;
    std::lock_guard lock(mutex_);
    // Another thread may have compiled it meanwhile; keep the first so callers share one.
    auto [entry, inserted] = machines_.emplace(definition_id, compiled.machine);
    return entry->second;
}

void DefinitionCache::remember(const std::string& definition_id, std::shared_ptr<const asl::Machine> machine) {
    std::lock_guard lock(mutex_);
    machines_.emplace(definition_id, std::move(machine));
}

runtime::MachineResolver make_machine_resolver(store::Store& store) {
    auto cache = std::make_shared<DefinitionCache>(store);
    return [cache](const std::string& definition_id) { return cache->machine(definition_id); };
}

}  // namespace stepwise::api
