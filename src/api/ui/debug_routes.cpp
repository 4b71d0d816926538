#include "api/ui/debug_routes.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <set>

#include "api/schemas/route.h"
#include "api/sfn/arn.h"
#include "api/sfn/definition_check.h"
#include "api/sfn/definitions.h"
#include "api/sfn/documents.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/ids.h"
#include "api/sfn/mock_test_case.h"
#include "api/sfn/names.h"
#include "api/ui/pause_json.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {

namespace {

constexpr std::string_view kJson = "application/json";
constexpr size_t kMaxInput = 262144;  // StartExecution's
const TextRule kArnRule = rule::required(1, 256);

Response ok(json::Value body) { return Response(200, json::dump(body), std::string(kJson)); }
Response ok() { return ok(json::Value(json::Object{})); }

Response failure(const std::string& type, const std::string& message) {
    int status = type == "InternalFailure" ? 500 : type == "ServiceUnavailable" ? 503 : 400;
    return aws_error(status, type, message, kJson);
}

SfnError invalid(const std::string& message) { return SfnError("ValidationException", message); }

// The body's members must all be among `known`: nothing sent is ignored.
void only_members(const json::Value& body, std::initializer_list<std::string_view> known, std::string_view route) {
    if (!body.is_object()) throw SfnError("SerializationException", std::string(route) + ": the body is not a JSON object");
    for (const auto& member : body.as_object()) {
        bool listed = false;
        for (std::string_view k : known) listed = listed || member.name() == k;
        if (!listed) {
            std::string names;
            for (std::string_view k : known) names += (names.empty() ? "" : ", ") + std::string(k);
            throw invalid(std::string(route) + " takes no member '" + std::string(member.name()) + "' (it takes " +
                          names + ")");
        }
    }
}

// The one query parameter `name` of a GET route; others are refused.
std::string query_parameter(const Request& request, std::string_view name) {
    std::optional<std::string> found;
    for (const auto& [key, value] : parse_query_string(request.query)) {
        if (key != name)
            throw invalid("Unknown query parameter '" + key + "' (" + request.path + " takes " + std::string(name) + ")");
        found = value;
    }
    if (!found || found->empty()) throw invalid(request.path + " needs the query parameter " + std::string(name));
    return *found;
}

std::vector<engine::Breakpoint> breakpoints_of(const json::Value& list, std::string_view member) {
    if (!list.is_array()) throw invalid("'" + std::string(member) + "' must be a list of {state, after?}");
    std::vector<engine::Breakpoint> out;
    for (size_t i = 0; i < list.as_array().size(); ++i) {
        const json::Value& item = list.as_array()[i];
        const std::string where = std::string(member) + "[" + std::to_string(i) + "]";
        only_members(item, {"state", "after"}, where);
        const json::Value* state = item.find("state");
        const json::Value* after = item.find("after");
        if (!state || !state->is_string() || state->as_string().empty())
            throw invalid("'" + where + ".state' must be a state's name");
        if (after && !after->is_bool()) throw invalid("'" + where + ".after' must be true or false");
        engine::Breakpoint b{std::string(state->as_string()), after && after->as_bool()};
        if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(std::move(b));
    }
    return out;
}

std::string execution_arn_of(Fields& fields) {
    auto arn = fields.text("executionArn", kArnRule);
    fields.check();
    if (auto problem = resource_arn_problem(*arn, "execution"); !problem.empty()) throw invalid_arn(problem);
    return *arn;
}

uint64_t pause_id_of(Fields& fields) {
    auto id = fields.integer("pauseId", 1, INT64_MAX, true);
    fields.check();
    return static_cast<uint64_t>(*id);
}

}  // namespace

void DebugRoutes::handle(Request request, Responder respond) {
    try {
        const std::string route = request.path.substr(std::min(request.path.size(), kPrefix.size()));
        const std::string& method = request.method;
        auto body = [&] {
            std::string error;
            auto parsed = json::try_parse(request.body.empty() ? "{}" : request.body, &error);
            if (!parsed) throw SfnError("SerializationException", request.path + ": the body is not JSON: " + error);
            return std::move(*parsed);
        };
        if (method == "POST" && route == "start") return start(body(), respond);
        if (method == "GET" && route == "breakpoints") return get_breakpoints(request, respond);
        if (method == "PUT" && route == "breakpoints") return put_breakpoints(body(), respond);
        if (method == "GET" && route == "pauses") return pauses(request, respond);
        if (method == "POST" && route == "resume") return resume(body(), respond);
        if (method == "POST" && route == "evaluate") return evaluate(body(), respond);
        if (method == "POST" && route == "rerun") return rerun(body(), respond);
        if (method == "GET" && route == "rerun") return rerun_of(request, respond);
        respond(aws_error(404, "UnknownOperationException", "No operation at " + method + " " + request.path, kJson));
    } catch (const SfnError& e) {
        respond(aws_error(e.status(), e.type(), e.what(), kJson));
    } catch (const store::StoreError& e) {  // nothing was stored (a full disk): retryable
        respond(aws_error(503, "ServiceUnavailable", e.what(), kJson));
    } catch (const std::exception& e) {
        respond(aws_error(500, "InternalFailure", e.what(), kJson));
    }
}

void DebugRoutes::start(const json::Value& body, Responder respond) {
    only_members(body, {"stateMachineArn", "name", "input", "testCase", "breakpoints", "pauseAtStart"}, "/ui/debug/start");
    Fields fields(body);
    auto arn = fields.text("stateMachineArn", kArnRule);
    auto name = fields.text("name", rule::optional(1, 80));
    auto input = fields.text("input", rule::optional(0, kMaxInput));
    auto test_case = fields.text("testCase", rule::optional(1, 256));
    auto pause_at_start = fields.flag("pauseAtStart");
    const json::Value* list = fields.list("breakpoints");
    fields.check();
    std::optional<std::vector<engine::Breakpoint>> breakpoints;
    if (list) breakpoints = breakpoints_of(*list, "breakpoints");
    std::string target = *arn;
    if (test_case) {
        if (target.find('#') != std::string::npos)
            throw invalid("give the test case either as testCase or after '#' in stateMachineArn, not both");
        target += "#" + *test_case;  // checked against the mock config by the start, as StartExecution's
    }
    // The machine is resolved by the start's checks; the breakpoints are set on what they found.
    auto adjust = [this, breakpoints, pause_at = pause_at_start.value_or(false)](runtime::StartRequest& r) {
        if (!breakpoints && !pause_at) return;  // the machine's, as any start
        auto debug = std::make_shared<engine::DebugConfig>();
        debug->breakpoints = breakpoints ? *breakpoints
                                         : book_.for_machine(r.state_machine_arn, r.state_machine_name, *r.machine);
        debug->pause_at_start = pause_at;
        r.debug = std::move(debug);
    };
    sfn_.start_execution(
        target, name, input.value_or("{}"),
        [respond](runtime::StartResult result) {
            if (result.error) return respond(failure(result.error.type, result.error.message));
            respond(ok(json::Value(json::Object{{"executionArn", result.execution_arn},
                                                {"startDate", epoch_seconds(result.start_ms)}})));
        },
        {}, adjust);
}

// The state machine (unqualified ARN) and its current definition.
struct MachineAndDefinition {
    std::string arn;
    std::string name;
    std::shared_ptr<const asl::Machine> machine;
};

static MachineAndDefinition machine_named(store::Store& store, StepFunctionsService& sfn, const std::string& text) {
    std::optional<StateMachineArn> parsed;
    if (auto problem = state_machine_arn_problem(text, &parsed); !problem.empty()) throw invalid_arn(problem);
    if (!parsed->qualifier.empty())
        throw invalid("breakpoints are per state machine: give its ARN without a version or alias, not '" + text + "'");
    auto document = read_document(store, kStateMachineKind, parsed->machine_arn);
    if (!document) throw state_machine_does_not_exist(text);
    auto machine = sfn.resolver()(text_of(*document, "definitionId"));
    if (!machine) throw state_machine_does_not_exist(text);
    return {parsed->machine_arn, parsed->name, std::move(machine)};
}

void DebugRoutes::get_breakpoints(const Request& request, Responder respond) {
    MachineAndDefinition m = machine_named(store_, sfn_, query_parameter(request, "stateMachineArn"));
    respond(ok(json::Value(
        json::Object{{"breakpoints", engine::breakpoints_json(book_.for_machine(m.arn, m.name, *m.machine))}})));
}

void DebugRoutes::put_breakpoints(const json::Value& body, Responder respond) {
    only_members(body, {"stateMachineArn", "executionArn", "breakpoints"}, "PUT /ui/debug/breakpoints");
    Fields fields(body);
    auto machine_arn = fields.text("stateMachineArn", rule::optional(1, 256));
    auto execution_arn = fields.text("executionArn", rule::optional(1, 256));
    const json::Value* list = fields.list("breakpoints", true);
    fields.check();
    if (machine_arn.has_value() == execution_arn.has_value())
        throw invalid("PUT /ui/debug/breakpoints takes one of stateMachineArn and executionArn");
    std::vector<engine::Breakpoint> breakpoints = breakpoints_of(*list, "breakpoints");
    if (machine_arn) {
        MachineAndDefinition m = machine_named(store_, sfn_, *machine_arn);
        if (std::string problem = runtime::unknown_state(*m.machine, breakpoints); !problem.empty())
            throw invalid(problem);
        book_.set(m.arn, std::move(breakpoints));
        return respond(ok());
    }
    if (auto problem = resource_arn_problem(*execution_arn, "execution"); !problem.empty()) throw invalid_arn(problem);
    host_.set_breakpoints(*execution_arn, std::move(breakpoints), [respond](runtime::HostError e) {
        respond(e ? failure(e.type, e.message) : ok());
    });
}

void DebugRoutes::pauses(const Request& request, Responder respond) {
    const std::string arn = query_parameter(request, "executionArn");
    if (auto problem = resource_arn_problem(arn, "execution"); !problem.empty()) throw invalid_arn(problem);
    std::vector<std::shared_ptr<const engine::Pause>> open;
    if (runtime::HostError e = host_.pauses(arn, open)) return respond(failure(e.type, e.message));
    json::Array list;
    for (const auto& pause : open) list.push_back(pause_json(*pause));
    respond(ok(json::Value(json::Object{{"pauses", json::Value(std::move(list))}})));
}

void DebugRoutes::resume(const json::Value& body, Responder respond) {
    only_members(body, {"executionArn", "pauseId", "step", "input", "breakpoints"}, "/ui/debug/resume");
    Fields fields(body);
    auto step = fields.flag("step");
    const json::Value* list = fields.list("breakpoints");
    const uint64_t pause_id = pause_id_of(fields);
    const std::string arn = execution_arn_of(fields);
    engine::Resume how;
    how.step = step.value_or(false);
    if (const json::Value* input = body.find("input")) how.input = *input;
    if (list) how.breakpoints = breakpoints_of(*list, "breakpoints");
    host_.resume(arn, pause_id, std::move(how), [respond](runtime::HostError e) {
        respond(e ? failure(e.type, e.message) : ok());
    });
}

void DebugRoutes::evaluate(const json::Value& body, Responder respond) {
    only_members(body, {"executionArn", "pauseId", "expression"}, "/ui/debug/evaluate");
    Fields fields(body);
    auto expression = fields.text("expression", rule::required(1, 65536));
    const uint64_t pause_id = pause_id_of(fields);
    const std::string arn = execution_arn_of(fields);
    host_.evaluate(arn, pause_id, *expression, [respond](runtime::HostError e, json::Value value) {
        if (e) return respond(failure(e.type, e.message));
        respond(ok(json::Value(json::Object{{"value", std::move(value)}})));
    });
}

void DebugRoutes::rerun(const json::Value& body, Responder respond) {
    only_members(body, {"executionArn", "eventId", "input", "definition", "testCase", "pause", "name"},
                 "/ui/debug/rerun");
    Fields fields(body);
    auto event_id = fields.integer("eventId", 1, INT64_MAX, true);
    auto definition = fields.text("definition", rule::optional(1, 1048576));
    auto test_case = fields.text("testCase", rule::optional(1, 256));
    auto pause = fields.flag("pause");
    auto name = fields.text("name", rule::optional(1, 80));
    const std::string arn = execution_arn_of(fields);
    auto record = store_.get_execution(arn);
    if (!record) throw execution_does_not_exist(arn);
    if (name && !valid_resource_name(*name)) throw invalid_name(*name);
    std::optional<StateMachineArn> machine;
    if (auto problem = state_machine_arn_problem(record->state_machine_arn, &machine); !problem.empty())
        throw invalid_arn(problem);
    if (test_case) sfn::check_mock_test_case(host_, machine->name, *test_case);

    runtime::RerunRequest r;
    r.execution_arn = arn;
    r.event_id = *event_id;
    r.name = name ? *name : random_uuid();
    r.test_case = test_case;
    r.pause = pause.value_or(false);
    if (const json::Value* input = body.find("input")) r.input = *input;
    std::string stored_definition;
    if (definition) {
        r.machine = compile_or_throw(*definition);  // InvalidDefinition with the diagnostics
        // Stored as a definition revision of its own, so the re-run resumes with it after a restart.
        r.definition_id = definition_id(machine->machine_arn, "rerun-" + random_uuid());
        store_.apply({put_document(kDefinitionKind, r.definition_id,
                                   json::Value(json::Object{{"definition", *definition}, {"rerunOf", arn}}),
                                   wall_clock_ms())});
        stored_definition = r.definition_id;
    }
    host_.rerun(std::move(r), [this, respond, stored_definition](runtime::StartResult result) {
        if (result.error) {
            // Best effort: on a worker, and a definition left over is only unused.
            if (!stored_definition.empty()) {
                try {
                    store_.apply({delete_document(kDefinitionKind, stored_definition)});
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "stepwise serve: unused re-run definition %s is kept: %s\n",
                                 stored_definition.c_str(), e.what());
                }
            }
            return respond(failure(result.error.type, result.error.message));
        }
        respond(ok(json::Value(json::Object{{"executionArn", result.execution_arn},
                                            {"startDate", epoch_seconds(result.start_ms)}})));
    });
}

void DebugRoutes::rerun_of(const Request& request, Responder respond) {
    const std::string arn = query_parameter(request, "executionArn");
    auto record = store_.get_execution(arn);
    if (!record) throw execution_does_not_exist(arn);
    json::Value of;  // null: not a re-run
    if (auto found = runtime::ExecutionHost::rerun_of(*record))
        of = json::Value(json::Object{{"executionArn", found->execution_arn},
                                      {"eventId", json::Value(static_cast<long long>(found->event_id))}});
    respond(ok(json::Value(json::Object{{"rerunOf", std::move(of)}})));
}

}  // namespace stepwise::api
