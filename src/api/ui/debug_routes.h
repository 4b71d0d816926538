// The web page's debugger: breakpoints, pauses and "re-run from here" over
// HTTP (JSON in, JSON out; errors {"__type", "message"} with a 4xx status).
//
//   POST /ui/debug/start        {stateMachineArn, name?, input? (JSON text, "{}"), testCase?,
//                                breakpoints?: [{state, after?}], pauseAtStart?}
//                               -> {executionArn, startDate}; StartExecution's checks.
//                                  No breakpoints given: the machine's (below).
//   GET  /ui/debug/breakpoints?stateMachineArn=ARN  -> {breakpoints: [{state, after}]}
//                               what new executions of the machine start with
//   PUT  /ui/debug/breakpoints  {stateMachineArn, breakpoints}: the machine's, for new executions
//                               {executionArn, breakpoints}: a running execution's -> {}
//   GET  /ui/debug/pauses?executionArn=ARN  -> {pauses: [pause]} (api/ui/pause_json.h)
//   POST /ui/debug/resume       {executionArn, pauseId, step?, input? (any JSON), breakpoints?} -> {}
//   POST /ui/debug/evaluate     {executionArn, pauseId, expression} -> {value}
//                               (engine/debug_eval.h); a bad expression: 400 EvaluationError
//   POST /ui/debug/rerun        {executionArn, eventId (a StateEntered event), input? (any JSON),
//                                definition? (edited ASL, checked as CreateStateMachine),
//                                testCase?, pause?, name?} -> {executionArn, startDate}
//   GET  /ui/debug/rerun?executionArn=ARN  -> {rerunOf: {executionArn, eventId} or null}
//
// Breakpoints naming a state the definition lacks are a 400 naming it;
// members a route does not take are a 400 naming them.
#pragma once

#include <string_view>

#include "api/http/request.h"
#include "api/sfn/service.h"
#include "api/ui/breakpoint_book.h"
#include "runtime/execution_host.h"
#include "store/store.h"

namespace stepwise::api {

class DebugRoutes {
public:
    static constexpr std::string_view kPrefix = "/ui/debug/";

    DebugRoutes(store::Store& store, runtime::ExecutionHost& host, StepFunctionsService& sfn, BreakpointBook& book)
        : store_(store), host_(host), sfn_(sfn), book_(book) {}

    void handle(Request request, Responder respond);

private:
    void start(const json::Value& body, Responder respond);
    void get_breakpoints(const Request& request, Responder respond);
    void put_breakpoints(const json::Value& body, Responder respond);
    void pauses(const Request& request, Responder respond);
    void resume(const json::Value& body, Responder respond);
    void evaluate(const json::Value& body, Responder respond);
    void rerun(const json::Value& body, Responder respond);
    void rerun_of(const Request& request, Responder respond);

    store::Store& store_;
    runtime::ExecutionHost& host_;
    StepFunctionsService& sfn_;
    BreakpointBook& book_;
};

}  // namespace stepwise::api
