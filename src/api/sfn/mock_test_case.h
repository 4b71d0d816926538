// A mock test case named by a start (`ARN#TestCase`, or the page's `testCase`)
// must be one the server's mock config has for that state machine; without a
// mock config the execution would silently run unmocked, so that is refused
// too. Both are the client's mistake: SfnError ValidationException (a 400),
// worded without the config file's local path.
#pragma once

#include <string>

#include "runtime/execution_host.h"

namespace stepwise::api::sfn {

void check_mock_test_case(const runtime::ExecutionHost& host, const std::string& state_machine_name,
                          const std::string& test_case);

}  // namespace stepwise::api::sfn
