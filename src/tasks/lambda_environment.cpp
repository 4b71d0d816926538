#include "tasks/lambda_environment.h"

#include <cstdlib>

#include <cstdio>
#include <ctime>
#include <random>

namespace stepwise::tasks {

std::string new_log_stream_name() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d/%02d/%02d/[$LATEST]%016llx%016llx", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng()));
    return buf;
}

std::vector<std::pair<std::string, std::string>> lambda_environment(const FunctionConfig& function, const std::string& region,
                                                                    const std::string& execution_env) {
    std::vector<std::pair<std::string, std::string>> env = {
        {"AWS_LAMBDA_FUNCTION_NAME", function.name},
        {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
        {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(function.memory_mb)},
        {"AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name},
        {"AWS_LAMBDA_LOG_STREAM_NAME", new_log_stream_name()},
        {"AWS_REGION", region},
        {"AWS_DEFAULT_REGION", region},
        {"LAMBDA_TASK_ROOT", function.code_dir},
        {"TZ", ":UTC"},
        {"STEPWISE_LOCAL", "1"},
    };
    if (!execution_env.empty()) env.emplace_back("AWS_EXECUTION_ENV", execution_env);
    // Under stepwise serve, AWS SDKs in the handler call the local APIs (the
    // SDKs' standard endpoint override), and hand-made clients find them too.
    if (const char* endpoint = std::getenv("STEPWISE_ENDPOINT_URL"); endpoint && *endpoint) {
        env.emplace_back("AWS_ENDPOINT_URL", endpoint);
        env.emplace_back("STEPWISE_ENDPOINT_URL", endpoint);
    }
    if (!function.handler.empty()) env.emplace_back("_HANDLER", function.handler);
    for (const auto& kv : function.environment) env.push_back(kv);
    return env;
}

std::vector<std::string> split_log_lines(std::string_view text, size_t max_bytes) {
    std::vector<std::string> lines;
    size_t cut = 0;
    if (text.size() > max_bytes) {
        cut = text.size() - max_bytes;
        text = text.substr(0, max_bytes);
    }
    size_t start = 0;
    while (start < text.size()) {
        size_t nl = text.find('\n', start);
        size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.emplace_back(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    if (cut) lines.push_back("... (" + std::to_string(cut) + " more bytes of output not kept)");
    return lines;
}

}  // namespace stepwise::tasks
