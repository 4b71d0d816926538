#include "cli/test_runner.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "cli/run_world.h"
#include "engine/core.h"
#include "engine/observer.h"
#include "json/parse.h"
#include "json/pointer.h"
#include "json/write.h"
#include "runtime/clock.h"
#include "runtime/run.h"
#include "json/source_map.h"
#include "tasks/mock_config.h"
#include "testing/coverage.h"
#include "testing/expectations.h"
#include "testing/mock_checks.h"
#include "testing/json_match.h"

namespace stepwise::cli {
namespace fs = std::filesystem;

namespace {

// The test case a case's mocks are gathered under in its own mock config.
constexpr std::string_view kCaseTestCase = "stepwise-test-case";
// The invocation key of a response written for every call ({Return} / {Throw}
// without keys): the widest range the mock config reads.
constexpr std::string_view kEveryCall = "0-999999999";

// Retries taken and states entered, by state name; and the case's coverage.
// A Distributed Map's children are watched too (map_child): their states
// count as the definition's.
class CaseObserver : public engine::StateObserver {
public:
    explicit CaseObserver(engine::StateObserver* coverage) : CaseObserver(coverage, nullptr) {}
    void retrying(const engine::Frame& frame, size_t retrier, int64_t delay_ms) override {
        if (frame.state) ++root_->retries[frame.state->name];
        if (coverage_) coverage_->retrying(frame, retrier, delay_ms);
    }
    void entered(const engine::Frame& frame) override {
        if (frame.state) root_->states.push_back(frame.state->name);
        if (coverage_) coverage_->entered(frame);
    }
    void chose(const engine::Frame& frame, size_t rule) override {
        if (coverage_) coverage_->chose(frame, rule);
    }
    void caught(const engine::Frame& frame, size_t catcher) override {
        if (coverage_) coverage_->caught(frame, catcher);
    }
    std::shared_ptr<engine::StateObserver> map_child() override {
        auto child = std::shared_ptr<CaseObserver>(new CaseObserver(nullptr, root_));
        if (coverage_) {
            child->own_coverage_ = coverage_->map_child();
            child->coverage_ = child->own_coverage_.get();
        }
        return child;
    }
    std::map<std::string, int64_t> retries;
    std::vector<std::string> states;  // entered, in order

private:
    CaseObserver(engine::StateObserver* coverage, CaseObserver* root)
        : coverage_(coverage), root_(root ? root : this) {}
    engine::StateObserver* coverage_;
    std::shared_ptr<engine::StateObserver> own_coverage_;  // a child's
    CaseObserver* root_;  // where the counts go
};

// One suite, prepared: its world and what its cases share.
struct PreparedSuite {
    const testing::Suite* suite = nullptr;
    std::unique_ptr<RunWorld> world;
    json::Value mock_document;  // the suite's mock config file (null when none)
    json::SourceMap mock_source;  // where its values are written
    std::shared_ptr<const tasks::MockConfig> file_mocks;
    std::vector<size_t> cases;  // the cases the filter keeps
    json::Value snapshots;      // __snapshots__/<file>.snap.json (an object; null when absent)
    std::mutex mutex;           // guards snapshots and coverage_hits
    std::shared_ptr<const testing::CoverageMap> coverage_map;
    testing::CoverageHits coverage_hits;
};

std::string snapshot_path(const std::string& test_file) {
    fs::path p(test_file);
    return (p.parent_path() / "__snapshots__" / (p.filename().string() + ".snap.json")).string();
}

// The mock config of one case: the suite's file, with the case's inline mocks
// gathered with its testCase's into one test case of its own.
std::shared_ptr<const tasks::MockConfig> case_mocks(const PreparedSuite& prepared, const testing::TestCaseSpec& spec,
                                                   const std::string& machine_name, std::string& test_case) {
    if (spec.mocks.is_null()) {
        test_case = spec.test_case;
        return prepared.file_mocks;
    }
    json::Value doc = prepared.mock_document.is_null()
                          ? json::Value(json::Object{{"StateMachines", json::Object{}}, {"MockedResponses", json::Object{}}})
                          : prepared.mock_document;
    json::Object& root = doc.mutable_object();
    json::Object states;
    if (!spec.test_case.empty())
        for (const auto& [state, response] : prepared.file_mocks->test_case(machine_name, spec.test_case)) states.set(state, response);
    json::Value responses_value = root.find("MockedResponses") ? *root.find("MockedResponses") : json::Value(json::Object{});
    json::Object& responses = responses_value.mutable_object();
    for (const json::Member& m : spec.mocks.as_object()) {
        std::string name = std::string(kCaseTestCase) + "/" + std::string(m.name());
        bool every_call = m.value.find("Return") || m.value.find("Throw");
        responses.set(name, every_call ? json::Value(json::Object{{std::string(kEveryCall), m.value}}) : m.value);
        states.set(m.name(), name);
    }
    root.set("MockedResponses", std::move(responses_value));
    json::Value machines_value = root.find("StateMachines") ? *root.find("StateMachines") : json::Value(json::Object{});
    json::Object& machines = machines_value.mutable_object();
    json::Value machine = machines.find(machine_name) ? *machines.find(machine_name) : json::Value(json::Object{});
    json::Value cases = machine.find("TestCases") ? *machine.find("TestCases") : json::Value(json::Object{});
    cases.mutable_object().set(std::string(kCaseTestCase), json::Value(std::move(states)));
    machine.mutable_object().set("TestCases", std::move(cases));
    machines.set(machine_name, std::move(machine));
    root.set("StateMachines", std::move(machines_value));
    test_case = std::string(kCaseTestCase);
    return std::make_shared<const tasks::MockConfig>(tasks::MockConfig::from_json(doc, prepared.suite->source.path));
}

// Where a mock problem is written: a case's inline mocks in the test file, or
// the suite's mock config file. `pointer` is into the case's mock document.
testing::Failure mock_failure(const PreparedSuite& prepared, const testing::TestCaseSpec& spec, const testing::MockProblem& problem) {
    const std::string responses = "/MockedResponses/" + json::pointer_escape(std::string(kCaseTestCase) + "/");
    const std::string cases = "/TestCases/" + std::string(kCaseTestCase) + "/";
    std::string pointer = problem.pointer;
    bool inline_mock = false;
    if (pointer.starts_with(responses)) {
        // /MockedResponses/<case>~1State/<key>/... -> <case>/mocks/State[/<key>]/...
        std::string rest = pointer.substr(responses.size());
        size_t slash = rest.find('/');
        std::string state = rest.substr(0, slash), tail = slash == std::string::npos ? "" : rest.substr(slash);
        const json::Value* written = spec.mocks.is_object() ? spec.mocks.find(json::pointer_unescape(state)) : nullptr;
        if (written && (written->find("Return") || written->find("Throw")) && tail.starts_with("/" + std::string(kEveryCall)))
            tail = tail.substr(1 + kEveryCall.size());  // written without invocation keys
        pointer = spec.pointer + "/mocks/" + state + tail;
        inline_mock = true;
    } else if (size_t at = pointer.find(cases); at != std::string::npos) {
        std::string state = pointer.substr(at + cases.size());
        if (spec.mocks.is_object() && spec.mocks.find(json::pointer_unescape(state))) {
            pointer = spec.pointer + "/mocks/" + state;
            inline_mock = true;
        } else {
            pointer = pointer.substr(0, at) + "/TestCases/" + json::pointer_escape(spec.test_case) + "/" + state;
        }
    }
    const testing::Suite& suite = *prepared.suite;
    std::string where;
    if (inline_mock) {
        where = suite.source.where(pointer);
    } else {
        auto at = prepared.mock_source.find(pointer);
        where = suite.mock_config + (at ? ":" + std::to_string(at->line) + ":" + std::to_string(at->column) : "");
    }
    return testing::Failure{"mocks", where, pointer + ": " + problem.message, ""};
}

// The mock problems of the children that picked a test case by ARN
// (#TestCase): each test case checked once however many children ran it; a
// mock is unused when none of them called it.
std::vector<testing::MockProblem> children_mock_problems(const tasks::MockConfig& mocks, const runtime::RunResult& root) {
    struct ChildGroup {
        const asl::Machine* machine = nullptr;
        testing::MockedCalls most_calls;  // by state: the most any of the children made
    };
    std::map<std::pair<std::string, std::string>, ChildGroup> groups;
    std::function<void(const runtime::RunResult&)> gather = [&](const runtime::RunResult& run) {
        for (const runtime::RunResult& child : run.children) {
            if (!child.test_case.empty() && child.machine) {
                ChildGroup& group = groups[{child.state_machine_name, child.test_case}];
                group.machine = child.machine.get();
                for (const auto& [state, n] : testing::mocked_calls(child))
                    group.most_calls[state] = std::max(group.most_calls[state], n);
            }
            gather(child);
        }
    };
    gather(root);
    std::vector<testing::MockProblem> out;
    for (const auto& [key, group] : groups) {
        const auto& [machine_name, test_case] = key;
        std::vector<testing::MockProblem> problems = testing::check_mock_test_case(*group.machine, mocks, machine_name, test_case);
        auto unused = testing::unused_mocks(mocks, machine_name, test_case, group.most_calls);
        problems.insert(problems.end(), unused.begin(), unused.end());
        for (testing::MockProblem& p : problems) {
            p.message = "(the child " + machine_name + "#" + test_case + ") " + p.message;
            out.push_back(std::move(p));
        }
    }
    return out;
}

testing::CaseResult run_case(PreparedSuite& prepared, const testing::TestCaseSpec& spec, const TestRunOptions& options) {
    const testing::Suite& suite = *prepared.suite;
    const RunWorld& world = *prepared.world;
    testing::CaseResult out;
    out.file = suite.source.path;
    out.name = spec.name;
    auto started = std::chrono::steady_clock::now();
    auto finish = [&]() -> testing::CaseResult {
        out.passed = out.failures.empty();
        out.real_micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
        return std::move(out);
    };
    auto problem = [&](std::string what, const std::string& pointer, std::string message, std::string state = "") {
        out.failures.push_back(testing::Failure{std::move(what), suite.source.where(pointer), std::move(message), std::move(state)});
    };

    runtime::RunOptions run_options;
    run_options.state_machine_name = world.state_machine_name();
    run_options.execution_name = spec.execution_name;
    run_options.seed = spec.seed;
    run_options.scope = world.scope();
    run_options.express = spec.express.value_or(world.express());
    run_options.start_time_ms = spec.start_ms;
    runtime::VirtualClock clock(spec.start_ms);
    run_options.use_clock = &clock;
    std::shared_ptr<const asl::Machine> machine = world.machine();
    if (!spec.substitutions.empty()) {
        try {
            machine = world.compile_with(spec.substitutions);
        } catch (const std::exception& e) {
            problem("substitutions", spec.pointer + "/substitutions", e.what());
            return finish();
        }
    }
    // An EXPRESS world has checked its own machine when it loaded.
    if (run_options.express && (machine != world.machine() || !world.express())) {
        try {
            world.check_express(*machine);
        } catch (const std::exception& e) {
            problem("executionType", spec.pointer + (spec.express ? "/executionType" : ""), e.what());
            return finish();
        }
    }
    // A case with substitutions of its own runs another compile of the same
    // definition: its own map, whose items line up with the suite's.
    std::shared_ptr<const testing::CoverageMap> coverage_map;
    if (options.coverage)
        coverage_map = machine == world.machine() ? prepared.coverage_map : std::make_shared<testing::CoverageMap>(*machine);
    std::optional<testing::CoverageRecorder> recorder;
    if (coverage_map) recorder.emplace(*coverage_map);
    CaseObserver observer(recorder ? &*recorder : nullptr);
    run_options.observer = &observer;
    run_options.keep_map_children = true;  // their entries are checked through their histories

    runtime::RunServices services = world.services(spec.local_functions);
    std::unique_ptr<RunEventBus> bus;
    try {
        bus = world.event_bus(events::SchemaMode::Warn, [&clock] { return clock.now_ms(); }, spec.seed);
        services.router.integrations.push_back(bus->integration());
        services.mocks = case_mocks(prepared, spec, world.state_machine_name(), services.test_case);
    } catch (const std::exception& e) {
        problem("mocks", spec.pointer + (spec.mocks.is_null() ? "/testCase" : "/mocks"), e.what());
        return finish();
    }
    // A mock that cannot be right fails the case before it runs; a warning is shown.
    auto report = [&](const std::vector<testing::MockProblem>& problems) {
        for (const testing::MockProblem& p : problems) {
            testing::Failure f = mock_failure(prepared, spec, p);
            if (p.severity == testing::Severity::Error) out.failures.push_back(std::move(f));
            else out.warnings.push_back(f.where + ": " + f.message);
        }
    };

    bool mocked = services.mocks && !services.test_case.empty();
    if (mocked) {
        try {
            report(testing::check_mock_test_case(*machine, *services.mocks, world.state_machine_name(), services.test_case));
        } catch (const std::exception& e) {
            problem("mocks", spec.pointer + "/testCase", e.what());
        }
        if (!out.failures.empty()) return finish();
    }
    runtime::RunResult result = runtime::run(machine, spec.input, services, run_options);
    result.events = events_json(bus->take());
    out.status = std::string(result.status_name());
    out.error = result.error.value_or("");
    out.virtual_ms = result.elapsed_ms();

    if (mocked) {
        std::vector<testing::MockProblem> unused = testing::unused_mocks(*services.mocks, world.state_machine_name(), services.test_case,
                                                                                  testing::mocked_calls(result));
        // A case that changes a testCase with mocks of its own took another
        // path on purpose: what it inherited and did not use is only shown.
        for (testing::MockProblem& p : unused)
            if (spec.mocks.is_object() && !spec.mocks.find(p.state)) p.severity = testing::Severity::Warning;
        report(unused);
    }
    if (services.mocks) report(children_mock_problems(*services.mocks, result));
    // Every Task call must be served, the children's too (a child started
    // without .sync may fail alone while its parent succeeds).
    std::function<void(const runtime::RunResult&)> served = [&](const runtime::RunResult& run) {
        std::string in = run.parent_execution_arn.empty() ? "" : " in the child " + run.execution_arn;
        for (const runtime::TaskCallRecord& call : run.calls)
            if (call.route == tasks::TaskRoute::Unserved)
                problem("mocks", spec.pointer, call.state_name + in + " was called, but no mock serves it" +
                        std::string(spec.local_functions ? " and nothing else does" : " (localFunctions: true lets it call local functions)"),
                        call.state_name);
        for (const runtime::RunResult& child : run.children) served(child);
    };
    served(result);

    if (recorder) {
        recorder->finish(result);
        std::lock_guard lock(prepared.mutex);
        prepared.coverage_hits += recorder->hits();
    }
    testing::CaseOutcome outcome{&result, observer.retries, observer.states};
    for (testing::Failure& f : testing::check_expectations(spec, suite.source, outcome)) out.failures.push_back(std::move(f));

    if (spec.expect.snapshot) {
        json::Value taken = testing::snapshot_of(result);
        std::lock_guard lock(prepared.mutex);
        if (options.update_snapshots) {
            if (!prepared.snapshots.is_object()) prepared.snapshots = json::Object{};
            prepared.snapshots.mutable_object().set(spec.name, taken);
        } else {
            const json::Value* stored = prepared.snapshots.is_object() ? prepared.snapshots.find(spec.name) : nullptr;
            if (!stored)
                problem("expect.snapshot", spec.pointer + "/expect/snapshot",
                        "no snapshot of this case in " + snapshot_path(suite.source.path) + " (write it with --update-snapshots)");
            else if (auto differences = testing::json_differences(*stored, taken); !differences.empty())
                problem("expect.snapshot", spec.pointer + "/expect/snapshot",
                        "the run differs from its snapshot:\n" + testing::format_differences(differences) +
                            "\n  (--update-snapshots takes the new run as the snapshot)");
        }
    }
    return finish();
}

void prepare(PreparedSuite& prepared, SuiteRun& run, const TestRunOptions& options) {
    const testing::Suite& suite = *prepared.suite;
    run.watched = suite.files;
    run.show_status = std::any_of(suite.cases.begin(), suite.cases.end(), [](const auto& c) { return !c.expect.status; });
    for (size_t i = 0; i < suite.cases.size(); ++i)
        if (options.filter.empty() || (suite.source.path + " > " + suite.cases[i].name).find(options.filter) != std::string::npos)
            prepared.cases.push_back(i);
    if (prepared.cases.empty()) return;
    WorldSources sources;
    sources.machine_file = suite.definition;
    sources.template_file = suite.template_file;
    sources.template_machine = suite.template_machine;
    sources.project_file = suite.project;
    sources.substitutions = suite.substitutions;
    sources.state_machine_name = suite.state_machine_name;
    sources.machine_dirs = suite.machine_dirs;
    sources.schema_dirs = suite.schema_dirs;
    sources.s3_dir = options.s3_dir;
    sources.scope = options.scope;
    try {
        if (!suite.mock_config.empty()) {
            std::string text = json::read_file(suite.mock_config);
            prepared.mock_document = json::parse(text);
            prepared.mock_source = json::map_source(text);
            prepared.file_mocks = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::from_json(prepared.mock_document, suite.mock_config));
        }
        prepared.world = std::make_unique<RunWorld>(sources);
        // As `stepwise run --mocks`: the mock config's only state machine names
        // the definition, unless the definition starts executions (a parent whose
        // children pick their test cases by ARN).
        if (suite.state_machine_name.empty() && prepared.file_mocks && !starts_executions(*prepared.world->machine())) {
            auto machines = prepared.file_mocks->state_machines();
            if (machines.size() == 1) prepared.world->set_state_machine_name(machines.front());
        }
        // An inline template definition is named by its template and logical id.
        run.definition = prepared.world->definition_path().empty() ? suite.template_file + "#" + suite.template_machine
                                                                    : prepared.world->definition_path();
        if (options.coverage) {
            prepared.coverage_map = std::make_shared<testing::CoverageMap>(*prepared.world->machine());
            prepared.coverage_hits = testing::CoverageHits(*prepared.coverage_map);
        }
        run.watched.insert(run.watched.end(), prepared.world->watched().begin(), prepared.world->watched().end());
        std::string snapshots = snapshot_path(suite.source.path);
        if (fs::exists(snapshots)) prepared.snapshots = json::parse_file(snapshots);
    } catch (const std::exception& e) {
        run.result.error = e.what();
        prepared.world.reset();
    }
}

// Throws std::runtime_error naming the file when it cannot be written.
void write_snapshots(const PreparedSuite& prepared) {
    if (!prepared.snapshots.is_object()) return;
    std::string path = snapshot_path(prepared.suite->source.path);
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    std::ofstream out(path);
    out << json::pretty(prepared.snapshots) << "\n";
    if (ec || !out.flush()) throw std::runtime_error(path + ": cannot write the snapshots" + (ec ? ": " + ec.message() : ""));
}

}  // namespace

std::vector<SuiteRun> run_suites(const std::vector<testing::Suite>& suites, const TestRunOptions& options) {
    std::vector<SuiteRun> runs(suites.size());
    std::vector<std::unique_ptr<PreparedSuite>> prepared;
    struct Job {
        size_t suite, slot;
    };
    std::vector<Job> jobs;
    for (size_t s = 0; s < suites.size(); ++s) {
        runs[s].result.file = suites[s].source.path;
        prepared.push_back(std::make_unique<PreparedSuite>());
        prepared.back()->suite = &suites[s];
        prepare(*prepared.back(), runs[s], options);
        runs[s].result.cases.resize(prepared.back()->cases.size());
        if (prepared.back()->world)
            for (size_t k = 0; k < prepared.back()->cases.size(); ++k) jobs.push_back({s, k});
    }
    std::atomic<size_t> next{0};
    std::mutex report_mutex;
    auto work = [&] {
        for (size_t j; (j = next.fetch_add(1)) < jobs.size();) {
            PreparedSuite& p = *prepared[jobs[j].suite];
            const testing::TestCaseSpec& spec = p.suite->cases[p.cases[jobs[j].slot]];
            testing::CaseResult result;
            try {
                result = run_case(p, spec, options);
            } catch (const std::exception& e) {
                result.file = p.suite->source.path;
                result.name = spec.name;
                result.failures.push_back({"run", p.suite->source.where(spec.pointer), std::string("the case could not run: ") + e.what(), ""});
            }
            if (options.on_case) {
                std::lock_guard lock(report_mutex);
                options.on_case(result);
            }
            runs[jobs[j].suite].result.cases[jobs[j].slot] = std::move(result);
        }
    };
    unsigned threads = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(jobs.size())));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (options.update_snapshots)
        for (const auto& p : prepared) write_snapshots(*p);
    for (size_t s = 0; s < suites.size(); ++s) {
        if (!prepared[s]->world) runs[s].result.cases.clear();
        runs[s].coverage_map = prepared[s]->coverage_map;
        runs[s].coverage_hits = std::move(prepared[s]->coverage_hits);
        if (prepared[s]->world) runs[s].definition_positions = prepared[s]->world->definition_positions();
    }
    return runs;
}

}  // namespace stepwise::cli
