// Helpers for the local Lambda runner tests: a scratch directory with files.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "json/parse.h"
#include "tasks/project_config.h"

namespace stepwise::tasks::testing {

class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "stepwise-tasks-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::string& path() const { return path_; }
    std::string file(const std::string& relative) const { return path_ + "/" + relative; }
    std::string write(const std::string& relative, const std::string& content, bool executable = false) const {
        std::filesystem::path p = std::filesystem::path(path_) / relative;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p) << content;
        if (executable) {
            std::filesystem::permissions(p, std::filesystem::perms::owner_all, std::filesystem::perm_options::add);
        }
        return p.string();
    }

private:
    std::string path_;
};

// A project from stepwise.json text whose relative paths are under `dir`.
inline ProjectConfig project_from(const TempDir& dir, const std::string& json_text) {
    return ProjectConfig::from_json(json::parse(json_text), dir.path(), dir.file("stepwise.json"));
}

inline bool have_program(const char* name) {
    std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

}  // namespace stepwise::tasks::testing
