// A store that refuses writes (a full disk, an I/O error): requests whose
// effect could not be stored answer ServiceUnavailable, executions stop where
// the store has them, and once writes succeed again they go on from there,
// without a restart, with no hole in their journal.
#include <atomic>

#include <cstdlib>
#include <future>

#include "engine/task_token.h"
#include "host_fixture.h"

using namespace stepwise;
using namespace stepwise::host_test;

namespace {

// Passes everything to a real store, but fails every apply while `full`.
class FullDiskStore : public store::Store {
public:
    explicit FullDiskStore(store::Store& inner) : inner_(inner) {}
    std::atomic<bool> full{false};
    std::atomic<int> refused{0};
    std::atomic<bool> unreadable{false};  // get_execution fails too

    void apply(const std::vector<store::Write>& writes) override {
        if (full) {
            ++refused;
            throw store::StoreError("database or disk is full");
        }
        inner_.apply(writes);
    }
    std::optional<store::Document> get_document(const std::string& kind, const std::string& id) override {
        return inner_.get_document(kind, id);
    }
    std::vector<store::Document> list_documents(const std::string& kind, const std::string& prefix,
                                                const std::string& after, size_t limit) override {
        return inner_.list_documents(kind, prefix, after, limit);
    }
    std::vector<store::Document> list_documents_after(const std::string& kind, const std::string& prefix,
                                                      int64_t after_ms, const std::string& after,
                                                      size_t limit) override {
        return inner_.list_documents_after(kind, prefix, after_ms, after, limit);
    }
    std::optional<store::ExecutionRecord> get_execution(const std::string& arn) override {
        if (unreadable) throw store::StoreError("disk I/O error");
        return inner_.get_execution(arn);
    }
    store::ExecutionPage list_executions(const store::ExecutionFilter& filter, size_t limit,
                                         const std::string& cursor) override {
        return inner_.list_executions(filter, limit, cursor);
    }
    std::vector<store::ExecutionRecord> running_executions() override { return inner_.running_executions(); }
    std::vector<std::string> journal(const std::string& arn) override { return inner_.journal(arn); }
    size_t delete_closed_executions(int64_t closed_before_ms, size_t limit) override {
        return inner_.delete_closed_executions(closed_before_ms, limit);
    }
    int64_t release_free_pages(int64_t max_pages) override { return inner_.release_free_pages(max_pages); }
    void vacuum() override { inner_.vacuum(); }

private:
    store::Store& inner_;
};

runtime::HostError send_success(runtime::ExecutionHost& host, const std::string& token, const std::string& output) {
    std::promise<runtime::HostError> answer;
    host.send_task_success(token, output, [&](runtime::HostError e) { answer.set_value(e); });
    return answer.get_future().get();
}

// The history of an ended execution: ids 1, 2, ... and a terminal event last.
void expect_whole_history(runtime::ExecutionHost& host, const std::string& arn, const std::string& terminal) {
    auto history = *host.history(arn, 0, INT64_MAX, 1000, false);
    ASSERT_FALSE(history.empty());
    for (size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].id, static_cast<int64_t>(i + 1));
    EXPECT_NE(history.back().event.find(terminal), std::string::npos) << history.back().event;
}

}  // namespace

TEST(StoreFailure, StartThatCannotBeStoredAnswersServiceUnavailableAndLeavesNothing) {
    Fixture f;
    FullDiskStore disk(*f.store);
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(disk, f.resolver(), o);
    disk.full = true;
    auto refused = f.start(host, f.request("d1", kPassWait, "refused"));
    EXPECT_EQ(refused.error.type, "ServiceUnavailable");
    EXPECT_FALSE(f.store->get_execution(refused.execution_arn));

    disk.full = false;
    // The same name starts afresh once the store takes writes (the refused
    // start left no execution behind, not even in memory, once repaired).
    runtime::StartResult again;
    for (int i = 0; i < 400; ++i) {
        again = f.start(host, f.request("d1", kPassWait, "refused"));
        if (!again.error) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ASSERT_FALSE(again.error) << again.error.message;
    EXPECT_EQ(f.wait_end(again.execution_arn).status, "SUCCEEDED");
    expect_whole_history(host, again.execution_arn, "ExecutionSucceeded");
}

TEST(StoreFailure, CallbackAnswerThatCannotBeStoredIsRefusedAndTheExecutionWaits) {
    Fixture f;
    FullDiskStore disk(*f.store);
    runtime::ExecutionHost host(disk, f.resolver(), {});
    auto started = f.start(host, f.request("d1", kCallback, "cb"));
    ASSERT_FALSE(started.error);
    std::string token = f.wait_token(host, started.execution_arn);
    ASSERT_FALSE(token.empty());

    disk.full = true;
    EXPECT_EQ(send_success(host, token, R"({"done": 1})").type, "ServiceUnavailable");
    EXPECT_EQ(f.store->get_execution(started.execution_arn)->status, "RUNNING");
    // While the disk is full, every answer is refused, never acknowledged and dropped.
    EXPECT_EQ(send_success(host, token, R"({"done": 2})").type, "ServiceUnavailable");

    disk.full = false;
    runtime::HostError answer;
    for (int i = 0; i < 400; ++i) {
        answer = send_success(host, token, R"({"done": 3})");
        if (answer.type != "ServiceUnavailable") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    EXPECT_FALSE(answer) << answer.type << ": " << answer.message;
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "SUCCEEDED");
    EXPECT_EQ(json::parse(*record.output), json::parse(R"({"done": 3})"));
    expect_whole_history(host, started.execution_arn, "ExecutionSucceeded");
}

TEST(StoreFailure, StepsThatCannotBeStoredDoNotMoveTheExecutionOnUntilTheyAre) {
    Fixture f;
    FullDiskStore disk(*f.store);
    runtime::HostOptions o;
    o.time_scale = 0.0001;  // the hour-long Wait takes a third of a second
    runtime::ExecutionHost host(disk, f.resolver(), o);
    auto started = f.start(host, f.request("d1", kPassWait, "waits"));
    ASSERT_FALSE(started.error);
    disk.full = true;  // the Wait ends while nothing can be stored
    for (int i = 0; i < 400 && disk.refused < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_GE(disk.refused, 1);
    // It must not have ended in memory (and announced SUCCEEDED) with a history the store lacks.
    EXPECT_EQ(f.store->get_execution(started.execution_arn)->status, "RUNNING");
    EXPECT_EQ(host.running_count(), 1u);

    disk.full = false;
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "SUCCEEDED");
    expect_whole_history(host, started.execution_arn, "ExecutionSucceeded");
    auto journal = f.store->journal(started.execution_arn);
    EXPECT_GE(journal.size(), 2u);  // the start and the timer, no hole (the store refuses holes)
}

TEST(StoreFailure, StopThatCannotBeStoredIsRefused) {
    Fixture f;
    FullDiskStore disk(*f.store);
    runtime::ExecutionHost host(disk, f.resolver(), {});
    auto started = f.start(host, f.request("d1", kPassWait, "stop"));
    disk.full = true;
    std::promise<runtime::HostError> p;
    host.stop(started.execution_arn, "Why", "Because", [&](runtime::HostError e, int64_t) { p.set_value(e); });
    EXPECT_EQ(p.get_future().get().type, "ServiceUnavailable");
    EXPECT_EQ(f.store->get_execution(started.execution_arn)->status, "RUNNING");
}

namespace {
// Stands for states:startExecution in serve: its start() reaches
// ExecutionHost::start, which takes the host's live map lock.
struct TouchesHost : tasks::Integration {
    runtime::ExecutionHost* host = nullptr;
    bool serves(const asl::Resource& r) const override { return r.arn.find("sqs:sendMessage") != std::string::npos; }
    tasks::TaskCancel start(const tasks::TaskRequest&, tasks::TaskDone done) override {
        (void)host->running_count();
        done(tasks::TaskOutcome::submitted(json::Value(json::Object{})));
        return {};
    }
};
}  // namespace

// The repair re-sends the outstanding call on the execution's strand, not
// under the host's live lock (a states:startExecution call takes that lock).
TEST(StoreFailure, RepairThatResendsACallIntoTheHostDoesNotDeadlock) {
    Fixture f;
    FullDiskStore disk(*f.store);
    auto touches = std::make_shared<TouchesHost>();
    runtime::HostOptions o;
    o.router.integrations.push_back(touches);
    auto host = new runtime::ExecutionHost(disk, f.resolver(), o);  // deleted only if it did not deadlock
    touches->host = host;
    auto started = f.start(*host, f.request("d1", kCallback, "cb"));
    ASSERT_FALSE(started.error);
    std::string token = f.wait_token(*host, started.execution_arn);
    ASSERT_FALSE(token.empty());
    disk.full = true;
    EXPECT_EQ(send_success(*host, token, R"({"done": 1})").type, "ServiceUnavailable");
    disk.full = false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the repair runs after 200 ms
    auto probe = std::async(std::launch::async, [host] { return host->running_count(); });
    if (probe.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        fprintf(stderr, "the host's live lock is held for good after the repair\n");
        std::_Exit(1);  // a deadlocked host cannot be destroyed
    }
    delete host;
}

// The re-run is built on a worker: a store error there is its answer, not std::terminate.
TEST(StoreFailure, RerunThatCannotReadTheOriginalAnswersServiceUnavailable) {
    Fixture f;
    FullDiskStore disk(*f.store);
    runtime::ExecutionHost host(disk, f.resolver(), {});
    auto started = f.start(host, f.request("d1", kPassWait, "orig"));
    ASSERT_FALSE(started.error) << started.error.message;

    disk.unreadable = true;
    runtime::RerunRequest rerun;
    rerun.execution_arn = started.execution_arn;
    rerun.event_id = 2;
    rerun.name = "orig-rerun";
    std::promise<runtime::StartResult> p;
    host.rerun(rerun, [&](runtime::StartResult r) { p.set_value(r); });
    auto refused = p.get_future().get();
    EXPECT_EQ(refused.error.type, "ServiceUnavailable");
    EXPECT_NE(refused.error.message.find("disk I/O error"), std::string::npos) << refused.error.message;
    disk.unreadable = false;
}
