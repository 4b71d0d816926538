// The public API of the JSONata engine: compile once, evaluate many times,
// bindings, host functions, errors, guards.
#include <gtest/gtest.h>

#include <thread>

#include "jsonata/expression.h"
#include "json/parse.h"
#include "json/write.h"

using namespace stepwise;
using jsonata::Expression;

namespace {
std::string eval(const std::string& expr, const std::string& input = "null", const jsonata::Bindings& b = {}) {
    json::Value in = json::parse(input);
    auto r = Expression::compile(expr).evaluate(&in, b);
    return r ? json::dump(*r) : "undefined";
}
}  // namespace

TEST(JsonataApi, PathsAndUndefined) {
    EXPECT_EQ(eval("a.b", R"({"a":{"b":[1,2]}})"), "[1,2]");
    EXPECT_EQ(eval("a.c", R"({"a":{"b":1}})"), "undefined");
    EXPECT_EQ(eval("$sum(a.b)", R"({"a":[{"b":1},{"b":2}]})"), "3");
}

TEST(JsonataApi, NoInputIsUndefined) {
    auto e = Expression::compile("$");
    EXPECT_FALSE(e.evaluate(nullptr).has_value());
    json::Value null_input;
    EXPECT_EQ(json::dump(*e.evaluate(&null_input)), "null");
}

TEST(JsonataApi, BindingsAndHostFunctions) {
    jsonata::Bindings b;
    b.set("x", json::Value(20));
    b.function("twice", "<n:n>", [](const std::vector<std::optional<json::Value>>& args, jsonata::Host*) -> std::optional<json::Value> {
        return json::Value(args[0]->as_double() * 2);
    });
    EXPECT_EQ(eval("$twice($x) + 2", "null", b), "42");
    EXPECT_THROW(eval("$twice('a')", "null", b), jsonata::Error);
}

// Host functions reach the host's data through the evaluation, not through globals:
// two evaluations of one compiled expression with two hosts see each their own.
TEST(JsonataApi, HostFunctionsReceiveTheEvaluationsHost) {
    struct Counter final : jsonata::Host {
        int calls = 0;
    };
    jsonata::Bindings b;
    b.function("tick", "<:n>", [](const std::vector<std::optional<json::Value>>&, jsonata::Host* host) -> std::optional<json::Value> {
        auto* counter = dynamic_cast<Counter*>(host);
        if (!counter) throw jsonata::Error("T0410", "no counter");
        return json::Value(++counter->calls);
    });
    auto e = Expression::compile("[$tick(), $tick()]");
    Counter first, second;
    second.calls = 10;
    jsonata::EvalOptions options;
    options.host = &first;
    EXPECT_EQ(json::dump(*e.evaluate(nullptr, b, options)), "[1,2]");
    options.host = &second;
    EXPECT_EQ(json::dump(*e.evaluate(nullptr, b, options)), "[11,12]");
    EXPECT_EQ(first.calls, 2);
    EXPECT_THROW(e.evaluate(nullptr, b), jsonata::Error);  // no host given
}

TEST(JsonataApi, CompileErrorsCarryCodes) {
    try {
        Expression::compile("[1,2");
        FAIL();
    } catch (const jsonata::Error& e) {
        EXPECT_EQ(e.code(), "S0203");
    }
}

TEST(JsonataApi, FunctionsInResultsBecomeEmptyStrings) {
    EXPECT_EQ(eval("{'f': function($x){$x}}"), R"({"f":""})");
}

TEST(JsonataApi, NowIsTheCallersClock) {
    jsonata::EvalOptions o;
    o.now_ms = 1000;
    auto r = Expression::compile("$millis()").evaluate(nullptr, {}, o);
    EXPECT_EQ(json::dump(*r), "1000");
    EXPECT_EQ(json::dump(*Expression::compile("$now()").evaluate(nullptr, {}, o)), "\"1970-01-01T00:00:01.000Z\"");
}

TEST(JsonataApi, RunawayRecursionIsStopped) {
    auto e = Expression::compile("($f := function($n){$n + $f($n-1)}; $f(1))");
    try {
        e.evaluate(nullptr);
        FAIL();
    } catch (const jsonata::Error& err) {
        EXPECT_EQ(err.code(), "U1001");
    }
    jsonata::EvalOptions o;
    o.timeout_ms = 50;
    auto loop = Expression::compile("($inf := function(){$inf()}; $inf())");
    EXPECT_THROW(loop.evaluate(nullptr, {}, o), jsonata::Error);
}

TEST(JsonataApi, ConcurrentEvaluation) {
    auto e = Expression::compile("$sum([1..1000].($ * 2))");
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i)
                if (json::dump(*e.evaluate(nullptr)) == "1001000") ++ok;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 800);
}
