// asl::compile: the top level of a definition, and the text entry point.
#include "asl/compile.h"

#include "asl/compiler.h"
#include "json/parse.h"

namespace stepwise::asl {

namespace {

void compile_top_level(Machine& machine, const json::Value& definition, detail::Context& context) {
    detail::Fields f(definition, "", context.diags, "A state machine definition");
    if (!f.is_object()) return;
    if (auto version = f.string("Version")) {
        if (*version != "1.0")
            f.error("Version", "Field 'Version' must be \"1.0\", not \"" + *version + "\"");
        machine.version = *version;
    }
    if (auto timeout = f.integer("TimeoutSeconds", 1, detail::kMaxSeconds)) machine.timeout_seconds = *timeout;
    if (f.has("QueryLanguage"))
        context.machine_language = detail::read_query_language(f);
    machine.root.query_language = context.machine_language;
    detail::compile_scope(machine.root, f, context);
    f.finish();
    detail::collect_variable_reads(machine.root);
}

}  // namespace

CompileResult compile(const json::Value& definition, const CompileOptions& options) {
    auto machine = std::make_shared<Machine>();
    machine->version = "1.0";
    machine->definition = substitute(definition, options.substitutions);
    detail::Diagnostics diags;
    detail::Context context{diags, *machine};
    try {
        compile_top_level(*machine, machine->definition, context);
        if (diags.size() == 0) detail::compile_child_machines(context);
    } catch (const std::exception& e) {
        // A bug in a lower layer must not take the process down with it.
        diags.schema("", std::string("Internal error while compiling the definition: ") + e.what());
    }
    CompileResult result;
    result.errors = diags.take();
    if (result.errors.empty()) result.machine = std::move(machine);
    return result;
}

CompileResult compile(std::string_view definition_text, const CompileOptions& options) {
    if (definition_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        CompileResult result;
        result.errors.push_back(Diagnostic{"", std::string(detail::code::kMissingDescription),
                                           "The state machine definition is empty"});
        return result;
    }
    std::string error;
    std::optional<json::Value> value = json::try_parse(definition_text, &error);
    if (!value) {
        CompileResult result;
        result.errors.push_back(Diagnostic{"", std::string(detail::code::kInvalidJson), "Invalid JSON: " + error});
        return result;
    }
    detail::Diagnostics duplicates;
    detail::find_duplicate_state_names(definition_text, duplicates);
    CompileResult result = compile(*value, options);
    std::vector<Diagnostic> found = duplicates.take();
    if (!found.empty()) {
        result.machine = nullptr;
        result.errors.insert(result.errors.begin(), found.begin(), found.end());
    }
    return result;
}

}  // namespace stepwise::asl
