// The error EventBridge returns for a pattern it rejects (PutRule,
// TestEventPattern): code InvalidEventPatternException, message
// "Event pattern is not valid. Reason: <reason>".
#pragma once

#include <stdexcept>
#include <string>

namespace stepwise::events {

class PatternError : public std::runtime_error {
public:
    PatternError() : PatternError(std::string()) {}
    explicit PatternError(std::string reason)
        : std::runtime_error("Event pattern is not valid. Reason: " + reason), reason_(std::move(reason)) {}

    static constexpr const char* kCode = "InvalidEventPatternException";
    const char* code() const noexcept { return kCode; }
    // The whole message, as AWS words it.
    std::string message() const { return what(); }
    // The part after "Reason: ".
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string reason_;
};

}  // namespace stepwise::events
