// The account and region that resources live in: what every ARN stepwise
// hands out is built from (aws/arn.h). `stepwise serve` chooses one scope
// (--account, --region) and passes it down whole; `stepwise run` uses its own.
#pragma once

#include <string>

namespace stepwise::aws {

struct Scope {
    std::string account = "123456789012";
    std::string region = "us-east-1";
};

// `stepwise run`'s executions (no server, no client to name an account).
inline Scope run_scope() { return Scope{"111111111111", "us-east-1"}; }

}  // namespace stepwise::aws
