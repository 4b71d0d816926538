// What the ExecutionHost stores to resume an execution, and resuming it:
// the execution's config beside its record, and the engine journal replayed.
#include <set>

#include "aws/digest.h"
#include "json/parse.h"
#include "json/write.h"
#include "query/hash.h"
#include "runtime/host_internal.h"

namespace stepwise::runtime {

namespace {

std::string text_of(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::Value debug_json(const engine::DebugConfig& debug) {
    json::Object o;
    o.set("breakpoints", engine::breakpoints_json(debug.breakpoints));
    o.set("pauseAtStart", json::Value(debug.pause_at_start));
    return json::Value(std::move(o));
}

std::shared_ptr<const engine::DebugConfig> debug_from(const json::Value* v) {
    if (!v || !v->is_object()) return nullptr;
    auto debug = std::make_shared<engine::DebugConfig>();
    if (const json::Value* b = v->find("breakpoints")) debug->breakpoints = engine::breakpoints_from_json(*b);
    if (const json::Value* p = v->find("pauseAtStart")) debug->pause_at_start = p->as_bool();
    return debug;
}

}  // namespace

// Tasks without a result in the journal and timers neither fired nor cancelled.
std::vector<engine::Command> ExecutionHost::Impl::outstanding(std::vector<engine::Command> issued,
                                                              const std::vector<engine::InputEvent>& journal,
                                                              engine::Status status) {
    if (status != engine::Status::Running) return {};
    std::set<uint64_t> answered_tasks, fired_timers;
    for (const engine::InputEvent& e : journal) {
        switch (e.kind) {
            case engine::InputEvent::Kind::TaskSucceeded:
            case engine::InputEvent::Kind::TaskFailed:
            case engine::InputEvent::Kind::TaskTimedOut: answered_tasks.insert(e.ref); break;
            case engine::InputEvent::Kind::TimerFired: fired_timers.insert(e.ref); break;
            default: break;
        }
    }
    for (const engine::Command& c : issued) {
        if (c.kind == engine::Command::Kind::CancelTimer) fired_timers.insert(c.id);
        if (c.kind == engine::Command::Kind::CancelTask) answered_tasks.insert(c.id);
    }
    std::vector<engine::Command> waiting;
    for (engine::Command& c : issued) {
        if (c.kind == engine::Command::Kind::InvokeTask && !answered_tasks.count(c.id)) waiting.push_back(std::move(c));
        if (c.kind == engine::Command::Kind::StartTimer && !fired_timers.count(c.id)) waiting.push_back(std::move(c));
    }
    return waiting;
}

uint64_t ExecutionHost::Impl::new_seed() {
    std::lock_guard lock(seed_mutex);
    return seeds();
}

std::string ExecutionHost::Impl::new_token_secret() { return aws::to_hex(query::secure_random_bytes(32)); }

engine::ExecutionConfig ExecutionHost::Impl::config_for(const StartRequest& request, uint64_t seed) const {
    engine::ExecutionConfig c;
    c.execution_name = request.name;
    c.state_machine_name = request.state_machine_name;
    c.scope = request.scope;
    c.role_arn = request.role_arn;
    c.version_arn = request.version_arn;
    c.alias_arn = request.alias_arn;
    c.express = request.express;
    c.express_id = request.express_id;
    c.seed = seed;
    c.keep_journal = true;
    c.debug = request.debug;
    return c;
}

std::string ExecutionHost::Impl::config_text_of(const StartRequest& r, const engine::ExecutionConfig& c,
                                               const std::optional<RerunOf>& rerun_of) const {
    json::Object o;
    o.set("definitionId", r.definition_id);
    o.set("stateMachineName", r.state_machine_name);
    o.set("roleArn", r.role_arn);
    o.set("testCase", r.test_case);
    if (!r.trace_header.empty()) o.set("traceHeader", r.trace_header);
    if (!r.mock_state_machine.empty()) o.set("mockStateMachine", r.mock_state_machine);
    if (!r.express_id.empty()) o.set("expressId", r.express_id);
    o.set("account", c.scope.account);
    o.set("region", c.scope.region);
    o.set("express", json::Value(c.express));
    o.set("seed", std::to_string(c.seed));  // as text: JSON numbers lose 64-bit precision in other readers
    o.set("redriveCount", json::Value(static_cast<long long>(c.redrive_count)));
    // Replays must hand out the same task tokens: the secret is stored, never redrawn.
    if (!c.token_secret.empty()) o.set("tokenSecret", c.token_secret);
    // Resumed, it pauses where it paused (the journal holds the Resume events).
    if (c.debug) o.set("debug", debug_json(*c.debug));
    if (r.logging.on())
        o.set("logging", json::Value(json::Object{{"level", log_level_name(r.logging.level)},
                                                  {"includeExecutionData", json::Value(r.logging.include_execution_data)},
                                                  {"logGroup", r.logging.log_group}}));
    if (rerun_of)
        o.set("rerunOf", json::Value(json::Object{{"executionArn", rerun_of->execution_arn},
                                                  {"eventId", json::Value(static_cast<long long>(rerun_of->event_id))}}));
    return json::dump(json::Value(std::move(o)));
}

std::unique_ptr<tasks::MockExecutor> ExecutionHost::Impl::mocks_for(const std::string& state_machine_name,
                                                                    const std::string& test_case) const {
    if (!options.mocks || test_case.empty()) return nullptr;
    // Throws MockConfigError naming the known test cases; the API checks first.
    const tasks::MockTestCase& cases = options.mocks->test_case(state_machine_name, test_case);
    return std::make_unique<tasks::MockExecutor>(options.mocks, &cases);
}

std::string ExecutionHost::Impl::missing_mocks(const StartRequest& request) const {
    if (request.test_case.empty()) return "";
    if (!options.mocks) return "Mock config: none given (--mock-config) for its test case \"" + request.test_case + "\"";
    std::string problem = options.mocks->missing_test_case(
        request.mock_state_machine.empty() ? request.state_machine_name : request.mock_state_machine, request.test_case);
    return problem.empty() ? "" : "Mock config: " + problem;
}

std::shared_ptr<LiveExecution> ExecutionHost::Impl::load(const store::ExecutionRecord& record,
                                                         std::vector<engine::Command>& pending,
                                                         engine::StateObserver* observer) {
    json::Value config = json::parse(record.config);
    StartRequest request;
    request.definition_id = text_of(config, "definitionId");
    request.state_machine_arn = record.state_machine_arn;
    // Its ARN's scope, as stored at start (configs always held both).
    if (std::string account = text_of(config, "account"); !account.empty()) request.scope.account = account;
    if (std::string region = text_of(config, "region"); !region.empty()) request.scope.region = region;
    request.state_machine_name = text_of(config, "stateMachineName");
    request.mock_state_machine = text_of(config, "mockStateMachine");
    request.express_id = text_of(config, "expressId");
    request.map_run_arn = record.map_run_arn;
    request.item_count = record.item_count;
    request.version_arn = record.version_arn;
    request.alias_arn = record.alias_arn;
    request.name = record.name;
    request.input.text = record.input;
    request.input.value = json::parse(record.input);
    request.role_arn = text_of(config, "roleArn");
    request.test_case = text_of(config, "testCase");
    request.trace_header = text_of(config, "traceHeader");
    request.debug = debug_from(config.find("debug"));
    if (const json::Value* logging = config.find("logging"); logging && logging->is_object()) {
        request.logging.level = log_level_named(text_of(*logging, "level")).value_or(LogLevel::Off);
        const json::Value* data = logging->find("includeExecutionData");
        request.logging.include_execution_data = data && data->is_bool() && data->as_bool();
        request.logging.log_group = text_of(*logging, "logGroup");
    }
    request.machine = resolver(request.definition_id);
    if (!request.machine) throw std::runtime_error("its definition '" + request.definition_id + "' is gone");

    engine::ExecutionConfig c = config_for(request, std::stoull(text_of(config, "seed")));
    c.token_secret = text_of(config, "tokenSecret");  // "" for executions stored before tokens had one
    if (const json::Value* n = config.find("redriveCount"); n && n->is_number())
        c.redrive_count = static_cast<int64_t>(n->as_double());
    c.observer = observer;

    std::vector<engine::InputEvent> journal;
    for (const std::string& entry : store.journal(record.arn))
        journal.push_back(engine::InputEvent::from_json(json::parse(entry)));
    // The start entry leaves the input to the record (older journals repeat it).
    if (!journal.empty() && journal.front().kind == engine::InputEvent::Kind::Start)
        journal.front().value = request.input.value;

    auto l = std::make_shared<LiveExecution>(io);
    std::vector<engine::Command> issued;
    l->exec = engine::Execution::replay(request.machine, c, journal, &issued);
    pending = outstanding(std::move(issued), journal, l->exec->status());
    l->config_text = record.config;
    for (const engine::InputEvent& e : journal)
        if (e.kind == engine::InputEvent::Kind::ActivityStarted) l->taken_activity_tasks.insert(e.ref);
    l->persisted_journal = journal.size();
    l->notified_status = l->exec->status();
    if (!l->exec->history().empty()) l->announced_event_id = l->logged_event_id = l->exec->history().back().id;
    if (!journal.empty()) l->last_event_ms = journal.back().time_ms;
    l->skew_ms = std::max<int64_t>(0, l->last_event_ms - wall_ms());
    l->missing_mocks = missing_mocks(request);
    if (l->missing_mocks.empty())
        l->mocks = mocks_for(request.mock_state_machine.empty() ? request.state_machine_name : request.mock_state_machine,
                             request.test_case);
    continue_mock_counts(*l, pending);
    l->open_pauses = l->exec->open_pauses();
    l->request = std::move(request);
    return l;
}

void ExecutionHost::Impl::continue_mock_counts(LiveExecution& l, const std::vector<engine::Command>& pending) const {
    if (!l.mocks) return;
    // Invocations that reached the history happened, except those about to be re-sent.
    std::map<std::string, int64_t> invoked;
    for (const engine::HistoryEvent& e : l.exec->history())
        if (e.type == engine::EventType::TaskScheduled || e.type == engine::EventType::LambdaFunctionScheduled ||
            e.type == engine::EventType::ActivityScheduled)
            ++invoked[std::string(e.state_name())];
    for (const engine::Command& c : pending)
        if (c.kind == engine::Command::Kind::InvokeTask && c.state) --invoked[c.state->name];
    for (const auto& [state, count] : invoked) l.mocks->set_invocation_count(state, std::max<int64_t>(0, count));
}

std::optional<RerunOf> ExecutionHost::rerun_of(const store::ExecutionRecord& record) {
    auto config = json::try_parse(record.config);
    const json::Value* of = config ? config->find("rerunOf") : nullptr;
    if (!of || !of->is_object()) return std::nullopt;
    const json::Value* id = of->find("eventId");
    return RerunOf{text_of(*of, "executionArn"), id && id->is_number() ? id->as_int() : 0};
}

}  // namespace stepwise::runtime
