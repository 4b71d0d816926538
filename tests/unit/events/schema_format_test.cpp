// stepwise's own `format` checks (RFC 3339) and the keyword rename that routes
// `format` to them.
#include <gtest/gtest.h>

#include "events/schema/format.h"

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

TEST(SchemaFormat, DateTime) {
    EXPECT_TRUE(is_rfc3339_date_time("2026-11-21T17:05:00Z"));
    EXPECT_TRUE(is_rfc3339_date_time("2026-11-21t17:05:00.123456z"));
    EXPECT_TRUE(is_rfc3339_date_time("2026-11-21T17:05:00+01:00"));
    EXPECT_TRUE(is_rfc3339_date_time("2024-02-29T00:00:00-08:00"));
    EXPECT_TRUE(is_rfc3339_date_time("2016-12-31T23:59:60Z"));  // leap second
    EXPECT_FALSE(is_rfc3339_date_time("2026-02-29T00:00:00Z"));  // not a leap year
    EXPECT_FALSE(is_rfc3339_date_time("1900-02-29T00:00:00Z"));
    EXPECT_FALSE(is_rfc3339_date_time("2026-04-31T00:00:00Z"));
    EXPECT_FALSE(is_rfc3339_date_time("2026-11-21T17:05:00"));  // no offset
    EXPECT_FALSE(is_rfc3339_date_time("2026-11-21 17:05:00Z"));
    EXPECT_FALSE(is_rfc3339_date_time("2026-11-21T24:00:00Z"));
    EXPECT_FALSE(is_rfc3339_date_time("2026-11-21T17:05:00.Z"));
    EXPECT_FALSE(is_rfc3339_date_time("2026-11-21T17:05:00+0100"));
    EXPECT_FALSE(is_rfc3339_date_time("2026-11-21T17:05:00Z "));
    EXPECT_FALSE(is_rfc3339_date_time(""));
}

TEST(SchemaFormat, DateAndTime) {
    EXPECT_TRUE(is_rfc3339_date("2026-11-21"));
    EXPECT_FALSE(is_rfc3339_date("2026-13-01"));
    EXPECT_FALSE(is_rfc3339_date("2026-11-21T00:00:00Z"));
    EXPECT_TRUE(is_rfc3339_time("08:30:06.283185Z"));
    EXPECT_TRUE(is_rfc3339_time("08:30:06-05:00"));
    EXPECT_FALSE(is_rfc3339_time("08:30:06"));
    EXPECT_FALSE(is_rfc3339_time("8:30:06Z"));
}

TEST(SchemaFormat, RenamesOnlyTheKeyword) {
    const auto schema = json::parse(R"({
      "properties": {
        "format": {"type": "string", "format": "date"},
        "kind": {"enum": [{"format": "kept"}], "default": {"format": "kept"}}
      },
      "items": [{"format": "date-time"}]
    })");
    EXPECT_EQ(json::dump(with_stepwise_keywords(schema)),
              R"({"properties":{"format":{"type":"string","x-stepwise-format":"date"},)"
              R"("kind":{"enum":[{"format":"kept"}],"default":{"format":"kept"}}},)"
              R"("items":[{"x-stepwise-format":"date-time"}]})");
}

TEST(SchemaFormat, AMemberNamedLikeTheRenamedKeywordStaysOne) {
    const auto schema = json::parse(R"({"x-stepwise-format": "x", "format": "date", "type": "string"})");
    EXPECT_EQ(json::dump(with_stepwise_keywords(schema)), R"({"x-stepwise-format":"date","type":"string"})");
}

}  // namespace
}  // namespace stepwise::events
