#include "events/bus/target_log_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "events/bus/event.h"
#include "json/parse.h"
#include "json/write.h"

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
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return "Cannot open " + path + ": " + std::strerror(errno);
    // One write of the whole line and its newline: appends of other writers
    // of the file (execution logs share logs/) never land inside it.
    std::string text = line + "\n";
    std::string error;
    for (size_t done = 0; done < text.size();) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = "Cannot write " + path + ": " + std::strerror(errno);
            break;
        }
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    return error;
}

LogEvent log_event_of(const DeliveryRequest& request) {
    LogEvent out{request.input, 0};
    if (const json::Value* time = request.event.find("time"); time && time->is_string())
        out.timestamp_ms = parse_iso8601(std::string(time->as_string())).value_or(0);
    auto input = json::try_parse(request.input);
    if (input && input->is_object() && input->size() == 2) {
        const json::Value* message = input->find("message");
        const json::Value* timestamp = input->find("timestamp");
        if (message && timestamp) {
            out.message = message->is_string() ? std::string(message->as_string()) : json::dump(*message);
            if (timestamp->is_integer())
                out.timestamp_ms = timestamp->as_int();
            else if (timestamp->is_string())
                out.timestamp_ms = parse_iso8601(std::string(timestamp->as_string())).value_or(out.timestamp_ms);
        }
    }
    return out;
}

namespace {

// The group's name as the API takes it: the ARN's, leading '/' kept, ":*" dropped.
std::string api_group_name(const std::string& arn) {
    std::string name = arn.substr(arn.find(":log-group:") + 11);
    if (name.size() >= 2 && name.compare(name.size() - 2, 2, ":*") == 0) name.resize(name.size() - 2);
    return name;
}

}  // namespace

void LogFileDelivery::deliver(const DeliveryRequest& request, DeliveryDone done) {
    LogEvent event = log_event_of(request);
    if (callbacks_.call_service) {
        std::string group = api_group_name(request.target_arn);
        const json::Value* id = request.event.find("id");
        std::string stream = id && id->is_string() ? std::string(id->as_string()) : "eventbridge";
        json::Value create(json::Object{{"logGroupName", json::Value(group)}, {"logStreamName", json::Value(stream)}});
        json::Object put{{"logGroupName", json::Value(group)}, {"logStreamName", json::Value(stream)}};
        put.set("logEvents", json::Value(json::Array{json::Value(json::Object{
                                 {"timestamp", json::Value(static_cast<long long>(event.timestamp_ms))},
                                 {"message", json::Value(event.message)}})}));
        auto callbacks = callbacks_;
        ServiceCall put_call{"cloudwatch_logs", "PutLogEvents", json::Value(std::move(put))};
        auto then_put = [callbacks, put_call, done](std::string error) {
            // A stream made by an earlier attempt is no error.
            if (!error.empty() && error.find("ResourceAlreadyExists") == std::string::npos) return done(error);
            if (!callbacks.call_service(put_call, done)) done("the CloudWatch Logs endpoint went away");
        };
        if (callbacks_.call_service({"cloudwatch_logs", "CreateLogStream", std::move(create)}, then_put)) return;
    }
    // Written as one line: the message's own line breaks become spaces.
    std::string line = std::move(event.message);
    for (char& c : line)
        if (c == '\n') c = ' ';
    done(append_line(path_, line));
}

}  // namespace stepwise::events
