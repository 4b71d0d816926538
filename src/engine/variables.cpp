#include "engine/variables.h"

#include <map>

#include "engine/jsonpath_flow.h"
#include "json/write.h"

namespace stepwise::engine {

json::Value evaluate_assign(Core& core, Frame& f, const asl::Assign& assign, const json::Value& jsonpath_input,
                            const StatesVar& st) {
    if (f.state->query_language == asl::QueryLanguage::JSONata) {
        return eval_jsonata(core, f, assign.jsonata, st, "Assign");
    }
    if (!assign.jsonpath) return assign.raw;
    return apply_template(core, f, assign.jsonpath, jsonpath_input, "Assign");
}

void commit_assign(Core& core, Frame& f, json::Value values) {
    if (!values.is_object()) return;
    // Quotas: 256 KiB per variable and per Assign, 10 MiB for all the
    // variables an execution stores.
    // https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
    constexpr size_t kVariable = 256 * 1024, kStored = 10 * 1024 * 1024;
    size_t total = 0;
    std::vector<size_t> sizes;
    sizes.reserve(values.as_object().size());
    for (const auto& m : values.as_object()) {
        size_t size = json::dump(m.value).size() + m.name().size();
        sizes.push_back(size);
        total += size;
        if (size > kVariable)
            throw StateError::make(errors::DataLimitExceeded,
                                   "The variable '" + std::string(m.name()) + "' assigned by the state '" +
                                       f.state->name + "' exceeds the maximum size of 256 KiB.",
                                   true);
    }
    if (total > kVariable)
        throw StateError::make(errors::DataLimitExceeded,
                               "The variables assigned by the state '" + f.state->name +
                                   "' exceed the maximum combined size of 256 KiB.",
                               true);
    if (!f.vars) {
        f.vars = std::make_shared<VarScope>();
    } else if (f.vars.use_count() > 1) {
        // Shared with a child's parent link: copy on write.
        f.vars = std::make_shared<VarScope>(*f.vars);
    }
    int64_t bytes = f.vars->bytes;
    {
        size_t i = 0;
        for (const auto& m : values.as_object()) {
            if (const json::Value* old = f.vars->lookup(m.name()))
                bytes -= static_cast<int64_t>(json::dump(*old).size() + m.name().size());
            bytes += static_cast<int64_t>(sizes[i++]);
        }
    }
    if (bytes > static_cast<int64_t>(kStored))
        throw StateError::make(errors::DataLimitExceeded,
                               "The state '" + f.state->name +
                                   "' would store variables over the maximum total size of 10 MiB.",
                               true);
    f.vars->bytes = bytes;
    json::Object& o = f.vars->vars.mutable_object();
    for (const auto& m : values.as_object()) o.set(m.name(), m.value);
    if (f.assigned.is_object()) {
        json::Object& a = f.assigned.mutable_object();
        for (const auto& m : values.as_object()) a.set(m.name(), m.value);
    } else {
        f.assigned = std::move(values);
    }
    (void)core;
}

json::Value visible_variables(const Frame& f) {
    std::map<std::string, json::Value, std::less<>> seen;
    for (const VarScope* s = f.vars.get(); s; s = s->parent.get())
        for (const auto& m : s->vars.as_object()) seen.emplace(std::string(m.name()), m.value);
    json::Object o;
    for (auto& [name, v] : seen) o.set(name, std::move(v));
    return json::Value(std::move(o));
}

}  // namespace stepwise::engine
