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

json::Value map_item_context(json::Value context, int64_t index, const json::Value& item, bool object_item) {
    json::Object entry;
    if (object_item) {
        // An object's pair: $$.Map.Item.Key is its name, Value its value.
        const json::Value* key = item.find("Key");
        const json::Value* value = item.find("Value");
        entry.set("Key", key ? *key : json::Value());
        entry.set("Index", json::Value(static_cast<long long>(index)));
        entry.set("Value", value ? *value : json::Value());
    } else {
        entry.set("Index", json::Value(static_cast<long long>(index)));
        entry.set("Value", item);
    }
    json::Object map;
    map.set("Item", json::Value(std::move(entry)));
    context.mutable_object().set("Map", json::Value(std::move(map)));
    return context;
}

json::Value Core::item_context(Frame& f, int64_t index, const json::Value& item, bool object_item) {
    return map_item_context(context(f), index, item, object_item);
}

}  // namespace stepwise::engine
