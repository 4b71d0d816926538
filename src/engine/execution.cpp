// The execution core: frames, the ready queue, history emission, the end of
// frames and of the execution. Per-state behaviour lives in states_*.cpp,
// Retry/Catch in retry_catch.cpp, input/output processing in jsonpath_flow.cpp, the
// context object in context.cpp.
#include "engine/core.h"
#include "engine/guarded_step.h"
#include "query/random.h"
#include "aws/arn.h"
#include "query/uuid.h"
#include "engine/variables.h"

#include <cstdio>

#include "engine/jsonpath_flow.h"
#include "engine/states.h"
#include "engine/task_token.h"
#include "engine/timestamp.h"
#include "json/write.h"
#include "query/errors.h"

namespace stepwise::engine {

std::string_view status_name(Status s) {
    switch (s) {
        case Status::Running: return "RUNNING";
        case Status::Succeeded: return "SUCCEEDED";
        case Status::Failed: return "FAILED";
        case Status::TimedOut: return "TIMED_OUT";
        case Status::Aborted: return "ABORTED";
    }
    return "RUNNING";
}

namespace {

std::string uuid_from(uint64_t& state) {
    uint64_t high = query::splitmix64(state);
    return query::format_uuid_v4(high, query::splitmix64(state));
}

}  // namespace

Core::Core(std::shared_ptr<const asl::Machine> m, ExecutionConfig cfg) : machine(std::move(m)), config_(std::move(cfg)) {
    rng_state_ = config_.seed ^ 0x5f3759df12345678ULL;
    token_rng_state_ = config_.seed ^ 0x7a5b3c1d9e8f6071ULL;
    redrive_count = config_.redrive_count;
    observer = config_.observer;
    intrinsic_random_ = query::SeededRandom(config_.seed ^ 0x2545f4914f6cdd1dULL);
    execution_name = config_.execution_name.empty() ? uuid_from(rng_state_) : config_.execution_name;
    const aws::Scope& scope = config_.scope;
    const std::string& machine_name = config_.state_machine_name;
    state_machine_arn = aws::state_machine_arn(scope, machine_name);
    if (config_.express)
        execution_arn = aws::express_execution_arn(
            scope, machine_name, execution_name, config_.express_id.empty() ? uuid_from(rng_state_) : config_.express_id);
    else
        execution_arn = aws::execution_arn(scope, machine_name, execution_name);
    if (config_.role_arn.empty()) config_.role_arn = aws::default_state_machine_role_arn(scope.account, machine_name);
    history_context.execution_arn = execution_arn;
    history_context.state_machine_arn = state_machine_arn;
    history_context.role_arn = config_.role_arn;
    history_context.version_arn = config_.version_arn;
    history_context.alias_arn = config_.alias_arn;
    history_context.region = scope.region;
    history_context.map_run_arn_prefix = aws::map_run_arn_prefix(scope, machine_name);
}

double Core::random_unit() { return static_cast<double>(query::splitmix64(rng_state_) >> 11) * (1.0 / 9007199254740992.0); }

HistoryEvent& Core::emit(Frame& f, EventType type) {
    ++events_total_;
    if (!f.record) {
        static thread_local HistoryEvent scratch;
        scratch = HistoryEvent{};
        scratch.type = type;
        scratch.id = static_cast<int64_t>(events_total_);
        return scratch;
    }
    HistoryEvent& e = history.emplace_back();
    e.type = type;
    e.id = next_event_id_++;
    e.previous_id = f.last_event;
    e.timestamp_ms = now_ms_;
    f.last_event = e.id;
    return e;
}

void Core::handle(const InputEvent& e, std::vector<Command>& commands) {
    if (e.kind == InputEvent::Kind::Redrive) {
        if (!redrive_status().redrivable) return;
    } else if (status != Status::Running && e.kind != InputEvent::Kind::Start) {
        return;
    }
    if (config_.keep_journal) journal.push_back(e);
    commands_ = &commands;
    if (e.time_ms > now_ms_ || e.kind == InputEvent::Kind::Start) now_ms_ = e.time_ms;
    switch (e.kind) {
        case InputEvent::Kind::Start: start(e); break;
        case InputEvent::Kind::TaskSucceeded:
        case InputEvent::Kind::TaskFailed:
        case InputEvent::Kind::TaskTimedOut: on_task_event(e); break;
        case InputEvent::Kind::TimerFired: on_timer(e); break;
        case InputEvent::Kind::Redrive: redrive(e); break;
        case InputEvent::Kind::ActivityStarted: on_activity_started(e); break;
        case InputEvent::Kind::TaskSubmitted: on_task_submitted(e); break;
        case InputEvent::Kind::Resume: resume(e); break;
        case InputEvent::Kind::SetBreakpoints: set_breakpoints(e); break;
        case InputEvent::Kind::Stop: {
            // A Stop queued before the Start, or after the end, has nothing to stop.
            if (status != Status::Running || history.empty()) break;
            abort_running_state(frames_[root_frame_]);
            HistoryEvent& ev = history.emplace_back();
            ev.type = EventType::ExecutionAborted;
            ev.id = next_event_id_++;
            ev.previous_id = ev.id - 1;
            ev.timestamp_ms = now_ms_;
            ev.error = e.error;
            ev.cause = e.cause;
            status = Status::Aborted;
            error = e.error;
            cause = e.cause;
            end_ms = now_ms_;
            break;
        }
    }
    run_ready();
    if (status != Status::Running) {
        for (auto& [id, p] : timers_) commands.push_back(Command{Command::Kind::CancelTimer, id});
        timers_.clear();
        tasks_.clear();
        ready_.clear();
        pauses_.clear();
    }
    commands_ = nullptr;
}

void Core::start(const InputEvent& e) {
    start_ms = e.time_ms;
    execution_input = e.value;
    {
        HistoryEvent& ev = history.emplace_back();
        ev.type = EventType::ExecutionStarted;
        ev.id = next_event_id_++;
        ev.timestamp_ms = now_ms_;
        ev.input = e.value;
    }
    ++events_total_;
    build_execution_context();

    history.reserve(std::min<size_t>(4096, 4 * machine->all_states.size() + 8));
    uint32_t root = new_frame(-1, &machine->root, e.value, true);
    root_frame_ = root;
    frames_[root].last_event = 1;
    size_t input_size = config_.limits.max_payload_bytes ? json_size(e.value, config_.limits.max_payload_bytes) : 0;
    frames_[root].input_size = config_.limits.max_payload_bytes ? static_cast<int64_t>(input_size) : -1;
    if (config_.limits.max_payload_bytes && input_size > config_.limits.max_payload_bytes) {
        // AWS rejects StartExecution itself; as an execution that already exists, it fails at once.
        finish_execution(Status::Failed, {}, std::string(errors::DataLimitExceeded),
                         "The execution input exceeds the maximum number of bytes service limit.");
        return;
    }
    start_execution_timer(start_ms);
    if (config_.debug) {
        debugging_ = true;
        breakpoints_ = config_.debug->breakpoints;
        frames_[root].step = config_.debug->pause_at_start;
    }
    make_ready(frames_[root]);
}

void Core::build_execution_context() {
    json::Object exec;
    exec.set("Id", execution_arn);
    exec.set("Input", execution_input);
    exec.set("StartTime", format_iso8601_ms(start_ms));
    exec.set("Name", execution_name);
    exec.set("RoleArn", config_.role_arn);
    if (!config_.express)  // EXPRESS executions cannot be redriven: AWS leaves RedriveCount out
        exec.set("RedriveCount", json::Value(static_cast<long long>(redrive_count)));
    // Only once the execution has been redriven, like StartTime an ISO 8601 timestamp.
    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
    if (redrive_ms) exec.set("RedriveTime", format_iso8601_ms(*redrive_ms));
    json::Object sm;
    sm.set("Id", state_machine_arn);
    sm.set("Name", config_.state_machine_name);
    json::Object ctx;
    ctx.set("Execution", json::Value(std::move(exec)));
    ctx.set("StateMachine", json::Value(std::move(sm)));
    execution_context = json::Value(std::move(ctx));
}

void Core::start_execution_timer(int64_t from_ms) {
    if (!machine->timeout_seconds) return;
    uint64_t id = next_ref_++;
    execution_timer_ = id;
    commands_->push_back(Command{Command::Kind::StartTimer, id, from_ms + *machine->timeout_seconds * 1000});
}

uint32_t Core::new_frame(int32_t parent, const asl::StateMachine* scope, json::Value input, bool record) {
    uint32_t id;
    if (!free_frames_.empty()) {
        id = free_frames_.back();
        free_frames_.pop_back();
        uint32_t gen = frames_[id].generation + 1;
        frames_[id] = Frame{};
        frames_[id].generation = gen;
    } else {
        id = static_cast<uint32_t>(frames_.size());
        frames_.emplace_back();
    }
    Frame& f = frames_[id];
    f.id = id;
    f.parent = parent;
    f.scope = scope;
    f.state = scope->start;
    f.input = std::move(input);
    f.record = record;
    f.depth = parent >= 0 ? frames_[parent].depth + 1 : 0;
    // A branch or iteration reads the outer variables (shared; its own
    // assignments copy on write and never reach the outer scope).
    if (parent >= 0) f.vars = frames_[parent].vars;
    return id;
}

void Core::free_frame(Frame& f) {
    f.alive = false;
    f.phase = Frame::Phase::Done;
    f.input = {};
    f.effective = {};
    f.context = {};
    f.map_value = {};
    f.fanout.reset();
    f.kept_children.clear();
    f.vars.reset();
    f.assigned = json::Value();
    free_frames_.push_back(f.id);
}

void Core::make_ready(Frame& f) { ready_.push_back(f.id); }

void Core::run_ready() {
    while (!ready_.empty() && status == Status::Running) {
        uint32_t id = ready_.front();
        ready_.pop_front();
        Frame& f = frames_[id];
        while (f.alive && f.phase == Frame::Phase::Enter && status == Status::Running) {
            if (debugging_ && pause_before(f)) break;
            enter_state(f);
            if ((config_.limits.max_history_events && history.size() > config_.limits.max_history_events) ||
                (config_.limits.max_events_total && events_total_ > config_.limits.max_events_total)) {
                finish_execution(Status::Failed, {}, std::string(errors::Runtime),
                                 "The execution reached the maximum number of history events (" +
                                     std::to_string(config_.limits.max_history_events) + ").");
                return;
            }
        }
    }
}

void Core::enter_state(Frame& f) {
    const asl::State* s = f.state;
    f.entered_ms = now_ms_;
    f.retry_count = 0;
    f.retrier_attempts.assign(s->retry.size(), 0);
    f.context_valid = false;
    HistoryEvent& ev = emit(f, EventType::StateEntered);
    ev.state = s;
    ev.input = f.input;
    f.entered_event_id = ev.id;
    if (observer) observer->entered(f);
    execute_state(f);
}

void Core::execute_state(Frame& f) {
    f.phase = Frame::Phase::Blocked;
    f.wait = Frame::Wait::None;
    f.output_bound = -1;
    run_guarded(*this, f, [&] { states::execute(*this, f); });
}

void Core::finish_state(Frame& f, json::Value output, const asl::State* next) {
    // The payload quota, checked without re-walking what is already measured:
    // an output that is the input itself, or one whose upper bound (input +
    // result, see jsonpath_flow.h) is under the quota, needs no walk.
    int64_t size = -1;
    if (const size_t limit = config_.limits.max_payload_bytes) {
        if (f.input_size >= 0 && output.same_node(f.input))
            size = f.input_size;
        else if (f.output_bound >= 0 && static_cast<size_t>(f.output_bound) <= limit)
            size = f.output_bound;
        else
            size = check_payload(f, output);
    }
    f.output_bound = -1;
    f.kept_children.clear();
    HistoryEvent& ev = emit(f, EventType::StateExited);
    ev.state = f.state;
    ev.output = output;
    if (!f.assigned.is_null()) ev.assigned = std::move(f.assigned), f.assigned = json::Value();
    const bool paused = debugging_ && pause_after(f, output);
    if (next) {
        f.state = next;
        f.input = std::move(output);
        f.input_size = size;
        f.phase = paused ? Frame::Phase::Blocked : Frame::Phase::Enter;
        f.wait = paused ? Frame::Wait::Paused : Frame::Wait::None;
        return;
    }
    f.input_size = size;  // the frame's final payload size, for its parent's bound
    if (paused) {  // ends when resumed
        f.input = std::move(output);
        f.end_after_pause = true;
        f.phase = Frame::Phase::Blocked;
        f.wait = Frame::Wait::Paused;
        return;
    }
    end_frame(f, std::move(output));
}

namespace {

// States.DataLimitExceeded: terminal, neither Retry nor Catch applies (see StateError).
StateError payload_too_large(const Frame& f) {
    return StateError::make(errors::DataLimitExceeded,
                             "The state/task '" + f.state->name +
                                 "' returned a result with a size exceeding the maximum number of bytes service limit.",
                             true);
}

}  // namespace

int64_t Core::check_result_payload(const Frame& f, const json::Value& v) const {
    size_t limit = config_.limits.max_payload_bytes;
    if (!limit) return -1;
    size_t size = json_size_memo(v, limit);
    if (size > limit) throw payload_too_large(f);
    return static_cast<int64_t>(size);
}

int64_t Core::check_payload(const Frame& f, const json::Value& v) const {
    size_t limit = config_.limits.max_payload_bytes;
    if (!limit) return -1;
    size_t size;
    if (f.input_size >= 0) {
        KnownSize known{&f.input, static_cast<size_t>(f.input_size)};
        size = json_size(v, limit, &known, 1);
    } else {
        size = json_size(v, limit);
    }
    if (size > limit) throw payload_too_large(f);
    return static_cast<int64_t>(size);
}

void Core::end_frame(Frame& f, json::Value out) {
    f.phase = Frame::Phase::Done;
    if (f.parent < 0) {
        finish_execution(Status::Succeeded, std::move(out), std::nullopt, std::nullopt);
        return;
    }
    child_succeeded(f, std::move(out));
}

void Core::fail_frame(Frame& f, StateError err) {
    f.phase = Frame::Phase::Done;
    if (f.parent < 0) {
        finish_execution(Status::Failed, {}, std::move(err.error), std::move(err.cause));
        return;
    }
    child_failed(f, std::move(err));
}

void Core::finish_execution(Status s, json::Value out, std::optional<std::string> err,
                            std::optional<std::string> c) {
    if (status != Status::Running) return;
    HistoryEvent& ev = history.emplace_back();
    ev.id = next_event_id_++;
    ev.previous_id = ev.id - 1;
    ev.timestamp_ms = now_ms_;
    switch (s) {
        case Status::Succeeded: ev.type = EventType::ExecutionSucceeded; ev.output = out; break;
        case Status::TimedOut: ev.type = EventType::ExecutionTimedOut; break;
        case Status::Aborted: ev.type = EventType::ExecutionAborted; break;
        default: ev.type = EventType::ExecutionFailed; break;
    }
    ev.error = err;
    ev.cause = c;
    status = s;
    output = std::move(out);
    error = std::move(err);
    cause = std::move(c);
    end_ms = now_ms_;
}

void Core::cancel_frame_children(Frame& f) {
    if (!f.fanout) return;
    for (uint32_t child : f.fanout->active) cancel_frame(frames_[child]);
    f.fanout->active.clear();
}

void Core::cancel_frame(Frame& f) {
    if (!f.alive) return;
    cancel_frame_children(f);
    if (f.wait == Frame::Wait::Task && tasks_.erase(f.waiting_on)) {
        Command cancel;
        cancel.kind = Command::Kind::CancelTask;
        cancel.id = f.waiting_on;
        commands_->push_back(std::move(cancel));
    }
    if (f.wait == Frame::Wait::RetryTimer || f.wait == Frame::Wait::WaitTimer) {
        if (timers_.erase(f.waiting_on)) commands_->push_back(Command{Command::Kind::CancelTimer, f.waiting_on});
    }
    free_frame(f);
}

void Core::begin_task_attempt(Frame& f, bool with_token) {
    f.task_id = 0;
    f.task_token.clear();
    if (with_token) {
        f.task_id = next_ref_++;
        std::string nonce = config_.token_secret.empty()
                                ? uuid_from(token_rng_state_)
                                : secret_token_nonce(config_.token_secret, execution_arn, f.task_id);
        f.task_token = make_task_token(execution_arn, f.task_id, nonce);
    }
    f.context_valid = false;
}

uint64_t Core::invoke_task(Frame& f, json::Value parameters, std::optional<double> timeout,
                           std::optional<double> heartbeat) {
    uint64_t id = f.task_id ? f.task_id : next_ref_++;
    f.task_id = 0;
    Command c;
    c.kind = Command::Kind::InvokeTask;
    c.id = id;
    c.state = &f.state->as<asl::TaskState>();
    c.parameters = std::move(parameters);
    c.retry_count = f.retry_count;
    c.timeout_seconds = timeout;
    c.heartbeat_seconds = heartbeat;
    c.task_token = f.task_token;
    commands_->push_back(std::move(c));
    tasks_[id] = Pending{f.id, f.generation};
    f.wait = Frame::Wait::Task;
    f.waiting_on = id;
    f.task_timeout = timeout;
    f.activity_started = false;
    f.task_submitted = false;
    return id;
}

uint64_t Core::invoke_map_run(Frame& f, std::shared_ptr<const MapRunRequest> request) {
    uint64_t id = next_ref_++;
    Command c;
    c.kind = Command::Kind::InvokeTask;
    c.id = id;
    c.map_run = std::move(request);
    commands_->push_back(std::move(c));
    tasks_[id] = Pending{f.id, f.generation};
    f.wait = Frame::Wait::Task;
    f.waiting_on = id;
    f.task_timeout.reset();
    f.activity_started = false;
    f.task_submitted = false;
    return id;
}

uint64_t Core::start_timer(Frame& f, int64_t due_ms, Frame::Wait wait) {
    uint64_t id = next_ref_++;
    commands_->push_back(Command{Command::Kind::StartTimer, id, due_ms});
    timers_[id] = Pending{f.id, f.generation};
    f.wait = wait;
    f.waiting_on = id;
    return id;
}

void Core::on_task_event(const InputEvent& e) {
    auto it = tasks_.find(e.ref);
    if (it == tasks_.end()) return;
    Pending p = it->second;
    tasks_.erase(it);
    Frame& f = frames_[p.frame];
    if (!f.alive || f.generation != p.generation || f.wait != Frame::Wait::Task || f.waiting_on != e.ref) return;
    f.wait = Frame::Wait::None;
    if (f.state->type == asl::StateType::Map)
        run_guarded_then_queue(*this, f, [&] { states::map_run_outcome(*this, f, e); });
    else
        run_guarded_then_queue(*this, f, [&] { states::task_outcome(*this, f, e); });
}

void Core::on_activity_started(const InputEvent& e) {
    auto it = tasks_.find(e.ref);
    if (it == tasks_.end()) return;
    Frame& f = frames_[it->second.frame];
    if (!f.alive || f.generation != it->second.generation || f.wait != Frame::Wait::Task || f.waiting_on != e.ref)
        return;
    states::activity_started(*this, f, e);
}

void Core::on_task_submitted(const InputEvent& e) {
    auto it = tasks_.find(e.ref);
    if (it == tasks_.end()) return;
    Frame& f = frames_[it->second.frame];
    if (!f.alive || f.generation != it->second.generation || f.wait != Frame::Wait::Task || f.waiting_on != e.ref)
        return;
    states::task_submitted(*this, f, e);
}

void Core::on_timer(const InputEvent& e) {
    if (execution_timer_ && e.ref == execution_timer_) {
        // AWS reports a timed-out execution without error or cause.
        abort_running_state(frames_[root_frame_]);
        finish_execution(Status::TimedOut, {}, std::nullopt, std::nullopt);
        return;
    }
    auto it = timers_.find(e.ref);
    if (it == timers_.end()) return;
    Pending p = it->second;
    timers_.erase(it);
    Frame& f = frames_[p.frame];
    if (!f.alive || f.generation != p.generation || f.waiting_on != e.ref) return;
    Frame::Wait w = f.wait;
    f.wait = Frame::Wait::None;
    if (w == Frame::Wait::RetryTimer) {
        f.context_valid = false;
        execute_state(f);
    } else if (w == Frame::Wait::WaitTimer) {
        run_guarded(*this, f, [&] { states::wait_elapsed(*this, f); });
    }
    if (f.alive && f.phase == Frame::Phase::Enter) make_ready(f);
}

// ---------------------------------------------------------------------------

Execution::Execution(std::shared_ptr<const asl::Machine> machine, ExecutionConfig config)
    : core_(std::make_unique<Core>(std::move(machine), std::move(config))) {}
Execution::~Execution() = default;

void Execution::handle(const InputEvent& event, std::vector<Command>& commands) { core_->handle(event, commands); }
Status Execution::status() const { return core_->status; }
const json::Value& Execution::output() const { return core_->output; }
const std::optional<std::string>& Execution::error() const { return core_->error; }
const std::optional<std::string>& Execution::cause() const { return core_->cause; }
int64_t Execution::start_ms() const { return core_->start_ms; }
int64_t Execution::end_ms() const { return core_->end_ms; }
RedriveStatus Execution::redrive_status() const { return core_->redrive_status(); }
int64_t Execution::redrive_count() const { return core_->redrive_count; }
std::optional<int64_t> Execution::redrive_ms() const { return core_->redrive_ms; }
const std::vector<HistoryEvent>& Execution::history() const { return core_->history; }
std::vector<HistoryEvent> Execution::take_history() { return std::move(core_->history); }
const HistoryContext& Execution::history_context() const { return core_->history_context; }
const std::vector<InputEvent>& Execution::journal() const { return core_->journal; }
const ExecutionConfig& Execution::config() const { return core_->config_; }
const std::string& Execution::execution_arn() const { return core_->execution_arn; }
const std::string& Execution::state_machine_arn() const { return core_->state_machine_arn; }
const std::shared_ptr<const asl::Machine>& Execution::machine() const { return core_->machine; }
std::vector<std::shared_ptr<const Pause>> Execution::open_pauses() const { return core_->open_pauses(); }
const std::vector<Breakpoint>& Execution::breakpoints() const { return core_->breakpoints_; }

std::unique_ptr<Execution> Execution::replay(std::shared_ptr<const asl::Machine> machine, ExecutionConfig config,
                                             const std::vector<InputEvent>& journal,
                                             std::vector<Command>* pending_commands) {
    auto exec = std::make_unique<Execution>(std::move(machine), std::move(config));
    std::vector<Command> commands;
    for (const InputEvent& e : journal) exec->handle(e, commands);
    if (pending_commands) *pending_commands = std::move(commands);
    return exec;
}

// Indexed by InputEvent::Kind.
constexpr const char* kInputEventNames[] = {"Start",      "TaskSucceeded", "TaskFailed", "TaskTimedOut",
                                            "TimerFired", "Stop",          "Redrive",    "ActivityStarted",
                                            "TaskSubmitted", "Resume",     "SetBreakpoints"};
static_assert(std::size(kInputEventNames) == static_cast<size_t>(InputEvent::Kind::SetBreakpoints) + 1);

json::Value InputEvent::to_json() const {
    json::Object o;
    o.set("kind", kInputEventNames[static_cast<int>(kind)]);
    o.set("time", json::Value(static_cast<long long>(time_ms)));
    o.set("ref", json::Value(static_cast<unsigned long long>(ref)));
    if (kind == Kind::Start || kind == Kind::TaskSucceeded || kind == Kind::ActivityStarted || kind == Kind::TaskSubmitted ||
        kind == Kind::Resume || kind == Kind::SetBreakpoints)
        o.set("value", value);
    if (error) o.set("error", *error);
    if (cause) o.set("cause", *cause);
    return json::Value(std::move(o));
}

InputEvent InputEvent::from_json(const json::Value& v) {
    InputEvent e;
    if (const json::Value* k = v.find("kind"))
        for (size_t i = 0; i < std::size(kInputEventNames); ++i)
            if (k->as_string() == kInputEventNames[i]) e.kind = static_cast<Kind>(i);
    if (const json::Value* t = v.find("time")) e.time_ms = t->as_int();
    if (const json::Value* r = v.find("ref")) e.ref = static_cast<uint64_t>(r->as_int());
    if (const json::Value* x = v.find("value")) e.value = *x;
    if (const json::Value* x = v.find("error")) e.error = std::string(x->as_string());
    if (const json::Value* x = v.find("cause")) e.cause = std::string(x->as_string());
    return e;
}

}  // namespace stepwise::engine
