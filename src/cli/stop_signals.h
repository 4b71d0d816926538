// The servers' (`serve`, `run --ui`) way to wait for Ctrl-C: SIGINT and SIGTERM
// are blocked in the calling thread, so every thread started from it inherits
// the mask and the caller takes them with sigwait(&set, ...); SIGPIPE is
// ignored (a client that goes away is an error on its socket, not a signal).
#pragma once

#include <pthread.h>

#include <csignal>

namespace stepwise::cli {

inline sigset_t block_stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    return signals;
}

}  // namespace stepwise::cli
