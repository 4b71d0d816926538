// The Task results a Step Functions Local mock config (MockConfigFile.json)
// returns, as the data rules take them (lint::ExampleData::task_results).
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
#pragma once

#include <map>
#include <string>
#include <vector>

#include "json/value.h"
#include "tasks/mock_config.h"

namespace stepwise::lint {

// Every result the mocks of `state_machine`'s test cases return (all of them,
// or only `test_case`), by Task state, each once; a state whose mocks only
// throw returns nothing (its Catchers are taken), and a state some test case
// leaves unmocked is left out (a real service answers: unknown). Throws
// tasks::MockConfigError for an unknown state machine or test case.
std::map<std::string, std::vector<json::Value>> mocked_task_results(const tasks::MockConfig& mocks,
                                                                    const std::string& state_machine,
                                                                    const std::string& test_case = "");

}  // namespace stepwise::lint
