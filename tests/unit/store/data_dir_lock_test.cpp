// One server per data directory.
#include <gtest/gtest.h>

#include <unistd.h>

#include "store/data_dir_lock.h"
#include "store_test_util.h"

using namespace stepwise::store;
using namespace stepwise::store::testing;

TEST(DataDirLock, ASecondHolderIsRefusedWithTheDirectoryAndThePid) {
    TempDir dir;
    const std::string data_dir = dir.file("data");
    std::filesystem::create_directories(data_dir);
    {
        DataDirLock first(data_dir);
        try {
            DataDirLock second(data_dir);
            FAIL() << "a second lock was granted";
        } catch (const StoreError& e) {
            std::string message = e.what();
            EXPECT_NE(message.find(data_dir), std::string::npos) << message;
            EXPECT_NE(message.find("pid " + std::to_string(getpid())), std::string::npos) << message;
        }
    }
    DataDirLock after_release(data_dir);  // the first one's end releases it
    EXPECT_EQ(after_release.path(), data_dir + "/stepwise.lock");
}

TEST(DataDirLock, AMissingDirectoryIsAClearError) {
    TempDir dir;
    EXPECT_THROW(DataDirLock(dir.file("no/such/dir")), StoreError);
}
