#include "jsonata/builtins.h"

#include <memory>
#include <string>
#include <unordered_map>

namespace stepwise::jsonata {

namespace {
struct Registry {
    std::vector<std::unique_ptr<Builtin>> builtins;
    std::unordered_map<std::string_view, Val> values;  // keys view the Builtin names

    Registry() {
        for (auto family : {string_functions, numeric_functions, aggregate_functions, array_functions,
                            object_functions, hof_functions, datetime_functions, misc_functions, format_functions}) {
            for (const BuiltinDef& def : family()) {
                auto b = std::make_unique<Builtin>();
                b->name = def.name;
                b->signature = Signature::parse(def.signature);
                b->impl = def.impl;
                b->arity = b->signature.arity();
                b->display_name = "$" + b->name;
                values[b->name] = make_builtin_value(b.get());
                builtins.push_back(std::move(b));
            }
        }
    }
};

const Registry& registry() {
    static const Registry r;
    return r;
}
}  // namespace

const Val* find_builtin(std::string_view name) {
    const auto& values = registry().values;
    auto it = values.find(name);
    return it == values.end() ? nullptr : &it->second;
}

Error function_error(const char* code, const std::string& fn, const Val& value, const std::string& message) {
    Error e = message.empty() ? make_error(code, 0, fn, describe(value)) : Error(code, message, 0, fn);
    if (value.is_defined()) e.set_value(to_json(value));
    return e;
}

}  // namespace stepwise::jsonata
