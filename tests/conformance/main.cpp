// stepwise-conformance MODE DIR [--known-failures FILE] [--filter TEXT] [--list]
//
// Runs every *.json case below DIR (README files aside) in MODE (asl, jsonata,
// eventbridge), prints one line per failing case with its reason, and ends
// with `N passed, M failed`. With --known-failures, a listed case that fails
// is expected (reported as such), and the exit status is non-zero only when a
// case outside the list fails or a listed case now passes, so the list only
// shrinks.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "json/parse.h"
#include "runner.h"

namespace fs = std::filesystem;
using namespace stepwise;

namespace {

struct KnownFailures {
    std::map<std::string, std::string> reasons;  // case id -> reason

    static KnownFailures load(const std::string& path) {
        KnownFailures known;
        std::ifstream in(path);
        if (!in) throw std::runtime_error(path + ": cannot open the known-failures list");
        std::string line;
        while (std::getline(in, line)) {
            auto start = line.find_first_not_of(" \t");
            if (start == std::string::npos || line[start] == '#') continue;
            auto end = line.find_first_of(" \t", start);
            std::string id = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
            std::string reason;
            if (end != std::string::npos) {
                auto hash = line.find('#', end);
                if (hash != std::string::npos) reason = line.substr(line.find_first_not_of(" \t", hash + 1));
            }
            known.reasons[id] = reason;
        }
        return known;
    }
};

std::string case_id(const json::Value& test_case, const fs::path& file, const fs::path& root) {
    if (const json::Value* id = test_case.find("corpus_id"); id && id->is_string()) return std::string(id->as_string());
    fs::path relative = fs::relative(file, root);
    relative.replace_extension();
    return relative.generic_string();
}

int usage() {
    std::cerr << "usage: stepwise-conformance MODE DIR [--known-failures FILE] [--filter TEXT] [--quiet]\n"
                 "  MODE is asl, jsonata or eventbridge; DIR is any folder of case files.\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    std::string mode = argv[1];
    fs::path root = argv[2];
    std::string known_path, filter;
    bool quiet = false;
    for (int i = 3; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--known-failures" && i + 1 < argc)
            known_path = argv[++i];
        else if (arg == "--filter" && i + 1 < argc)
            filter = argv[++i];
        else if (arg == "--quiet")
            quiet = true;
        else
            return usage();
    }
    conformance::CaseRunner run = nullptr;
    if (mode == "asl") run = conformance::run_asl_case;
    else if (mode == "jsonata") run = conformance::run_jsonata_case;
    else if (mode == "eventbridge") run = conformance::run_eventbridge_case;
    else return usage();

    if (!fs::is_directory(root)) {
        std::cerr << "stepwise-conformance: " << root.string() << " is not a folder\n";
        return 2;
    }
    KnownFailures known;
    try {
        if (!known_path.empty()) known = KnownFailures::load(known_path);
    } catch (const std::exception& e) {
        std::cerr << "stepwise-conformance: " << e.what() << "\n";
        return 2;
    }

    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        std::string stem = entry.path().stem().string();
        if (stem == "README" || stem == "bench-set") continue;
        if (entry.path().parent_path().filename() == "datasets") continue;
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());

    size_t passed = 0, failed = 0, expected_failures = 0;
    std::vector<std::string> unexpected, now_passing;
    std::set<std::string> seen;
    for (const fs::path& file : files) {
        json::Value test_case;
        std::string id;
        conformance::Outcome outcome;
        try {
            test_case = json::parse_file(file.string());
            id = case_id(test_case, file, root);
            if (!filter.empty() && id.find(filter) == std::string::npos) continue;
            outcome = run(test_case, file);
        } catch (const std::exception& e) {
            if (id.empty()) id = fs::relative(file, root).generic_string();
            outcome = conformance::fail(std::string("runner error: ") + e.what());
        }
        seen.insert(id);
        bool listed = known.reasons.count(id) > 0;
        if (outcome.passed) {
            ++passed;
            if (listed) now_passing.push_back(id);
        } else {
            ++failed;
            std::string reason = outcome.reason;
            std::replace(reason.begin(), reason.end(), '\n', ' ');
            if (reason.size() > 400) reason = reason.substr(0, 400) + "...";
            if (listed) {
                ++expected_failures;
                if (!quiet) std::cout << "FAIL (known) " << id << ": " << reason << "\n";
            } else {
                unexpected.push_back(id);
                std::cout << "FAIL " << id << ": " << reason << "\n";
            }
        }
    }
    for (const std::string& id : now_passing)
        std::cout << "PASSES BUT IS LISTED AS A KNOWN FAILURE (remove it from the list): " << id << "\n";
    if (!known_path.empty()) {
        std::cout << expected_failures << " known failures, " << unexpected.size() << " unexpected failures, "
                  << now_passing.size() << " listed cases now passing\n";
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    if (!known_path.empty()) return (unexpected.empty() && now_passing.empty()) ? 0 : 1;
    return failed == 0 ? 0 : 1;
}
