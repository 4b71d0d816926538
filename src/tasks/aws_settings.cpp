#include "tasks/aws_settings.h"

#include <cstdlib>
#include <fstream>

namespace stepwise::tasks {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// The keys of one [profile] section of an INI credentials file; nullopt when
// the file or the section is missing.
std::optional<std::map<std::string, std::string>> read_profile(const std::string& path, std::string_view profile) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::optional<std::map<std::string, std::string>> found;
    bool inside = false;
    std::string line;
    while (std::getline(in, line)) {
        std::string_view text = trim(line);
        if (text.empty() || text.front() == '#' || text.front() == ';') continue;
        if (text.front() == '[') {
            auto close = text.find(']');
            inside = close != std::string_view::npos && trim(text.substr(1, close - 1)) == profile;
            if (inside && !found) found.emplace();
            continue;
        }
        auto equals = text.find('=');
        if (!inside || equals == std::string_view::npos) continue;
        (*found)[std::string(trim(text.substr(0, equals)))] = std::string(trim(text.substr(equals + 1)));
    }
    return found;
}

}  // namespace

Environment make_environment(std::map<std::string, std::string> values, bool use_process) {
    return [values = std::move(values), use_process](std::string_view name) -> std::optional<std::string> {
        if (auto it = values.find(std::string(name)); it != values.end())
            return it->second.empty() ? std::nullopt : std::optional<std::string>(it->second);
        if (!use_process) return std::nullopt;
        const char* value = std::getenv(std::string(name).c_str());
        if (!value || !*value) return std::nullopt;
        return std::string(value);
    };
}

aws::Credentials resolve_credentials(const Environment& env) {
    auto key_id = env("AWS_ACCESS_KEY_ID");
    auto secret = env("AWS_SECRET_ACCESS_KEY");
    if (key_id && secret) return {*key_id, *secret, env("AWS_SESSION_TOKEN").value_or("")};
    if (key_id || secret) {
        throw CredentialsError(std::string(key_id ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
                                                  : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not") +
                               ": set both (and AWS_SESSION_TOKEN for temporary credentials)");
    }

    std::string profile = env("AWS_PROFILE").value_or("default");
    std::string path;
    if (auto file = env("AWS_SHARED_CREDENTIALS_FILE")) path = *file;
    else if (auto home = env("HOME")) path = *home + "/.aws/credentials";
    std::string advice = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary "
                         "credentials), or aws_access_key_id and aws_secret_access_key in the profile [" +
                         profile + "] (AWS_PROFILE) of the shared credentials file " +
                         (path.empty() ? "~/.aws/credentials" : path) + " (AWS_SHARED_CREDENTIALS_FILE)";
    if (path.empty()) throw CredentialsError("No AWS credentials: " + advice);
    auto keys = read_profile(path, profile);
    if (!keys) throw CredentialsError("No AWS credentials (no profile [" + profile + "] in " + path + "): " + advice);
    auto value = [&](const char* name) {
        auto it = keys->find(name);
        return it == keys->end() ? std::string() : it->second;
    };
    aws::Credentials credentials{value("aws_access_key_id"), value("aws_secret_access_key"), value("aws_session_token")};
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
        throw CredentialsError("No AWS credentials (profile [" + profile + "] of " + path +
                               " lacks aws_access_key_id or aws_secret_access_key): " + advice);
    }
    return credentials;
}

std::string resolve_region(const Environment& env, const std::string& fallback) {
    if (auto region = env("AWS_REGION")) return *region;
    if (auto region = env("AWS_DEFAULT_REGION")) return *region;
    return fallback;
}

}  // namespace stepwise::tasks
