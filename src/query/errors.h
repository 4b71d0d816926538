// Errors raised while compiling or evaluating queries (paths, templates,
// intrinsic functions). Evaluation errors carry the ASL error name AWS reports
// (States.Runtime, States.IntrinsicFailure, ...) and a cause worded as AWS words it.
#pragma once

#include <stdexcept>
#include <string>

namespace stepwise::query {

// A path, template or intrinsic call that cannot be compiled. `offset` is the
// byte position in the text where the problem was found.
class SyntaxError : public std::runtime_error {
public:
    SyntaxError(std::string message, size_t offset = 0)
        : std::runtime_error(std::move(message)), offset_(offset) {}
    size_t offset() const noexcept { return offset_; }

private:
    size_t offset_;
};

// A failure at run time that the state machine sees as an ASL error.
class EvalError : public std::runtime_error {
public:
    EvalError(std::string error, std::string cause)
        : std::runtime_error(error + ": " + cause), error_(std::move(error)), cause_(std::move(cause)) {}
    const std::string& error() const noexcept { return error_; }
    const std::string& cause() const noexcept { return cause_; }

private:
    std::string error_;
    std::string cause_;
};

}  // namespace stepwise::query
