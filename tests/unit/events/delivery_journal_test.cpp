// DeliveryJournal: the store shape of pending deliveries (one document kind per
// target lane, ids in acceptance order, a registry of lanes for recovery).
#include <gtest/gtest.h>

#include "events/bus/delivery_journal.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

Delivery delivery(const std::string& target_id, int n) {
    Delivery d;
    d.request.target_arn = "arn:aws:lambda:us-east-1:123456789012:function:" + target_id;
    d.request.target_id = target_id;
    d.request.rule_arn = "arn:aws:events:us-east-1:123456789012:rule/r";
    d.request.event = json::parse(R"({"id":"e)" + std::to_string(n) + R"(","detail":{}})");
    d.request.input = "{\"n\":" + std::to_string(n) + "}";
    d.request.bus_hops = 1;
    d.retry_policy = {3, 120};
    d.dead_letter_arn = "arn:aws:sqs:us-east-1:123456789012:dlq";
    d.ingestion_ms = 1000 + n;
    return d;
}

TEST(DeliveryJournal, StoresPagesAndRemovesByLane) {
    auto store = store::open_sqlite(":memory:");
    DeliveryJournal journal(*store);
    std::vector<Delivery> batch{delivery("a", 1), delivery("b", 2), delivery("a", 3)};
    store->apply(journal.writes_for(batch));
    EXPECT_LT(batch[0].id, batch[2].id);  // ids grow in acceptance order

    auto page = journal.page(batch[0].lane(), 10);
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0].id, batch[0].id);
    EXPECT_EQ(page[1].request.input, "{\"n\":3}");
    EXPECT_EQ(page[0].request.bus_hops, 1);
    EXPECT_EQ(page[0].retry_policy.maximum_retry_attempts, 3);
    EXPECT_EQ(page[0].retry_policy.maximum_event_age_seconds, 120);
    EXPECT_EQ(page[0].dead_letter_arn, "arn:aws:sqs:us-east-1:123456789012:dlq");
    EXPECT_EQ(page[0].ingestion_ms, 1001);
    EXPECT_EQ(journal.lanes_with_deliveries().size(), 2u);

    journal.remove({{batch[0].lane(), batch[0].id}, {batch[2].lane(), batch[2].id}});
    EXPECT_TRUE(journal.page(batch[0].lane(), 10).empty());
    EXPECT_EQ(journal.lanes_with_deliveries(), std::vector<std::string>{batch[1].lane()});
}

TEST(DeliveryJournal, KeepsThePutIdOfThisRunOnly) {
    auto store = store::open_sqlite(":memory:");
    std::vector<Delivery> batch{delivery("a", 1)};
    batch[0].put_id = 42;
    {
        DeliveryJournal journal(*store);
        store->apply(journal.writes_for(batch));
        // Paged back in (a lane that spilled to the store): its outcome is still told against put 42.
        EXPECT_EQ(journal.page(batch[0].lane(), 10).at(0).put_id, 42u);
    }
    // After a restart the bus observer's ids start again: an earlier run's names nothing.
    DeliveryJournal restarted(*store);
    EXPECT_EQ(restarted.page(batch[0].lane(), 10).at(0).put_id, 0u);
}

TEST(DeliveryJournal, AnUnreadableDeliveryIsDroppedLoudlyNotLeftToBlockTheLane) {
    auto store = store::open_sqlite(":memory:");
    DeliveryJournal journal(*store);
    std::string lane = delivery("a", 1).lane();
    store->apply({store::PutDocument{{DeliveryJournal::kind_of(lane), "00000000000000000001-x", "[]", 0}}});
    size_t read = 0;
    EXPECT_TRUE(journal.page(lane, 10, &read).empty());
    EXPECT_EQ(read, 1u);
    EXPECT_TRUE(store->list_documents(DeliveryJournal::kind_of(lane)).empty());
}

}  // namespace
}  // namespace stepwise::events
