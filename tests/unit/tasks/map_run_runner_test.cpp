// The Map Run runner against a fake ExecutionPort whose children the test
// ends in any order: concurrency, UpdateMapRun, batching, tolerated failures,
// results in item order, the registry's counts, cancel, reader errors.
//  map:       https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
//  threshold: https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html
//  batcher:   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
//  reader:    https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
//  update:    https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateMapRun.html
//  describe:  https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
#include "tasks/map_run/map_runner.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "asl/compile.h"
#include "engine/map_run_request.h"
#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"

namespace stepwise::tasks::map_run {
namespace {

using stepwise::tasks::testing::TempDir;

constexpr const char* kMapRunArn =
    "arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:11111111-1111-1111-1111-111111111111";
constexpr const char* kParentArn = "arn:aws:states:us-east-1:123456789012:execution:orders:run-1";

// Records each start; the test ends children when it likes.
class FakePort : public ExecutionPort {
public:
    struct Child {
        ChildStart start;
        std::string arn;
        std::function<void(ChildEnded)> ended;
        bool running = true;
        bool stop_asked = false;
    };

    void start_execution(ChildStart start, std::function<void(ChildStarted)> started,
                         std::function<void(ChildEnded)> ended) override {
        Child child;
        child.arn = "arn:aws:states:us-east-1:123456789012:execution:orders/Fan:" + start.name.value_or("?");
        child.start = std::move(start);
        child.ended = std::move(ended);
        ChildStarted answer;
        answer.execution_arn = child.arn;
        children.push_back(std::move(child));
        ++running_now;
        max_running = std::max(max_running, running_now);
        started(answer);
    }
    void stop_execution(const std::string& arn, const std::string&, const std::string&) override {
        for (Child& c : children)
            if (c.arn == arn) c.stop_asked = true;
    }
    void send_task_success(const std::string&, const std::string&, std::function<void(PortError)>) override {}
    void send_task_failure(const std::string&, const std::optional<std::string>&, const std::optional<std::string>&,
                           std::function<void(PortError)>) override {}
    void send_task_heartbeat(const std::string&, std::function<void(PortError)>) override {}

    // Ends child `i`: SUCCEEDED with `output`, or `status` with an error.
    void succeed(size_t i, const std::string& output) { end(i, "SUCCEEDED", output, std::nullopt); }
    void fail(size_t i, const std::string& error = "Boom") { end(i, "FAILED", std::nullopt, error); }
    void end_timed_out(size_t i) { end(i, "TIMED_OUT", std::nullopt, "States.Timeout"); }
    // Ends every running child (oldest first), echoing its input, until none runs.
    void succeed_all_echoing() {
        for (size_t i = 0; i < children.size(); ++i)
            if (children[i].running) succeed(i, children[i].start.input);
    }
    json::Value input(size_t i) const { return json::parse(children.at(i).start.input); }

    std::vector<Child> children;
    int running_now = 0;
    int max_running = 0;

private:
    void end(size_t i, const std::string& status, std::optional<std::string> output, std::optional<std::string> error) {
        Child& c = children.at(i);
        ASSERT_TRUE(c.running) << "child " << i << " already ended";
        c.running = false;
        --running_now;
        ChildEnded ended;
        ended.execution_arn = c.arn;
        ended.name = c.start.name.value_or("");
        ended.status = status;
        ended.input = c.start.input;
        ended.output = std::move(output);
        ended.error = std::move(error);
        if (ended.error) ended.cause = "child " + std::to_string(i) + " failed";
        auto callback = c.ended;  // the callback may start more children (children grows)
        callback(std::move(ended));
    }
};

const std::string kPlain = R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","End":true,
  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                   "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}})";
const std::string kReader = R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","End":true,
  "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},
                "Parameters":{"Bucket":"bkt","Key":"items.json"}},
  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                   "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}})";

struct Harness {
    std::shared_ptr<const asl::Machine> machine;
    std::shared_ptr<FakePort> port = std::make_shared<FakePort>();
    std::shared_ptr<MapRunRegistry> registry = std::make_shared<MapRunRegistry>();
    std::shared_ptr<const s3::LocalS3> s3;
    std::optional<TaskOutcome> outcome;
    int answers = 0;
    TaskCancel cancel;

    explicit Harness(const std::string& definition = kPlain) {
        asl::CompileResult compiled = asl::compile(definition);
        EXPECT_TRUE(compiled.ok()) << (compiled.errors.empty() ? "" : compiled.errors[0].to_string());
        machine = compiled.machine;
    }

    // A request over `items` (nullopt: the ItemReader's) that the test adjusts.
    std::shared_ptr<engine::MapRunRequest> request(std::optional<std::string> items) {
        auto r = std::make_shared<engine::MapRunRequest>();
        const auto& state = machine->all_states.at("Fan")->as<asl::MapState>();
        r->map_run_arn = kMapRunArn;
        r->execution_arn = kParentArn;
        r->state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
        r->state_name = "Fan";
        r->label = "Fan";
        r->child_state_machine_name = "orders/Fan";
        r->state = &state;
        r->machine = machine;
        r->child_machine = state.child_machine;
        if (items) r->items = json::parse(*items);
        return r;
    }

    void start(std::shared_ptr<engine::MapRunRequest> r) {
        MapRunnerOptions options;
        options.port = port;
        options.registry = registry;
        options.s3 = s3;
        options.now_ms = [] { return int64_t(1700000000000); };
        MapRunner runner(std::move(options));
        TaskRequest task;
        task.state_name = r->state_name;
        task.execution_arn = r->execution_arn;
        task.map_run = std::move(r);
        cancel = runner.start(task, nullptr, [this](TaskOutcome o) {
            ++answers;
            outcome = std::move(o);
        });
    }

    MapRunInfo info() const { return *registry->describe(kMapRunArn); }
    std::string output() const {
        EXPECT_TRUE(outcome && outcome->kind == TaskOutcome::Kind::Succeeded)
            << (outcome ? outcome->error + ": " + outcome->cause : "no answer");
        return outcome ? json::dump(outcome->result) : "";
    }
    void expect_failure(const std::string& error) const {
        ASSERT_TRUE(outcome);
        EXPECT_EQ(outcome->kind, TaskOutcome::Kind::Failed);
        EXPECT_EQ(outcome->error, error) << outcome->cause;
        EXPECT_EQ(answers, 1);
    }
};

std::string numbers(int n) {
    std::string out = "[";
    for (int i = 0; i < n; ++i) out += (i ? "," : "") + std::to_string(i);
    return out + "]";
}

// state-map-distributed.html (MaxConcurrency): at most that many children run
// at once; the others start as running ones end.
TEST(MapRunRunner, MaxConcurrencyBoundsRunningChildren) {
    Harness h;
    auto r = h.request(numbers(7));
    r->max_concurrency = 3;
    h.start(r);
    EXPECT_EQ(h.port->children.size(), 3u);
    h.port->succeed(1, "1");  // out of order
    EXPECT_EQ(h.port->children.size(), 4u);
    EXPECT_EQ(h.port->input(3), json::parse("3"));
    h.port->succeed_all_echoing();
    h.port->succeed_all_echoing();
    h.port->succeed_all_echoing();
    EXPECT_EQ(h.port->children.size(), 7u);
    EXPECT_EQ(h.port->max_running, 3);
    EXPECT_EQ(h.output(), numbers(7));
    EXPECT_EQ(h.answers, 1);
}

// Each child is named with a UUID, runs the Map's processor as its own
// machine under <machine>/<label>, and knows its Map Run and parent.
TEST(MapRunRunner, ChildStartCarriesTheMapRun) {
    Harness h;
    h.start(h.request(R"([{"a":1}])"));
    ASSERT_EQ(h.port->children.size(), 1u);
    const ChildStart& s = h.port->children[0].start;
    ASSERT_TRUE(s.name);
    EXPECT_EQ(s.name->size(), 36u);
    EXPECT_EQ(s.state_machine_name, "orders/Fan");
    EXPECT_EQ(s.map_run_arn, kMapRunArn);
    EXPECT_EQ(s.parent_execution_arn, kParentArn);
    EXPECT_EQ(s.item_count, 1);
    EXPECT_EQ(s.machine, h.machine->all_states.at("Fan")->as<asl::MapState>().child_machine);
    EXPECT_EQ(s.input, R"({"a":1})");
}

// API_UpdateMapRun.html: a higher maxConcurrency lets more children start at once.
TEST(MapRunRunner, UpdateMapRunRaisesConcurrency) {
    Harness h;
    auto r = h.request(numbers(6));
    r->max_concurrency = 1;
    h.start(r);
    EXPECT_EQ(h.port->children.size(), 1u);
    MapRunUpdate update;
    update.max_concurrency = 4;
    EXPECT_EQ(h.registry->update(kMapRunArn, update), "");
    EXPECT_EQ(h.port->children.size(), 4u);
    EXPECT_EQ(h.info().max_concurrency, 4);
    h.port->succeed_all_echoing();
    h.port->succeed_all_echoing();
    EXPECT_EQ(h.output(), numbers(6));
    // An ended run cannot be updated.
    EXPECT_EQ(h.registry->update(kMapRunArn, update),
              "ValidationException: " + std::string(MapRunRegistry::kEndedMessage));
}

// API_UpdateMapRun.html + maprun-fail-threshold.html: a tolerance lowered
// below the failures so far fails the run at once.
TEST(MapRunRunner, UpdateMapRunLowerToleranceFailsTheRun) {
    Harness h;
    auto r = h.request(numbers(4));
    r->tolerated_failure_count = 3;
    h.start(r);
    h.port->fail(0);
    h.port->fail(1);
    EXPECT_FALSE(h.outcome);
    MapRunUpdate update;
    update.tolerated_failure_count = 1;
    EXPECT_EQ(h.registry->update(kMapRunArn, update), "");
    h.expect_failure("States.ExceedToleratedFailureThreshold");
    EXPECT_EQ(h.info().status, "FAILED");
    EXPECT_EQ(h.info().tolerated_failure_count, 1);
    // The children still running are stopped.
    EXPECT_TRUE(h.port->children[2].stop_asked);
    EXPECT_TRUE(h.port->children[3].stop_asked);
}

// input-output-itembatcher.html: MaxItemsPerBatch groups items; each child
// gets {"BatchInput": …, "Items": […]} (BatchInput only when given).
TEST(MapRunRunner, BatchesByCount) {
    Harness h;
    auto r = h.request(numbers(5));
    r->max_items_per_batch = 2;
    r->batch_input = json::parse(R"({"run":"r1"})");
    h.start(r);
    ASSERT_EQ(h.port->children.size(), 3u);
    EXPECT_EQ(h.port->children[0].start.input, R"({"BatchInput":{"run":"r1"},"Items":[0,1]})");
    EXPECT_EQ(h.port->children[1].start.input, R"({"BatchInput":{"run":"r1"},"Items":[2,3]})");
    EXPECT_EQ(h.port->children[2].start.input, R"({"BatchInput":{"run":"r1"},"Items":[4]})");
    EXPECT_EQ(h.port->children[2].start.item_count, 1);
    h.port->succeed(2, "\"c\"");
    h.port->succeed(0, "\"a\"");
    h.port->succeed(1, "\"b\"");
    // One result a child (a batch), in the batches' order.
    EXPECT_EQ(h.output(), R"(["a","b","c"])");
    EXPECT_EQ(h.info().item_counts.total, 5);
    EXPECT_EQ(h.info().execution_counts.total, 3);
}

// input-output-itembatcher.html: MaxInputBytesPerBatch bounds the child's
// input in bytes (the batch as the child receives it).
TEST(MapRunRunner, BatchesByBytes) {
    Harness h;
    auto r = h.request(R"(["aaaa","bbbb","cccc","dddd"])");
    // {"Items":["aaaa","bbbb"]} is 25 bytes; a third item would make it 32.
    r->max_input_bytes_per_batch = 25;
    h.start(r);
    ASSERT_EQ(h.port->children.size(), 2u);
    EXPECT_EQ(h.port->children[0].start.input, R"({"Items":["aaaa","bbbb"]})");
    EXPECT_EQ(h.port->children[1].start.input, R"({"Items":["cccc","dddd"]})");
    for (const auto& c : h.port->children) EXPECT_LE(c.start.input.size(), 25u);
    h.port->succeed_all_echoing();
    EXPECT_EQ(h.answers, 1);
}

// Both limits: a batch ends at whichever is reached first.
TEST(MapRunRunner, BatchesByCountAndBytes) {
    Harness h;
    auto r = h.request(R"(["a","b","c","ddddddddddddddd"])");
    r->max_items_per_batch = 3;
    r->max_input_bytes_per_batch = 30;
    h.start(r);
    ASSERT_EQ(h.port->children.size(), 2u);
    EXPECT_EQ(h.port->children[0].start.input, R"({"Items":["a","b","c"]})");
    EXPECT_EQ(h.port->children[1].start.input, R"({"Items":["ddddddddddddddd"]})");
}

// input-output-itembatcher.html: an item that alone passes
// MaxInputBytesPerBatch cannot be batched: the Map Run fails.
TEST(MapRunRunner, ItemLargerThanTheBatchLimitFails) {
    Harness h;
    auto r = h.request(R"(["a","this item is far too long"])");
    r->max_input_bytes_per_batch = 16;
    h.start(r);
    ASSERT_EQ(h.port->children.size(), 1u);
    h.expect_failure("States.Runtime");
    EXPECT_NE(h.outcome->cause.find("MaxInputBytesPerBatch"), std::string::npos) << h.outcome->cause;
    EXPECT_TRUE(h.port->children[0].stop_asked);
}

// A batch is a child's input: MaxItemsPerBatch alone still cuts batches at
// the 256 KiB payload quota.
TEST(MapRunRunner, BatchesByCountStayUnderThePayloadQuota) {
    Harness h;
    const std::string item(100 * 1024, 'x');
    auto r = h.request("[\"" + item + "\",\"" + item + "\",\"" + item + "\"]");
    r->max_items_per_batch = 10;
    h.start(r);
    ASSERT_EQ(h.port->children.size(), 2u);
    EXPECT_EQ(h.port->children[0].start.item_count, 2);
    EXPECT_EQ(h.port->children[1].start.item_count, 1);
    for (const auto& c : h.port->children) EXPECT_LE(c.start.input.size(), 256u * 1024u);
}

// maprun-fail-threshold.html: the default tolerates no failure: one failed
// child fails the Map Run with States.ExceedToleratedFailureThreshold.
TEST(MapRunRunner, NoToleranceOneFailureFails) {
    Harness h;
    h.start(h.request(numbers(3)));
    h.port->succeed(0, "0");
    h.port->fail(1);
    h.expect_failure("States.ExceedToleratedFailureThreshold");
    EXPECT_EQ(h.outcome->cause, "The specified tolerated failure threshold was exceeded");
    EXPECT_TRUE(h.port->children[2].stop_asked);
    // Children ending after the run failed change nothing, and nothing more starts.
    h.port->succeed(2, "2");
    EXPECT_EQ(h.answers, 1);
    EXPECT_EQ(h.port->children.size(), 3u);
}

// maprun-fail-threshold.html: ToleratedFailureCount: the run fails when the
// failed items exceed it; up to it, the run succeeds.
TEST(MapRunRunner, ToleratedFailureCount) {
    {
        Harness h;
        auto r = h.request(numbers(4));
        r->tolerated_failure_count = 2;
        h.start(r);
        h.port->fail(3);
        h.port->fail(0);
        h.port->succeed(1, "1");
        h.port->succeed(2, "2");
        ASSERT_TRUE(h.outcome);
        EXPECT_EQ(h.outcome->kind, TaskOutcome::Kind::Succeeded);
        // Without a ResultWriter the results are COMPACT, and a failed child's
        // entry is its execution's, as with NONE, in its item's place.
        // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
        json::Value out = h.outcome->result;
        ASSERT_EQ(out.as_array().size(), 4u) << h.output();
        EXPECT_EQ(json::dump(out.as_array()[1]), "1");
        EXPECT_EQ(json::dump(out.as_array()[2]), "2");
        const json::Value& first = out.as_array()[0];
        EXPECT_EQ(first.find("Status")->as_string(), "FAILED") << h.output();
        EXPECT_EQ(first.find("Error")->as_string(), "Boom");
        EXPECT_EQ(first.find("Cause")->as_string(), "child 0 failed");
        EXPECT_EQ(first.find("Input")->as_string(), "0");
        EXPECT_EQ(first.find("ExecutionArn")->as_string(), h.port->children[0].arn);
        EXPECT_EQ(first.find("RedriveStatus")->as_string(), "REDRIVABLE");
        EXPECT_EQ(out.as_array()[3].find("Cause")->as_string(), "child 3 failed");
        EXPECT_EQ(h.info().item_counts.failed, 2);
    }
    {
        Harness h;
        auto r = h.request(numbers(4));
        r->tolerated_failure_count = 2;
        h.start(r);
        h.port->fail(0);
        h.port->fail(1);
        EXPECT_FALSE(h.outcome);
        h.port->fail(2);  // the third: exceeds 2 at once
        h.expect_failure("States.ExceedToleratedFailureThreshold");
    }
}

// maprun-fail-threshold.html: ToleratedFailurePercentage: failed (or timed
// out) items divided by all items; the run fails when it is exceeded.
TEST(MapRunRunner, ToleratedFailurePercentage) {
    {
        Harness h;
        auto r = h.request(numbers(4));
        r->tolerated_failure_percentage = 50;
        h.start(r);
        h.port->fail(0);
        h.port->fail(1);  // 2 of 4: 50%, not more
        h.port->succeed(2, "2");
        h.port->succeed(3, "3");
        ASSERT_TRUE(h.outcome);
        EXPECT_EQ(h.outcome->kind, TaskOutcome::Kind::Succeeded);
    }
    {
        Harness h;
        auto r = h.request(numbers(4));
        r->tolerated_failure_percentage = 50;
        h.start(r);
        h.port->fail(0);
        h.port->fail(1);
        h.port->end_timed_out(2);  // 3 of 4: 75%
        h.expect_failure("States.ExceedToleratedFailureThreshold");
    }
}

// maprun-fail-threshold.html: "If you specify both values, the workflow
// fails when it exceeds either value."
TEST(MapRunRunner, BothTolerancesFailWhenEitherIsExceeded) {
    {
        Harness h;  // the count exceeded, the percentage not
        auto r = h.request(numbers(10));
        r->tolerated_failure_count = 1;
        r->tolerated_failure_percentage = 50;
        h.start(r);
        h.port->fail(0);
        h.port->fail(1);
        h.expect_failure("States.ExceedToleratedFailureThreshold");
    }
    {
        Harness h;  // the percentage exceeded, the count not
        auto r = h.request(numbers(4));
        r->tolerated_failure_count = 3;
        r->tolerated_failure_percentage = 25;
        h.start(r);
        h.port->fail(0);
        h.port->fail(1);
        h.port->succeed(2, "2");
        h.port->succeed(3, "3");
        h.expect_failure("States.ExceedToleratedFailureThreshold");
    }
}

// An EXPRESS child that failed can be redriven only through its Map Run.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
TEST(MapRunRunner, FailedExpressChildIsRedrivableByMapRun) {
    Harness h;
    auto r = h.request(numbers(1));
    r->express = true;
    r->tolerated_failure_count = 1;
    h.start(r);
    h.port->fail(0);
    ASSERT_TRUE(h.outcome);
    EXPECT_EQ(h.outcome->result.as_array()[0].find("RedriveStatus")->as_string(), "REDRIVABLE_BY_MAP_RUN") << h.output();
}

// With batches, the tolerance counts items: a failed batch fails all its items.
TEST(MapRunRunner, ToleranceCountsItemsOfAFailedBatch) {
    Harness h;
    auto r = h.request(numbers(6));
    r->max_items_per_batch = 3;
    r->tolerated_failure_count = 2;
    h.start(r);
    h.port->fail(0);  // 3 items
    h.expect_failure("States.ExceedToleratedFailureThreshold");
    EXPECT_EQ(h.info().item_counts.failed, 3);
    EXPECT_EQ(h.info().execution_counts.failed, 1);
}

// No items: the Map's result is an empty array, no child starts.
TEST(MapRunRunner, ZeroItemsGiveAnEmptyArray) {
    Harness h;
    h.start(h.request("[]"));
    EXPECT_TRUE(h.port->children.empty());
    EXPECT_EQ(h.output(), "[]");
    EXPECT_EQ(h.info().status, "SUCCEEDED");
    EXPECT_EQ(h.info().item_counts.total, 0);
}

// The results array is in item order, whatever order the children end in.
TEST(MapRunRunner, ResultsInItemOrder) {
    Harness h;
    h.start(h.request(R"(["a","b","c","d"])"));
    h.port->succeed(3, R"({"i":3})");
    h.port->succeed(1, R"({"i":1})");
    h.port->succeed(0, R"({"i":0})");
    EXPECT_FALSE(h.outcome);
    h.port->succeed(2, R"({"i":2})");
    EXPECT_EQ(h.output(), R"([{"i":0},{"i":1},{"i":2},{"i":3}])");
}

// API_DescribeMapRun.html: itemCounts and executionCounts (running,
// succeeded, failed, total) follow the children; the status ends SUCCEEDED.
TEST(MapRunRunner, RegistryCountsFollowTheChildren) {
    Harness h;
    auto r = h.request(numbers(5));
    r->max_concurrency = 2;
    r->tolerated_failure_count = 1;
    h.start(r);
    MapRunInfo now = h.info();
    EXPECT_EQ(now.status, "RUNNING");
    EXPECT_EQ(now.execution_counts.running, 2);
    EXPECT_EQ(now.max_concurrency, 2);
    EXPECT_EQ(now.tolerated_failure_count, 1);
    h.port->fail(0);
    now = h.info();
    EXPECT_EQ(now.execution_counts.failed, 1);
    EXPECT_EQ(now.item_counts.failed, 1);
    EXPECT_EQ(now.execution_counts.running, 2);
    h.port->succeed_all_echoing();
    h.port->succeed_all_echoing();
    h.port->succeed_all_echoing();
    ASSERT_TRUE(h.outcome);
    now = h.info();
    EXPECT_EQ(now.status, "SUCCEEDED");
    EXPECT_TRUE(now.stop_ms);
    EXPECT_EQ(now.item_counts.total, 5);
    EXPECT_EQ(now.item_counts.succeeded, 4);
    EXPECT_EQ(now.item_counts.failed, 1);
    EXPECT_EQ(now.item_counts.running, 0);
    EXPECT_EQ(now.execution_counts.total, 5);
    EXPECT_EQ(now.execution_counts.succeeded, 4);
    EXPECT_EQ(now.execution_counts.running, 0);
    EXPECT_EQ(h.registry->list(kParentArn).size(), 1u);
}

// The parent stopped waiting (stopped, or its Map timed out): the running
// children are stopped, the run is ABORTED, and it never answers.
TEST(MapRunRunner, CancelStopsRunningChildren) {
    Harness h;
    auto r = h.request(numbers(5));
    r->max_concurrency = 3;
    h.start(r);
    h.port->succeed(0, "0");
    ASSERT_EQ(h.port->children.size(), 4u);
    h.cancel();
    EXPECT_FALSE(h.port->children[0].stop_asked);
    for (size_t i = 1; i < 4; ++i) EXPECT_TRUE(h.port->children[i].stop_asked) << i;
    EXPECT_EQ(h.info().status, "ABORTED");
    h.port->succeed(1, "1");
    EXPECT_EQ(h.port->children.size(), 4u);
    EXPECT_FALSE(h.outcome);
}

// input-output-itemreader.html / the States.ItemReaderFailed error: a missing
// object fails the Map Run, naming the object.
TEST(MapRunRunner, MissingObjectIsItemReaderFailed) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() + "/bkt");
    Harness h(kReader);
    h.s3 = std::make_shared<s3::LocalS3>(dir.path());
    auto r = h.request(std::nullopt);
    r->reader_parameters = json::parse(R"({"Bucket":"bkt","Key":"items.json"})");
    h.start(r);
    h.expect_failure("States.ItemReaderFailed");
    EXPECT_NE(h.outcome->cause.find("s3://bkt/items.json"), std::string::npos) << h.outcome->cause;
    EXPECT_NE(h.outcome->cause.find("NoSuchKey"), std::string::npos) << h.outcome->cause;
    EXPECT_TRUE(h.port->children.empty());
    // DescribeMapRun knows the run the history started, as FAILED.
    ASSERT_TRUE(h.registry->describe(kMapRunArn));
    EXPECT_EQ(h.info().status, "FAILED");
}

// The reader over the local S3 folder: its items, capped at MaxItems.
TEST(MapRunRunner, ReadsTheObjectAndCapsAtMaxItems) {
    TempDir dir;
    dir.write("bkt/items.json", R"([{"n":1},{"n":2},{"n":3}])");
    Harness h(kReader);
    h.s3 = std::make_shared<s3::LocalS3>(dir.path());
    auto r = h.request(std::nullopt);
    r->reader_parameters = json::parse(R"({"Bucket":"bkt","Key":"items.json"})");
    r->max_items = 2;
    h.start(r);
    ASSERT_EQ(h.port->children.size(), 2u);
    h.port->succeed_all_echoing();
    EXPECT_EQ(h.output(), R"([{"n":1},{"n":2}])");
}

// No local S3 folder: the run fails loudly, naming how to give one.
TEST(MapRunRunner, ReaderWithoutS3FolderNamesTheOption) {
    Harness h(kReader);
    h.start(h.request(std::nullopt));
    h.expect_failure("States.ItemReaderFailed");
    EXPECT_NE(h.outcome->cause.find("--s3-dir"), std::string::npos) << h.outcome->cause;
}

// A child the port refuses to start counts as a failed child.
class RefusingPort : public FakePort {
public:
    void start_execution(ChildStart, std::function<void(ChildStarted)> started,
                         std::function<void(ChildEnded)>) override {
        ChildStarted answer;
        answer.error = {"ExecutionLimitExceeded", "too deep"};
        started(answer);
    }
};

TEST(MapRunRunner, RefusedStartIsAFailedChild) {
    Harness h;
    h.port = std::make_shared<RefusingPort>();
    h.start(h.request(numbers(2)));
    h.expect_failure("States.ExceedToleratedFailureThreshold");
    EXPECT_EQ(h.info().execution_counts.failed, 1);
}

}  // namespace
}  // namespace stepwise::tasks::map_run
