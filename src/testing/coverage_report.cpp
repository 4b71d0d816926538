#include "testing/coverage_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "json/utf8.h"
#include "testing/xml_text.h"

namespace stepwise::testing {

namespace {

size_t line_of(const FileCoverage& file, const CoverageItem& item) {
    size_t line = file.source.line(item.pointer);
    return line ? line : 1;
}

struct Line {
    size_t number = 0;
    uint64_t hits = 0;
    size_t branches = 0, branches_taken = 0;
};

struct Branch {
    size_t line = 0, block = 0, index = 0;
    bool reached = false;  // the state was entered (lcov writes "-" for a branch of a line never run)
    uint64_t taken = 0;
};

// A file's items as lines and branches, both in line order.
struct FileLines {
    std::vector<Line> lines;
    std::vector<Branch> branches;
    size_t lines_hit = 0, branches_taken = 0;
};

FileLines file_lines(const FileCoverage& file) {
    std::map<size_t, Line> lines;
    FileLines out;
    std::unordered_map<size_t, std::pair<size_t, size_t>> blocks;  // state item -> (block, branches so far)
    const std::vector<CoverageItem>& items = file.map.items();
    for (size_t i = 0; i < items.size(); ++i) {
        Line& line = lines[line_of(file, items[i])];
        line.hits = std::max(line.hits, file.hits[i]);
        if (!items[i].branch) continue;
        auto at = blocks.try_emplace(items[i].state, blocks.size(), 0).first;
        Branch branch{line_of(file, items[items[i].state]), at->second.first, at->second.second++,
                      file.hits[items[i].state] > 0, file.hits[i]};
        Line& state_line = lines[branch.line];
        ++state_line.branches;
        if (branch.taken) {
            ++state_line.branches_taken;
            ++out.branches_taken;
        }
        out.branches.push_back(branch);
    }
    for (auto& [number, line] : lines) {
        line.number = number;
        if (line.hits) ++out.lines_hit;
        out.lines.push_back(line);
    }
    std::stable_sort(out.branches.begin(), out.branches.end(),
                     [](const Branch& a, const Branch& b) { return a.line < b.line; });
    return out;
}

// ---- the terminal table ----

// Rounded down, so that only full coverage reads 100%.
std::string percent_text(const CoverageCount& count) {
    double p = std::floor(count.percent() * 10) / 10;
    char buffer[32];
    if (p == static_cast<int>(p))
        std::snprintf(buffer, sizeof buffer, "%d%%", static_cast<int>(p));
    else
        std::snprintf(buffer, sizeof buffer, "%.1f%%", p);
    return buffer;
}

std::string cell(const CoverageCount& count) {
    if (count.total == 0) return "-";
    return std::to_string(count.covered) + "/" + std::to_string(count.total) + " " + percent_text(count);
}

std::string paint(const std::string& text, const char* code, bool color) {
    return color ? "\x1b[" + std::string(code) + "m" + text + "\x1b[0m" : text;
}

const char* shade(const CoverageCount& count) {
    if (count.covered == count.total) return "32";  // green
    return count.covered ? "33" : "31";           // yellow, red
}

size_t width(const std::string& text) { return utf8::count_code_points(text); }

}  // namespace

void print_coverage(std::ostream& out, const std::vector<FileCoverage>& files, bool color) {
    struct Row {
        std::string name;
        std::array<CoverageCount, 5> counts;  // states, transitions, retriers, catchers, total
    };
    auto row = [](std::string name, const CoverageSummary& s) {
        return Row{std::move(name), {s.states, s.transitions, s.retriers, s.catchers, s.total}};
    };
    std::vector<Row> rows;
    CoverageSummary all;
    for (const FileCoverage& file : files) {
        CoverageSummary summary = summarize(file.map, file.hits);
        rows.push_back(row(file.path, summary));
        all += summary;
    }
    if (files.size() > 1) rows.push_back(row("all files", all));

    const std::array<std::string, 6> headings{"Coverage", "states", "transitions", "retriers", "catchers", "total"};
    std::array<size_t, 6> widths{};
    for (size_t c = 0; c < 6; ++c) widths[c] = width(headings[c]);
    for (const Row& r : rows) {
        widths[0] = std::max(widths[0], width(r.name));
        for (size_t c = 0; c < 5; ++c) widths[c + 1] = std::max(widths[c + 1], cell(r.counts[c]).size());
    }
    auto pad = [&](const std::string& text, size_t column) {
        if (column == 5) return text;  // the last: no trailing spaces
        return text + std::string(widths[column] - std::min(widths[column], width(text)), ' ');
    };

    std::string header;
    for (size_t c = 0; c < 6; ++c) header += (c ? "  " : "") + pad(headings[c], c);
    out << paint(header, "1", color) << "\n";
    for (const Row& r : rows) {
        std::string line = pad(r.name, 0);
        for (size_t c = 0; c < 5; ++c)
            line += "  " + paint(pad(cell(r.counts[c]), c + 1), shade(r.counts[c]), color && r.counts[c].total);
        out << line << "\n";
    }

    bool heading = false;
    for (const FileCoverage& file : files) {
        for (const CoverageItem* item : uncovered(file.map, file.hits)) {
            if (!heading) {
                out << paint("Uncovered", "1", color) << "\n";
                heading = true;
            }
            out << "  " << file.path << ":" << line_of(file, *item) << "  " << paint(item->pointer, "2", color)
                << "  " << item->label << "\n";
        }
    }
}

// ---- lcov ----

void write_lcov(std::ostream& out, const std::vector<FileCoverage>& files) {
    for (const FileCoverage& file : files) {
        FileLines lines = file_lines(file);
        out << "TN:\nSF:" << file.path << "\n";
        for (const Branch& b : lines.branches) {
            out << "BRDA:" << b.line << "," << b.block << "," << b.index << ",";
            if (b.reached) out << b.taken;
            else out << "-";
            out << "\n";
        }
        out << "BRF:" << lines.branches.size() << "\nBRH:" << lines.branches_taken << "\n";
        for (const Line& line : lines.lines) out << "DA:" << line.number << "," << line.hits << "\n";
        out << "LF:" << lines.lines.size() << "\nLH:" << lines.lines_hit << "\nend_of_record\n";
    }
}

// ---- Cobertura ----

namespace {

std::string rate(size_t covered, size_t valid) {
    if (valid == 0) return "1";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", static_cast<double>(covered) / static_cast<double>(valid));
    return buffer;
}

struct Totals {
    size_t lines = 0, lines_hit = 0, branches = 0, branches_taken = 0;
    void add(const FileLines& f) {
        lines += f.lines.size();
        lines_hit += f.lines_hit;
        branches += f.branches.size();
        branches_taken += f.branches_taken;
    }
    std::string rates() const {
        return "line-rate=\"" + rate(lines_hit, lines) + "\" branch-rate=\"" + rate(branches_taken, branches) + "\"";
    }
};

std::string folder_of(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

void write_cobertura(std::ostream& out, const std::vector<FileCoverage>& files, int64_t timestamp_ms) {
    std::vector<FileLines> lines;
    Totals all;
    std::map<std::string, std::vector<size_t>> packages;  // folder -> files in it
    for (size_t i = 0; i < files.size(); ++i) {
        lines.push_back(file_lines(files[i]));
        all.add(lines.back());
        packages[folder_of(files[i].path)].push_back(i);
    }
    out << "<?xml version=\"1.0\" ?>\n"
        << "<!DOCTYPE coverage SYSTEM \"http://cobertura.sourceforge.net/xml/coverage-04.dtd\">\n"
        << "<coverage " << all.rates() << " lines-covered=\"" << all.lines_hit << "\" lines-valid=\"" << all.lines
        << "\" branches-covered=\"" << all.branches_taken << "\" branches-valid=\"" << all.branches
        << "\" complexity=\"0\" version=\"stepwise\" timestamp=\"" << timestamp_ms << "\">\n"
        << "  <sources>\n    <source>.</source>\n  </sources>\n  <packages>\n";
    for (const auto& [folder, members] : packages) {
        Totals package;
        for (size_t i : members) package.add(lines[i]);
        out << "    <package name=\"" << xml_escape(folder) << "\" " << package.rates() << " complexity=\"0\">\n"
            << "      <classes>\n";
        for (size_t i : members) {
            Totals one;
            one.add(lines[i]);
            out << "        <class name=\"" << xml_escape(name_of(files[i].path)) << "\" filename=\""
                << xml_escape(files[i].path) << "\" " << one.rates() << " complexity=\"0\">\n"
                << "          <methods/>\n          <lines>\n";
            for (const Line& line : lines[i].lines) {
                out << "            <line number=\"" << line.number << "\" hits=\"" << line.hits << "\" branch=\"";
                if (line.branches) {
                    out << "true\" condition-coverage=\"" << line.branches_taken * 100 / line.branches << "% ("
                        << line.branches_taken << "/" << line.branches << ")\"/>\n";
                } else {
                    out << "false\"/>\n";
                }
            }
            out << "          </lines>\n        </class>\n";
        }
        out << "      </classes>\n    </package>\n";
    }
    out << "  </packages>\n</coverage>\n";
}

json::Value coverage_json(const std::vector<FileCoverage>& files) {
    auto count = [](const CoverageCount& c) {
        return json::Value(json::Object{{"covered", static_cast<int64_t>(c.covered)}, {"total", static_cast<int64_t>(c.total)}});
    };
    json::Array out;
    for (const FileCoverage& file : files) {
        CoverageSummary s = summarize(file.map, file.hits);
        json::Array missing;
        for (const CoverageItem* item : uncovered(file.map, file.hits))
            missing.push_back(json::Object{{"pointer", item->pointer}, {"line", static_cast<int64_t>(file.source.line(item->pointer))},
                                           {"label", item->label}});
        out.push_back(json::Object{{"path", file.path}, {"states", count(s.states)}, {"transitions", count(s.transitions)},
                                   {"retriers", count(s.retriers)}, {"catchers", count(s.catchers)}, {"total", count(s.total)},
                                   {"uncovered", json::Value(std::move(missing))}});
    }
    return json::Object{{"files", json::Value(std::move(out))}};
}

}  // namespace stepwise::testing
