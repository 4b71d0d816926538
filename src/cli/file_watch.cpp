#include "cli/file_watch.h"

#include <chrono>
#include <thread>

namespace stepwise::cli {

namespace fs = std::filesystem;

namespace {
constexpr size_t kMaxFilesPerFolder = 5000;

bool skipped_folder(const fs::path& path) {
    std::string name = path.filename().string();
    return name == "node_modules" || name == ".git" || name == "outbox" || name == "__pycache__";
}
}  // namespace

FileWatch::FileWatch(std::vector<std::string> paths) : paths_(std::move(paths)), last_(snapshot()) {}

std::map<std::string, fs::file_time_type> FileWatch::snapshot() const {
    std::map<std::string, fs::file_time_type> times;
    std::error_code ec;
    for (const std::string& path : paths_) {
        if (fs::is_directory(path, ec)) {
            size_t seen = 0;
            auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
            for (; !ec && it != fs::recursive_directory_iterator() && seen < kMaxFilesPerFolder; it.increment(ec)) {
                if (it->is_directory(ec) && skipped_folder(it->path())) {
                    it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file(ec)) {
                    times[it->path().string()] = it->last_write_time(ec);
                    ++seen;
                }
            }
        } else {
            auto time = fs::last_write_time(path, ec);
            if (!ec) times[path] = time;
        }
    }
    return times;
}

std::string FileWatch::wait_for_change(int poll_ms) {
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms));
        auto now = snapshot();
        if (now == last_) continue;
        std::string changed;
        for (const auto& [path, time] : now) {
            auto before = last_.find(path);
            if (before == last_.end() || before->second != time) {
                changed = path;
                break;
            }
        }
        if (changed.empty())
            for (const auto& [path, time] : last_)
                if (!now.count(path)) {
                    changed = path;
                    break;
                }
        last_ = std::move(now);
        return changed;
    }
}

}  // namespace stepwise::cli
