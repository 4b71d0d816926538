// States.MathRandom and States.MathAdd.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-math-operation
#include <cmath>

#include "json/write.h"
#include "query/intrinsic_ast.h"
#include "query/java_random.h"

namespace stepwise::query::detail {

namespace {

// Java's Math.round(double): floor(x + 0.5).
double java_round(double x) { return std::floor(x + 0.5); }

}  // namespace

json::Value fn_math_random(const CallContext& ctx, const json::Value* args, size_t n) {
    int64_t start = args[0].as_int(), end = args[1].as_int();
    if (start < INT32_MIN || start > INT32_MAX || end < INT32_MIN || end > INT32_MAX)
        intrinsic_failure(ctx, "the start and end values must be between -2147483648 and 2147483647");
    if (end <= start) intrinsic_failure(ctx, "the end value must be greater than the start value");
    int64_t span = end - start;  // the end is exclusive
    int64_t r;
    if (n == 3) {
        JavaRandom rng(args[2].as_int());
        if (span <= INT32_MAX) {
            r = rng.next_int(int32_t(span));
        } else {
            uint64_t hi = uint32_t(rng.next(32)), lo = uint32_t(rng.next(32));
            r = int64_t(((hi << 32) | lo) % uint64_t(span));
        }
    } else {
        Random& rng = ctx.scope.random ? *ctx.scope.random : default_random();
        r = int64_t(rng.next_u64() % uint64_t(span));
    }
    return json::Value(static_cast<long long>(start + r));
}

json::Value fn_math_add(const CallContext& ctx, const json::Value* args, size_t) {
    // AWS rounds each operand to an integer first (1.5 + 1.51 = 4).
    double a = java_round(args[0].as_double()), b = java_round(args[1].as_double());
    double sum = a + b;
    if (!std::isfinite(sum) || std::fabs(sum) > 9.0e15)
        intrinsic_failure(ctx, "the sum " + json::format_double(sum) + " is out of range");
    return json::Value(static_cast<long long>(sum));
}

}  // namespace stepwise::query::detail
