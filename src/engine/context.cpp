// The context object ($$), built only when a path, template or intrinsic of
// the current state attempt reads it. The execution's part is built once;
// each state attempt adds State (Name, EnteredTime, RetryCount).
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
#include "engine/core.h"
#include "engine/timestamp.h"

namespace stepwise::engine {

const json::Value& Core::context(Frame& f) {
    if (fixed_context) return *fixed_context;
    if (f.context_valid) return f.context;
    json::Value ctx = execution_context;  // shares the Execution/StateMachine members
    json::Object& o = ctx.mutable_object();
    json::Object st;
    st.set("EnteredTime", format_iso8601_ms(f.entered_ms));
    st.set("Name", f.state->name);
    // AWS shows RetryCount only where a retry can happen (Task, and states with Retry).
    if (f.state->type == asl::StateType::Task || !f.state->retry.empty())
        st.set("RetryCount", json::Value(static_cast<long long>(f.retry_count)));
    o.set("State", json::Value(std::move(st)));
    if (f.state->type == asl::StateType::Task && !f.task_token.empty()) {
        json::Object task;
        task.set("Token", f.task_token);
        o.set("Task", json::Value(std::move(task)));
    }
    f.context = std::move(ctx);
    f.context_valid = true;
    return f.context;
}

json::Value Core::item_context(Frame& f, int64_t index, const json::Value& value) {
    json::Value ctx = context(f);
    json::Object item;
    item.set("Index", json::Value(static_cast<long long>(index)));
    item.set("Value", value);
    json::Object map;
    map.set("Item", json::Value(std::move(item)));
    ctx.mutable_object().set("Map", json::Value(std::move(map)));
    return ctx;
}

}  // namespace stepwise::engine
