#include "api/sfn/mock_test_case.h"

#include "api/sfn/error.h"

namespace stepwise::api::sfn {

void check_mock_test_case(const runtime::ExecutionHost& host, const std::string& state_machine_name,
                          const std::string& test_case) {
    const tasks::MockConfig* mocks = host.mock_config();
    if (!mocks)
        throw SfnError("ValidationException", "Mock test case '" + test_case +
                                                  "' needs a mock config: start serve with --mock-config "
                                                  "(or SFN_MOCK_CONFIG)");
    if (std::string problem = mocks->missing_test_case(state_machine_name, test_case); !problem.empty())
        throw SfnError("ValidationException", "Mock config: " + problem);
}

}  // namespace stepwise::api::sfn
