// The state machines a `stepwise run` can start from a states:startExecution
// Task, by name: the definitions in --machines DIR (NAME.asl.json or NAME.asl.yaml), a SAM
// template's state machines (whose Ref / Fn::GetAtt Arn in
// DefinitionSubstitutions name them), the project file's "stateMachines",
// and the run's own machine. Each compiles on first use, with the
// substitutions its source gives it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "asl/compile.h"
#include "runtime/run.h"
#include "tasks/sam_template.h"

namespace stepwise::cli {

class RunMachines : public runtime::MachineCatalog {
public:
    struct Source {
        std::string path;           // the definition file ("" when inline)
        json::Value definition;     // an inline SAM definition (null otherwise)
        std::map<std::string, std::string> substitutions;
        std::string origin;         // for messages: "--machines DIR", "template.yaml", "stepwise.json"
        bool express = false;       // its executions are EXPRESS (a template's Type)
    };

    // The run's own machine (already compiled) under its name.
    void add_compiled(const std::string& name, std::shared_ptr<const asl::Machine> machine);
    // Later sources do not replace earlier ones.
    void add(const std::string& name, Source source);
    // Every *.json, *.asl.yaml and *.asl.yml definition of a folder, named by its file. Throws for a missing folder.
    void add_folder(const std::string& dir, const std::map<std::string, std::string>& substitutions);
    void add_sam(const tasks::SamProject& sam, const std::string& origin);

    std::optional<Entry> find(const std::string& name, std::string* problem) const override;

private:
    mutable std::mutex mutex_;
    std::map<std::string, Source> sources_;
    mutable std::map<std::string, std::shared_ptr<const asl::Machine>> compiled_;
};

// "orders.asl.json", "orders.asl.yaml" -> "orders"
std::string machine_name_from_file(const std::string& path);

}  // namespace stepwise::cli
