// ANSI colours for terminal output (the trace, `stepwise test`), and whether
// to use them: on a terminal, unless NO_COLOR is set (https://no-color.org).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

namespace stepwise::cli {

struct Painter {
    bool on = false;

    // Colour for output to `fd`.
    static bool wanted(int fd) {
        const char* no_color = std::getenv("NO_COLOR");
        return isatty(fd) != 0 && !(no_color && *no_color);
    }

    std::string paint(std::string_view code, std::string_view text) const {
        if (!on) return std::string(text);
        return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
    }
    std::string dim(std::string_view t) const { return paint("2", t); }
    std::string bold(std::string_view t) const { return paint("1", t); }
    std::string red(std::string_view t) const { return paint("31", t); }
    std::string green(std::string_view t) const { return paint("32", t); }
    std::string yellow(std::string_view t) const { return paint("33", t); }
    std::string cyan(std::string_view t) const { return paint("36", t); }
};

}  // namespace stepwise::cli
