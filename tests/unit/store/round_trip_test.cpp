// Every Store method, on an in-memory database and on a file (where reads
// go through the reader pool).
#include <gtest/gtest.h>

#include <climits>

#include "store_test_util.h"

using namespace stepwise::store;
using namespace stepwise::store::testing;

namespace {

class RoundTrip : public ::testing::TestWithParam<bool> {
protected:
    void SetUp() override { store = open_sqlite(GetParam() ? dir.file("db/stepwise.db") : ":memory:"); }

    TempDir dir;
    std::unique_ptr<Store> store;
};

std::vector<std::string> ids(const std::vector<Document>& documents) {
    std::vector<std::string> result;
    for (const auto& document : documents) result.push_back(document.id);
    return result;
}

std::vector<std::string> names(const std::vector<ExecutionRecord>& records) {
    std::vector<std::string> result;
    for (const auto& record : records) result.push_back(record.name);
    return result;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Store, RoundTrip, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "File" : "Memory"; });

TEST_P(RoundTrip, DocumentPutGetDelete) {
    EXPECT_FALSE(store->get_document("state_machine", "a"));
    store->apply({PutDocument{{"state_machine", "a", R"({"x":1})", 100}}});
    auto document = store->get_document("state_machine", "a");
    ASSERT_TRUE(document);
    EXPECT_EQ(document->kind, "state_machine");
    EXPECT_EQ(document->id, "a");
    EXPECT_EQ(document->body, R"({"x":1})");
    EXPECT_EQ(document->created_ms, 100);
    EXPECT_FALSE(store->get_document("alias", "a"));  // kinds are separate

    store->apply({DeleteDocument{"state_machine", "a"}});
    EXPECT_FALSE(store->get_document("state_machine", "a"));
    store->apply({DeleteDocument{"state_machine", "a"}});  // deleting nothing is fine
}

TEST_P(RoundTrip, UpdateKeepsTheFirstCreatedMs) {
    store->apply({PutDocument{{"tags", "a", "1", 100}}});
    store->apply({PutDocument{{"tags", "a", "2", 999}}});
    auto document = store->get_document("tags", "a");
    ASSERT_TRUE(document);
    EXPECT_EQ(document->body, "2");
    EXPECT_EQ(document->created_ms, 100);
}

TEST_P(RoundTrip, ListDocumentsInCreationOrderWithPrefixAndPages) {
    // Creation order differs from id order; two share a created_ms.
    store->apply({PutDocument{{"sm", "arn:b", "{}", 30}}, PutDocument{{"sm", "arn:a", "{}", 10}},
                  PutDocument{{"sm", "arn:d", "{}", 20}}, PutDocument{{"sm", "arn:c", "{}", 20}},
                  PutDocument{{"sm", "other:e", "{}", 15}}, PutDocument{{"alias", "arn:z", "{}", 1}}});
    EXPECT_EQ(ids(store->list_documents("sm")),
              (std::vector<std::string>{"arn:a", "other:e", "arn:c", "arn:d", "arn:b"}));
    EXPECT_EQ(ids(store->list_documents("sm", "arn:")),
              (std::vector<std::string>{"arn:a", "arn:c", "arn:d", "arn:b"}));
    EXPECT_EQ(ids(store->list_documents("sm", "arn:", "", 2)), (std::vector<std::string>{"arn:a", "arn:c"}));
    EXPECT_EQ(ids(store->list_documents("sm", "arn:", "arn:c", 2)), (std::vector<std::string>{"arn:d", "arn:b"}));
    EXPECT_EQ(ids(store->list_documents("sm", "arn:", "arn:b", 2)), std::vector<std::string>{});
    EXPECT_EQ(ids(store->list_documents("sm", "", "arn:a", 1)), std::vector<std::string>{"other:e"});
    EXPECT_EQ(ids(store->list_documents("sm", "", "", 0)), std::vector<std::string>{});
    EXPECT_EQ(ids(store->list_documents("nothing")), std::vector<std::string>{});

    // A page continues after its last document even when that one is gone.
    store->apply({DeleteDocument{"sm", "arn:c"}});
    EXPECT_EQ(ids(store->list_documents_after("sm", "arn:", 20, "arn:c", 10)),
              (std::vector<std::string>{"arn:d", "arn:b"}));
    EXPECT_EQ(ids(store->list_documents("sm", "arn:", "arn:c")), std::vector<std::string>{});
}

TEST_P(RoundTrip, PrefixIsLiteral) {
    store->apply({PutDocument{{"k", "a%b", "{}", 1}}, PutDocument{{"k", "axb", "{}", 2}},
                  PutDocument{{"k", "a_c", "{}", 3}}});
    EXPECT_EQ(ids(store->list_documents("k", "a%")), std::vector<std::string>{"a%b"});
    EXPECT_EQ(ids(store->list_documents("k", "a_")), std::vector<std::string>{"a_c"});
}

TEST_P(RoundTrip, ExecutionRecordKeepsEveryField) {
    ExecutionRecord record = execution("e1", 1234);
    record.version_arn = record.state_machine_arn + ":3";
    record.alias_arn = record.state_machine_arn + ":prod";
    record.status = "FAILED";
    record.output = std::nullopt;
    record.error = "States.TaskFailed";
    record.cause = "boom";
    record.stop_ms = 5678;
    record.redrive_count = 2;
    record.redrive_ms = 4000;
    record.config = R"({"engine":{}})";
    record.map_run_arn = "arn:aws:states:us-east-1:123456789012:mapRun:m/Fan:1";
    record.item_count = 7;
    store->apply({step(record)});

    auto read = store->get_execution(record.arn);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->arn, record.arn);
    EXPECT_EQ(read->state_machine_arn, record.state_machine_arn);
    EXPECT_EQ(read->version_arn, record.version_arn);
    EXPECT_EQ(read->alias_arn, record.alias_arn);
    EXPECT_EQ(read->name, "e1");
    EXPECT_EQ(read->status, "FAILED");
    EXPECT_EQ(read->input, record.input);
    EXPECT_FALSE(read->output);
    EXPECT_EQ(read->error, "States.TaskFailed");
    EXPECT_EQ(read->cause, "boom");
    EXPECT_EQ(read->start_ms, 1234);
    EXPECT_EQ(read->stop_ms, 5678);
    EXPECT_EQ(read->redrive_count, 2);
    EXPECT_EQ(read->redrive_ms, 4000);
    EXPECT_EQ(read->config, record.config);
    EXPECT_EQ(read->map_run_arn, record.map_run_arn);
    EXPECT_EQ(read->item_count, 7);
    EXPECT_FALSE(store->get_execution("arn:nope"));

    record.status = "SUCCEEDED";
    record.output = R"({"ok":true})";
    record.error = std::nullopt;
    record.cause = std::nullopt;
    record.redrive_ms = std::nullopt;
    store->apply({step(record)});
    read = store->get_execution(record.arn);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->status, "SUCCEEDED");
    EXPECT_EQ(read->output, R"({"ok":true})");
    EXPECT_FALSE(read->error);
    EXPECT_FALSE(read->cause);
    EXPECT_FALSE(read->redrive_ms);

    ExecutionRecord plain = execution("e2", 1);
    store->apply({step(plain)});
    EXPECT_EQ(store->get_execution(plain.arn)->map_run_arn, "");
    EXPECT_EQ(store->get_execution(plain.arn)->item_count, 0);
}

TEST_P(RoundTrip, JournalAppendsAndReadsBack) {
    ExecutionRecord record = execution("e1", 1);
    store->apply({step(record, 0, 2)});
    store->apply({step(record, 2, 1)});
    EXPECT_EQ(store->journal(record.arn),
              (std::vector<std::string>{R"({"seq":0})", R"({"seq":1})", R"({"seq":2})"}));
    EXPECT_TRUE(store->journal("arn:other").empty());
}

TEST_P(RoundTrip, ReappendingAStepDoesNotDuplicate) {
    ExecutionRecord record = execution("e1", 1);
    auto first = step(record, 0, 2);
    store->apply({first});
    store->apply({first});  // resumed after a crash: the same step again
    auto again = step(record, 1, 2);  // overlapping the end
    again.journal[0] = "replaced";
    store->apply({again});
    EXPECT_EQ(store->journal(record.arn), (std::vector<std::string>{R"({"seq":0})", "replaced", R"({"seq":2})"}));
}

TEST_P(RoundTrip, SeveralStepsOfOneExecutionInOneBatch) {
    ExecutionRecord a = execution("a", 1), b = execution("b", 2);
    store->apply({step(a, 0, 1)});
    auto a_second = a, a_third = a, b_final = b;
    a_second.status = "RUNNING";
    a_second.config = "second";
    a_third.status = "SUCCEEDED";
    a_third.output = "{}";
    a_third.config = "third";
    b_final.config = "b-final";
    store->apply({step(a_second, 1, 1), step(b, 0, 1), step(a, 2, 1), step(b_final, 1, 2), step(a_third, 3, 2)});
    auto read_a = store->get_execution(a.arn);
    ASSERT_TRUE(read_a);
    EXPECT_EQ(read_a->status, "SUCCEEDED");
    EXPECT_EQ(read_a->config, "third");
    EXPECT_EQ(read_a->output, "{}");
    EXPECT_EQ(store->journal(a.arn).size(), 5u);
    EXPECT_EQ(store->get_execution(b.arn)->config, "b-final");
    EXPECT_EQ(store->journal(b.arn).size(), 3u);
}

TEST_P(RoundTrip, RunningExecutionsInStartOrder) {
    store->apply({step(execution("late", 30)), step(execution("early", 10)),
                  step(execution("done", 20, "arn:aws:states:r:1:stateMachine:m", "SUCCEEDED"))});
    EXPECT_EQ(names(store->running_executions()), (std::vector<std::string>{"early", "late"}));
}

TEST_P(RoundTrip, EmptyBatchIsNothing) {
    ExecutionRecord a = execution("a", 1);
    store->apply({step(a, 0, 1)});
    size_t journal = store->journal(a.arn).size();
    EXPECT_NO_THROW(store->apply({}));
    EXPECT_EQ(store->journal(a.arn).size(), journal);
    EXPECT_EQ(names(store->running_executions()), std::vector<std::string>{"a"});
}

TEST_P(RoundTrip, AStepAfterOneThatWasNeverStoredIsRefused) {
    // A step whose write failed (a full disk) leaves its successors nothing to
    // follow: appending after the hole would make a journal that cannot be replayed.
    ExecutionRecord record = execution("gap", 1);
    store->apply({step(record, 0, 1)});
    EXPECT_THROW(store->apply({step(record, 2, 1)}), StoreError);
    EXPECT_EQ(store->journal(record.arn).size(), 1u);
    store->apply({step(record, 1, 1)});  // the missing step, then the one after it
    store->apply({step(record, 2, 1)});
    EXPECT_EQ(store->journal(record.arn).size(), 3u);
    ExecutionRecord fresh = execution("never-started", 1);
    EXPECT_THROW(store->apply({step(fresh, 1, 1)}), StoreError);
    EXPECT_FALSE(store->get_execution(fresh.arn));
}
