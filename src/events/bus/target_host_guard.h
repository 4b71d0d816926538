// Which hosts an http:// target (and later an API destination) may reach: a
// local server must not become a way into the operator's network, so only
// loopback unless the operator allows more (`stepwise serve
// --allow-target-host HOST`, repeatable).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace stepwise::events {

class TargetHostGuard {
public:
    // `allowed`: host names or addresses beside loopback (case-insensitive; "*" allows every host).
    explicit TargetHostGuard(std::vector<std::string> allowed = {});

    // nullopt when `url` may be reached; else why not (naming the host and the option).
    std::optional<std::string> refusal(const std::string& url) const;

    // "example.com" of "http://user@example.com:8080/path"; "" when there is none.
    static std::string host_of(const std::string& url);
    static bool is_loopback(const std::string& host);

private:
    std::vector<std::string> allowed_;
};

}  // namespace stepwise::events
