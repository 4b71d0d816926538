// Which mock config a run uses, and as which state machine and test case:
// shared by `stepwise run` and `stepwise run --ui`.
#pragma once

#include <memory>
#include <string>

#include "cli/run_world.h"
#include "tasks/mock_config.h"

namespace stepwise::cli {

struct MockChoice {
    std::shared_ptr<const tasks::MockConfig> mocks;  // nullptr without --mocks
    std::string machine;    // the mock config's state machine whose test case the run uses; "" = unmocked
    std::string test_case;  // "" = unmocked (the file may still serve children's #TestCase ARNs)
};

// Loads `mocks_file` ("" = none) and picks the state machine: --state-machine-name
// (`name_flag`), else the file's only one (unless the definition starts
// executions), else the world's. With a test case, names the world's machine
// after it when no name was given. Throws std::runtime_error with the message
// for the user: --mocks without --test-case when the machine has cases, an
// unknown test case, --test-case without --mocks.
MockChoice choose_mocks(const std::string& mocks_file, const std::string& test_case, const std::string& name_flag,
                        RunWorld& world);

// Prints the test case's problems against the machine (stepwise run: FILE: ...);
// false when one is an error.
bool mocks_fit(const MockChoice& choice, const RunWorld& world, const std::string& mocks_file);

}  // namespace stepwise::cli
