#include <gtest/gtest.h>

#include "helpers.h"

using namespace qtest;

TEST(Intrinsic, LooksLikeIntrinsic) {
    EXPECT_TRUE(stepwise::query::looks_like_intrinsic("States.Array(1)"));
    EXPECT_FALSE(stepwise::query::looks_like_intrinsic("$.States"));
}

TEST(Intrinsic, SimpleCalls) {
    EXPECT_EQ(call("States.Array(1, 'a', true, null, $.x)", R"({"x":[1]})"), R"([1,"a",true,null,[1]])");
    EXPECT_EQ(call("States.Format('{} and {}', $.a, 2)", R"({"a":"x"})"), R"("x and 2")");
}
