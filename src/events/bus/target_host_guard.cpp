#include "events/bus/target_host_guard.h"

#include <algorithm>
#include <cctype>

namespace stepwise::events {
namespace {

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// 127.0.0.0/8 written as four decimal octets.
bool is_ipv4_loopback(const std::string& host) {
    int parts = 0;
    size_t at = 0;
    while (at <= host.size()) {
        size_t end = host.find('.', at);
        if (end == std::string::npos) end = host.size();
        std::string part = host.substr(at, end - at);
        if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), ::isdigit)) return false;
        if (std::stoi(part) > 255 || (parts == 0 && part != "127")) return false;
        ++parts;
        at = end + 1;
    }
    return parts == 4;
}

}  // namespace

TargetHostGuard::TargetHostGuard(std::vector<std::string> allowed) {
    for (std::string& host : allowed) {
        host = lower(host);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        if (!host.empty()) allowed_.push_back(std::move(host));
    }
}

std::string TargetHostGuard::host_of(const std::string& url) {
    // Split as the HTTP client does (the authority ends at the first '/'), and
    // give up on anything but a plain host[:port]: user info, '?', '#' or
    // escapes could make the client and this check see different hosts.
    size_t scheme = url.find("://");
    if (scheme == std::string::npos) return "";
    size_t begin = scheme + 3;
    size_t slash = url.find('/', begin);
    std::string authority = url.substr(begin, slash == std::string::npos ? std::string::npos : slash - begin);
    if (authority.find_first_of("@?#%\\ \t") != std::string::npos) return "";
    if (!authority.empty() && authority.front() == '[') {
        size_t close = authority.find(']');
        return close == std::string::npos ? "" : lower(authority.substr(1, close - 1));
    }
    if (size_t colon = authority.rfind(':'); colon != std::string::npos) authority.resize(colon);
    return lower(authority);
}

bool TargetHostGuard::is_loopback(const std::string& host) {
    std::string h = lower(host);
    return h == "localhost" || h == "::1" || is_ipv4_loopback(h);
}

std::optional<std::string> TargetHostGuard::refusal(const std::string& url) const {
    std::string host = host_of(url);
    if (host.empty())
        return "Target " + url + " does not name a plain host[:port] (user info, '?', '#' and escapes are refused)";
    if (is_loopback(host)) return std::nullopt;
    for (const std::string& allowed : allowed_)
        if (allowed == "*" || allowed == host) return std::nullopt;
    return "Target " + url + " reaches host " + host +
           ", which this server does not allow: http targets reach only loopback addresses and the hosts given "
           "with stepwise serve --allow-target-host " + host;
}

}  // namespace stepwise::events
