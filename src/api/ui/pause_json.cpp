#include "api/ui/pause_json.h"

#include "api/sfn/ids.h"

namespace stepwise::api {

json::Value pause_json(const engine::Pause& pause) {
    json::Object o;
    o.set("pauseId", json::Value(static_cast<unsigned long long>(pause.id)));
    o.set("state", pause.state->name);
    o.set("after", json::Value(pause.after));
    o.set("time", epoch_seconds(pause.time_ms));
    o.set("input", pause.input);
    o.set("context", pause.context);
    o.set("variables", pause.variables);
    o.set("breakpoints", engine::breakpoints_json(pause.breakpoints));
    return json::Value(std::move(o));
}

}  // namespace stepwise::api
