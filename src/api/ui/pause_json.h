// A pause (engine/debugger.h) as the web page reads it, in GET
// /ui/debug/pauses and the /ui/stream `pause` event:
//   {pauseId, state, after, time (epoch seconds, as history timestamps),
//    input, context, variables, breakpoints: [{state, after}]}
// with values as JSON, not text.
#pragma once

#include "engine/debugger.h"
#include "json/value.h"

namespace stepwise::api {

json::Value pause_json(const engine::Pause& pause);

}  // namespace stepwise::api
