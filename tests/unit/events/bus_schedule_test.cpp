// Schedule expressions: rate() and AWS's six-field cron(), next firing times
// in UTC, and the expressions AWS rejects.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
#include <gtest/gtest.h>

#include <vector>

#include "events/bus/event.h"
#include "events/bus/schedule_expression.h"
#include "events/bus/schedule_runner.h"

namespace stepwise::events {
namespace {

int64_t at(const char* iso) { return *parse_iso8601(iso); }

std::string next(const char* expression, const char* after) {
    auto ms = ScheduleExpression::parse(expression).next_after(at(after));
    return ms ? iso8601_seconds(*ms) : "never";
}

TEST(ScheduleExpression, Rates) {
    EXPECT_EQ(ScheduleExpression::parse("rate(1 minute)").rate_ms(), 60'000);
    EXPECT_EQ(ScheduleExpression::parse("rate(5 minutes)").rate_ms(), 300'000);
    EXPECT_EQ(ScheduleExpression::parse("rate(1 hour)").rate_ms(), 3'600'000);
    EXPECT_EQ(ScheduleExpression::parse("rate(2 days)").rate_ms(), 172'800'000);
    // Periods count from the rule's creation.
    auto rate = ScheduleExpression::parse("rate(5 minutes)");
    int64_t created = at("2026-01-01T00:00:30Z");
    EXPECT_EQ(iso8601_seconds(*rate.next_after(created, created)), "2026-01-01T00:05:30Z");
    EXPECT_EQ(iso8601_seconds(*rate.next_after(at("2026-01-01T00:05:30Z"), created)), "2026-01-01T00:10:30Z");
}

TEST(ScheduleExpression, RejectsWhatAwsRejects) {
    for (const char* bad : {"rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(-1 hours)", "rate(5)",
                            "rate(5 seconds)", "rate(1.5 hours)", "cron(0 12 * * * *)", "cron(0 12 ? * ? *)",
                            "cron(0 12 * *)", "cron(60 12 * * ? *)", "cron(0 24 * * ? *)", "cron(0 0 32 * ? *)",
                            "cron(0 0 ? * 8 *)", "cron(0 0 ? FOO * *)", "cron(0 0 1 * ? 2200)", "every 5 minutes",
                            "", "cron(0 0 ? * 2#6 *)", "cron(5-1 * * * ? *)"}) {
        try {
            ScheduleExpression::parse(bad);
            ADD_FAILURE() << bad << " was accepted";
        } catch (const ScheduleError& e) {
            EXPECT_STREQ(e.what(), "Parameter ScheduleExpression is not valid.");
        }
    }
}

TEST(ScheduleExpression, CronBasics) {
    // Every day at noon.
    EXPECT_EQ(next("cron(0 12 * * ? *)", "2026-03-10T11:59:59Z"), "2026-03-10T12:00:00Z");
    EXPECT_EQ(next("cron(0 12 * * ? *)", "2026-03-10T12:00:00Z"), "2026-03-11T12:00:00Z");
    // 10:15 every day; every 10 minutes on weekdays.
    EXPECT_EQ(next("cron(15 10 * * ? *)", "2026-03-10T10:16:00Z"), "2026-03-11T10:15:00Z");
    EXPECT_EQ(next("cron(0/10 * ? * MON-FRI *)", "2026-03-13T23:55:00Z"), "2026-03-16T00:00:00Z");  // Fri -> Mon
    // 18:00 Monday to Friday (AWS's example), every 5 minutes between 8:00 and 17:55.
    EXPECT_EQ(next("cron(0 18 ? * MON-FRI *)", "2026-03-14T00:00:00Z"), "2026-03-16T18:00:00Z");
    EXPECT_EQ(next("cron(0/5 8-17 ? * MON-FRI *)", "2026-03-16T17:55:00Z"), "2026-03-17T08:00:00Z");
    // 9:00 on the first day of each month; lists and month names.
    EXPECT_EQ(next("cron(0 9 1 * ? *)", "2026-03-01T09:00:00Z"), "2026-04-01T09:00:00Z");
    EXPECT_EQ(next("cron(30 6 1 JAN,JUL ? *)", "2026-03-01T00:00:00Z"), "2026-07-01T06:30:00Z");
    // Years.
    EXPECT_EQ(next("cron(0 0 1 1 ? 2028)", "2026-03-01T00:00:00Z"), "2028-01-01T00:00:00Z");
    EXPECT_EQ(next("cron(0 0 1 1 ? 2020-2025)", "2026-03-01T00:00:00Z"), "never");
    // 29 February.
    EXPECT_EQ(next("cron(0 0 29 2 ? *)", "2026-03-01T00:00:00Z"), "2028-02-29T00:00:00Z");
}

TEST(ScheduleExpression, CronLastWeekdayAndNth) {
    // L: the last day of the month (and L-2 two days before it).
    EXPECT_EQ(next("cron(0 0 L * ? *)", "2026-02-01T00:00:00Z"), "2026-02-28T00:00:00Z");
    EXPECT_EQ(next("cron(0 0 L * ? *)", "2028-02-01T00:00:00Z"), "2028-02-29T00:00:00Z");
    EXPECT_EQ(next("cron(0 0 L-2 * ? *)", "2026-04-01T00:00:00Z"), "2026-04-28T00:00:00Z");
    // W: the weekday nearest the 15th; 2026-08-15 is a Saturday -> Friday the 14th.
    EXPECT_EQ(next("cron(0 0 15W * ? *)", "2026-08-01T00:00:00Z"), "2026-08-14T00:00:00Z");
    // 2026-11-15 is a Sunday -> Monday the 16th; 1W on a Saturday moves to Monday the 3rd.
    EXPECT_EQ(next("cron(0 0 15W * ? *)", "2026-11-01T00:00:00Z"), "2026-11-16T00:00:00Z");
    EXPECT_EQ(next("cron(0 0 1W * ? *)", "2026-07-31T00:00:00Z"), "2026-08-03T00:00:00Z");
    // LW: the last weekday; 2026-05-31 is a Sunday -> Friday the 29th.
    EXPECT_EQ(next("cron(0 0 LW * ? *)", "2026-05-01T00:00:00Z"), "2026-05-29T00:00:00Z");
    // #: the second Tuesday (3#2), the first Monday in names (MON#1).
    EXPECT_EQ(next("cron(0 0 ? * 3#2 *)", "2026-03-01T00:00:00Z"), "2026-03-10T00:00:00Z");
    EXPECT_EQ(next("cron(0 0 ? * MON#1 *)", "2026-03-03T00:00:00Z"), "2026-04-06T00:00:00Z");
    // 6L: the last Friday of the month.
    EXPECT_EQ(next("cron(0 0 ? * 6L *)", "2026-03-01T00:00:00Z"), "2026-03-27T00:00:00Z");
}

TEST(ScheduleRunner, FiresInOrderOnAVirtualClock) {
    int64_t now = at("2026-01-01T00:00:00Z");
    std::vector<std::pair<std::string, std::string>> fired;
    ScheduleRunner runner([&] { return now; },
                          [&](const std::string& key, int64_t ms) { fired.emplace_back(key, iso8601_seconds(ms)); });
    runner.set("every-20m", ScheduleExpression::parse("rate(20 minutes)"), now);
    runner.set("half-past", ScheduleExpression::parse("cron(30 * * * ? *)"), now);
    EXPECT_EQ(iso8601_seconds(*runner.next_due()), "2026-01-01T00:20:00Z");
    now = at("2026-01-01T01:00:00Z");
    runner.advance_to(now);
    EXPECT_EQ(fired, (std::vector<std::pair<std::string, std::string>>{{"every-20m", "2026-01-01T00:20:00Z"},
                                                                        {"half-past", "2026-01-01T00:30:00Z"},
                                                                        {"every-20m", "2026-01-01T00:40:00Z"},
                                                                        {"every-20m", "2026-01-01T01:00:00Z"}}));
    runner.remove("every-20m");
    fired.clear();
    runner.advance_to(at("2026-01-01T02:00:00Z"));
    EXPECT_EQ(fired.size(), 1u);  // 01:30; the rate is gone
}

TEST(ScheduleRunner, CountsFiringsUpToALimitWithoutFiring) {
    // The clock endpoint asks first, so a century of per-minute firings is
    // refused instead of run (52 million deliveries, gigabytes of memory).
    int64_t now = at("2026-01-01T00:00:00Z");
    size_t fired = 0;
    ScheduleRunner runner([&] { return now; }, [&](const std::string&, int64_t) { ++fired; });
    runner.set("every-minute", ScheduleExpression::parse("rate(1 minute)"), now);
    runner.set("hourly", ScheduleExpression::parse("cron(0 * * * ? *)"), now);
    EXPECT_EQ(runner.firings_until(at("2026-01-01T01:00:00Z"), 1000), 61u);  // 60 minutes and one hour
    EXPECT_EQ(runner.firings_until(at("2126-01-01T00:00:00Z"), 10'001), 10'001u);
    EXPECT_EQ(fired, 0u);
}

}  // namespace
}  // namespace stepwise::events
