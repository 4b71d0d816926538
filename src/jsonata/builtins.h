// The built-in function library. Each family registers its functions from
// its own file (fn_*.cpp); find_builtin looks one up by name (without `$`).
#pragma once

#include <string_view>
#include <vector>

#include "jsonata/context.h"
#include "jsonata/error.h"
#include "jsonata/function.h"
#include "jsonata/semantics.h"
#include "jsonata/value.h"

namespace stepwise::jsonata {

const Val* find_builtin(std::string_view name);

struct BuiltinDef {
    const char* name;
    const char* signature;
    BuiltinImpl impl;
};

// Family tables, defined in fn_*.cpp.
std::vector<BuiltinDef> string_functions();
std::vector<BuiltinDef> numeric_functions();
std::vector<BuiltinDef> aggregate_functions();
std::vector<BuiltinDef> array_functions();
std::vector<BuiltinDef> object_functions();
std::vector<BuiltinDef> hof_functions();
std::vector<BuiltinDef> datetime_functions();
std::vector<BuiltinDef> misc_functions();
std::vector<BuiltinDef> format_functions();

// Helpers for implementations.
inline const Val& arg(const std::vector<Val>& args, size_t i) {
    static const Val undefined;
    return i < args.size() ? args[i] : undefined;
}
Error function_error(const char* code, const std::string& fn, const Val& value, const std::string& message = {});

}  // namespace stepwise::jsonata
