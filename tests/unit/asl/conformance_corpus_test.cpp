// Every definition of the shared ASL conformance corpus compiles: the corpus
// README says its definitions were all accepted by AWS.
#include <filesystem>

#include "asl_test_util.h"

using namespace stepwise;
using namespace stepwise::asl;
using namespace stepwise::asl::testing;

TEST(AslConformanceCorpus, EveryDefinitionCompiles) {
    std::filesystem::path dir = std::filesystem::path(STEPWISE_SHARED_DIR) / "conformance/asl";
    size_t count = 0, failed = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        json::Value c = json::parse_file(entry.path().string());
        const json::Value* definition = c.find("definition");
        if (!definition) continue;
        ++count;
        CompileResult result = compile(*definition);
        if (!result.ok()) {
            ++failed;
            ADD_FAILURE() << entry.path().string() << "\n" << describe(result);
        }
    }
    EXPECT_GE(count, 700u);
    EXPECT_EQ(failed, 0u);
}
