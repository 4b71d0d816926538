#include "events/bus/target_log_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace stepwise::events {

std::optional<std::string> log_group_name(const std::string& arn) {
    static const std::string kMarker = ":log-group:";
    if (arn.rfind("arn:", 0) != 0) return std::nullopt;
    size_t at = arn.find(kMarker);
    if (at == std::string::npos || arn.find(":logs:") == std::string::npos) return std::nullopt;
    std::string name = arn.substr(at + kMarker.size());
    if (name.size() >= 2 && name.compare(name.size() - 2, 2, ":*") == 0) name.resize(name.size() - 2);
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    if (name.empty() || name.find("..") != std::string::npos) return std::nullopt;
    return name;
}

std::string log_group_file(const std::string& data_dir, const std::string& group_name) {
    return (std::filesystem::path(data_dir) / "logs" / (group_name + ".jsonl")).string();
}

std::string append_line(const std::string& path, const std::string& line) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    std::FILE* file = std::fopen(path.c_str(), "abe");  // e: close-on-exec
    if (!file) return "Cannot open " + path + ": " + std::strerror(errno);
    bool written = std::fwrite(line.data(), 1, line.size(), file) == line.size() && std::fputc('\n', file) != EOF &&
                   std::fflush(file) == 0;
    std::string error = written ? "" : "Cannot write " + path + ": " + std::strerror(errno);
    std::fclose(file);
    return error;
}

void LogFileDelivery::deliver(const DeliveryRequest& request, DeliveryDone done) {
    // CloudWatch Logs records the input the target receives (the event unless transformed).
    std::string line = request.input;
    for (char& c : line)
        if (c == '\n') c = ' ';
    done(append_line(path_, line));
}

}  // namespace stepwise::events
