// Definition revisions of state machines and their compiled machines.
//
// Every revision of a definition is its own document (kind "definition", id
// "<state machine arn>@<revisionId>", body {"definition": <ASL text>, ...}),
// so an execution keeps the definition it started with after an update; the
// id is what runtime::StartRequest::definition_id carries and what the
// ExecutionHost hands back to a MachineResolver when it resumes an execution.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "asl/machine.h"
#include "runtime/execution_host.h"
#include "store/store.h"

namespace stepwise::api {

inline constexpr std::string_view kDefinitionKind = "definition";

std::string definition_id(std::string_view state_machine_arn, std::string_view revision_id);
// A Distributed Map's children run the Map state's child machine (asl::MapState::child_machine):
// "<parent's definition id>#map:<state name>", nested as deep as the maps are.
std::string map_child_definition_id(const std::string& parent_definition_id, const std::string& map_state);
// The stored definition revision a definition id belongs to: a Map child's
// outermost parent's, else the id itself.
std::string stored_definition_id(const std::string& definition_id);

// Compiled machines by definition id, compiled once. Thread-safe.
class DefinitionCache {
public:
    explicit DefinitionCache(store::Store& store) : store_(store) {}

    // Null when no such definition is stored (or it no longer compiles).
    std::shared_ptr<const asl::Machine> machine(const std::string& definition_id);
    // Keeps a machine compiled elsewhere (by CreateStateMachine) under its id.
    void remember(const std::string& definition_id, std::shared_ptr<const asl::Machine> machine);

private:
    store::Store& store_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const asl::Machine>> machines_;
};

// A resolver with its own cache over `store`, for an ExecutionHost built
// before the StepFunctionsService (which needs the host): the two caches read
// the same documents, so they always agree.
runtime::MachineResolver make_machine_resolver(store::Store& store);

}  // namespace stepwise::api
