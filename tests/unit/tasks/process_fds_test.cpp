// A task process keeps only its pipes: no socket or file of the server leaks
// into it, even one opened without O_CLOEXEC (before: a local Lambda worker
// inherited the server's listening socket, so a restart after `kill -9`
// failed with "Address already in use" while the worker lived).
#include "tasks/process.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace stepwise::tasks {
namespace {

// What the running child's descriptors point at (read from /proc/<child>/fd),
// one "fd -> target" per line.
std::string child_descriptors(bool protocol_pipe) {
    SpawnOptions options;
    options.argv = {"sleep", "60"};
    options.protocol_pipe = protocol_pipe;
    Process child = Process::spawn(options);  // returns once the child has exec'd
    std::string listing;
    std::string dir = "/proc/" + std::to_string(child.pid()) + "/fd";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::error_code ignored;
        listing += entry.path().filename().string() + " -> " +
                   std::filesystem::read_symlink(entry.path(), ignored).string() + "\n";
    }
    child.kill_group();
    return listing;
}

TEST(ProcessDescriptors, ChildInheritsNoSocketOrFileOfTheParent) {
    // Opened the way a library without O_CLOEXEC would.
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(listener, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(listener, 1), 0);
    char path[] = "/tmp/stepwise-fd-test-XXXXXX";
    int file = ::mkstemp(path);
    ASSERT_GE(file, 0);
    ::fcntl(file, F_SETFD, 0);

    for (bool protocol_pipe : {false, true}) {
        std::string listing = child_descriptors(protocol_pipe);
        EXPECT_NE(listing.find("0 -> pipe:"), std::string::npos) << listing;
        EXPECT_NE(listing.find("1 -> pipe:"), std::string::npos) << listing;
        EXPECT_EQ(listing.find("socket:"), std::string::npos) << listing;
        EXPECT_EQ(listing.find(path), std::string::npos) << listing;
        EXPECT_EQ(listing.find("3 -> pipe:") != std::string::npos, protocol_pipe) << listing;
    }
    ::close(listener);
    ::close(file);
    ::unlink(path);
}

}  // namespace
}  // namespace stepwise::tasks
