// What an EXPRESS state machine may not hold. Express Workflows support only
// the Request Response integration pattern: no Run a Job (.sync, .sync:2), no
// Wait for Callback (.waitForTaskToken), and no activities.
// https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html
// https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
//
//   for (const asl::Diagnostic& d : asl::express_problems(*machine)) ...  // one per Task, at its Resource
#pragma once

#include <vector>

#include "asl/compile.h"
#include "asl/machine.h"

namespace stepwise::asl {

// One SCHEMA_VALIDATION_FAILED diagnostic per Task (nested ones included) that an
// EXPRESS machine cannot run, at /States/.../Resource, in pointer order.
std::vector<Diagnostic> express_problems(const Machine& machine);

}  // namespace stepwise::asl
