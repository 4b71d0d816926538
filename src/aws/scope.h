// The account and region that resources live in: what every ARN stepwise
// hands out is built from (aws/arn.h). Every command (`serve`, `run`, `test`)
// starts from these defaults, AWS Step Functions Local's, and takes --account
// and --region to change them; the scope is then passed down whole.
#pragma once

#include <string>

namespace stepwise::aws {

struct Scope {
    std::string account = "123456789012";
    std::string region = "us-east-1";
};

}  // namespace stepwise::aws
