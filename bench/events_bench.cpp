// Event-pattern matching throughput: events matched per second against 1,000
// rules of mixed operators, through the RuleIndex, and (for comparison)
// by trying each rule's pattern in turn.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "events/pattern/rule_index.h"
#include "json/parse.h"

using namespace stepwise;

namespace {

std::string rule_text(int i, std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    std::string source = "\"com.example.service" + std::to_string(i % 40) + "\"";
    std::string detail;
    switch (i % 10) {
        case 0: detail = R"("state":["running","pending"])"; break;
        case 1: detail = R"("state":[{"anything-but":["stopped","terminated"]}])"; break;
        case 2: detail = R"("amount":[{"numeric":[">",)" + std::to_string(pick(500)) + R"(,"<=",1000]}])"; break;
        case 3: detail = R"("region":[{"prefix":"us-"}],"user":{"name":[{"exists":true}]})"; break;
        case 4: detail = R"("file":[{"suffix":".png"}])"; break;
        case 5: detail = R"("ip":[{"cidr":"10.)" + std::to_string(pick(4)) + R"(.0.0/16"}])"; break;
        case 6: detail = R"("arn":[{"wildcard":"arn:aws:s3:::bucket-)" + std::to_string(pick(10)) + R"(/*"}])"; break;
        case 7: detail = R"("user":{"name":[{"equals-ignore-case":"USER)" + std::to_string(pick(100)) + R"("}]})"; break;
        case 8: detail = R"("$or":[{"state":["running"]},{"amount":[{"numeric":["<",10]}]}])"; break;
        default: detail = R"("coupon":[{"exists":false}],"state":["pending"])"; break;
    }
    return R"({"source":[)" + source + R"(],"detail-type":["Order )" + std::to_string(i % 3) + R"("],"detail":{)" +
           detail + "}}";
}

std::string event_text(int i, std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const char* states[] = {"running", "pending", "stopped", "terminated"};
    const char* regions[] = {"us-east-1", "eu-west-1", "us-west-2"};
    return R"({"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Order )" +
           std::to_string(pick(3)) + R"(","source":"com.example.service)" + std::to_string(pick(40)) +
           R"(","account":"111122223333","time":"2017-12-22T18:43:48Z","region":")" + regions[pick(3)] +
           R"(","resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],"detail":{"state":")" +
           states[pick(4)] + R"(","amount":)" + std::to_string(pick(1200)) + R"(.5,"region":")" + regions[pick(3)] +
           R"(","file":"image)" + std::to_string(i) + (pick(2) ? ".png" : ".jpg") + R"(","ip":"10.)" +
           std::to_string(pick(6)) + ".1." + std::to_string(pick(250)) + R"(","arn":"arn:aws:s3:::bucket-)" +
           std::to_string(pick(12)) + R"(/key","user":{"name":"User)" + std::to_string(pick(120)) +
           R"(","tier":"gold"},"items":[{"sku":"a","qty":1},{"sku":"b","qty":2}]}})";
}

struct Workload {
    std::vector<std::pair<std::string, events::Pattern>> rules;
    std::vector<json::Value> events;
    events::RuleIndex index;

    Workload() {
        std::mt19937 rng(7);
        for (int i = 0; i < 1000; ++i) {
            auto pattern = events::Pattern::compile(std::string_view(rule_text(i, rng)));
            rules.emplace_back("rule-" + std::to_string(i), pattern);
            index.add(rules.back().first, pattern);
        }
        for (int i = 0; i < 1024; ++i) events.push_back(json::parse(event_text(i, rng)));
    }
};

Workload& workload() {
    static Workload w;
    return w;
}

void BM_RuleIndex_1000Rules(benchmark::State& state) {
    Workload& w = workload();
    events::MatchScratch scratch;
    std::vector<std::string> matched;
    size_t i = 0, total = 0;
    for (auto _ : state) {
        w.index.match(w.events[i++ & 1023], scratch, matched);
        total += matched.size();
        benchmark::DoNotOptimize(matched.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.counters["matches/event"] = static_cast<double>(total) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RuleIndex_1000Rules);

void BM_EachRuleInTurn_1000Rules(benchmark::State& state) {
    Workload& w = workload();
    size_t i = 0;
    for (auto _ : state) {
        const json::Value& event = w.events[i++ & 1023];
        size_t count = 0;
        for (const auto& [id, pattern] : w.rules) count += events::matches(pattern, event);
        benchmark::DoNotOptimize(count);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EachRuleInTurn_1000Rules);

void BM_Compile(benchmark::State& state) {
    std::mt19937 rng(7);
    std::vector<std::string> texts;
    for (int i = 0; i < 100; ++i) texts.push_back(rule_text(i, rng));
    size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(events::Pattern::compile(std::string_view(texts[i++ % 100])));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Compile);

}  // namespace

BENCHMARK_MAIN();
