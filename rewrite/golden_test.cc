// The golden corpus of the import rewriter (tests/golden/rewrite) and the
// invariants of issue 3 section 4, each checked over every file of every case:
//   (a) the output equals the input outside the edited spans, and every
//       edited span lies in an import statement, a string literal or an
//       attribute chain of the input (insertions: also at the end of an
//       import statement's line);
//   (b) the same definitions by qualified name, kind and count;
//   (c) rewriting the output again changes nothing;
//   (d) the output parses without errors (a file with error regions: the
//       same regions, on the same lines);
//   (e) no import or dotted string of the output refers to an old module;
//   (f) the engine's prefilter selects every file the rewriter changes;
//   (g) import roots: no import of the output names a module through an
//       import root's folder ("src.pkg.x" when "src" is a root).
// The cases are partial trees, so the rewriter runs without knowing which
// modules exist (RewriteOptions::modules unset); the second rewrite of (c)
// knows them, as the engine does: the case's files and the destinations.
//
// A case is a folder: moves.toml, in/<repo paths> (the files after the move;
// pyproject.toml, setup.cfg and manage.py files there drive import-root
// detection as in a repository), out/<repo paths> (the whole expected file,
// for every input file), report.txt ("<path>: changed|unchanged|skipped:
// <reason> at line <n>" per Python file, sorted) and optionally options.txt
// ("no-strings"). A case whose moves file must be refused has problems.txt
// (every problem, one a line) instead of out/ and report.txt. The case's
// files are the worktree module moves imply file moves from
// (MoveSet::imply_file_moves); underived.txt lists the files whose old
// location cannot be derived (none when absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "rewrite/definitions.h"
#include "rewrite/engine.h"
#include "rewrite/imports.h"

namespace migrate::rewrite {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

struct Case {
  std::string name;
  fs::path dir;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> cases() {
  std::vector<Case> out;
  const fs::path root = fs::path(GOLDEN_DIR) / "rewrite";
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory()) out.push_back({e.path().filename().string(), e.path()});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

std::vector<std::string> input_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir / "in")) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir / "in").generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool allowed_edit_site(const ParsedFile& in, const Edit& e) {
  const std::string& src = in.source();
  TSNode n = ts_node_descendant_for_byte_range(in.root(), static_cast<uint32_t>(e.offset),
                                               static_cast<uint32_t>(e.offset + e.length));
  for (; !ts_node_is_null(n); n = ts_node_parent(n)) {
    const std::string_view t = node_type(n);
    if (t == "import_statement" || t == "import_from_statement" || t == "string" || t == "attribute") {
      return ts_node_start_byte(n) <= e.offset && e.offset + e.length <= ts_node_end_byte(n);
    }
  }
  if (e.length != 0) return false;
  // An insertion after an import statement on its line (split imports).
  std::size_t p = e.offset;
  while (p > 0 && src[p - 1] != '\n') {
    TSNode before = ts_node_descendant_for_byte_range(in.root(), static_cast<uint32_t>(p - 1), static_cast<uint32_t>(p - 1));
    for (; !ts_node_is_null(before); before = ts_node_parent(before)) {
      const std::string_view t = node_type(before);
      if (t == "import_from_statement" || t == "import_statement") return true;
    }
    --p;
  }
  return false;
}

class Golden : public ::testing::TestWithParam<Case> {};

TEST_P(Golden, WholeFilesAndInvariants) {
  const Case& c = GetParam();
  const std::vector<std::string> files = input_files(c.dir);
  const ImportRoots roots =
      detect_import_roots(files, [&](const std::string& p) -> std::optional<std::string> { return read(c.dir / "in" / p); });
  if (fs::exists(c.dir / "problems.txt")) {
    try {
      MoveSet::parse(read(c.dir / "moves.toml"), "moves.toml", {}, roots);
      ADD_FAILURE() << "the moves file was accepted";
    } catch (const MovesError& e) {
      EXPECT_EQ(std::string(e.what()) + "\n", read(c.dir / "problems.txt"));
    }
    return;
  }
  MoveSet moves = MoveSet::parse(read(c.dir / "moves.toml"), (c.dir / "moves.toml").string(), {}, roots);
  // The case's files are the worktree: module moves imply file moves.
  std::string underived;
  for (const UnderivedMove& u : moves.imply_file_moves(files)) underived += MoveSet::describe(u, "moves.toml") + "\n";
  EXPECT_EQ(underived, fs::exists(c.dir / "underived.txt") ? read(c.dir / "underived.txt") : "");
  const auto known = existing_modules(files, moves);
  RewriteOptions options;
  if (fs::exists(c.dir / "options.txt") && read(c.dir / "options.txt").find("no-strings") != std::string::npos) {
    options.strings = false;
  }
  const Prefilter prefilter(moves);
  std::string report;
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    const std::string input = read(c.dir / "in" / path);
    ASSERT_TRUE(fs::exists(c.dir / "out" / path)) << "missing expected output out/" << path;
    const std::string expected = read(c.dir / "out" / path);
    if (!is_python_path(path)) {
      EXPECT_EQ(input, expected) << "the rewriter reads only Python files";
      continue;
    }
    const FileRewrite r = rewrite_source(input, path, moves, options);
    const std::string output = r.status == FileRewrite::Status::kChanged ? r.output : input;
    EXPECT_EQ(output, expected);
    std::string regions;
    for (const ErrorRegion& e : r.errors) regions += "; cannot parse line " + std::to_string(e.line);
    switch (r.status) {
      case FileRewrite::Status::kChanged: report += path + ": changed" + regions + "\n"; break;
      case FileRewrite::Status::kUnchanged: report += path + ": unchanged" + regions + "\n"; break;
      case FileRewrite::Status::kSkipped:
        report += path + ": skipped: " + r.reason + " at line " + std::to_string(r.line) + "\n";
        continue;  // the invariants are about files that were rewritten
    }
    const ParsedFile in(input), out(output);
    // (f)
    if (r.status == FileRewrite::Status::kChanged) {
      EXPECT_TRUE(prefilter.by_text(input) || (prefilter.by_path(path) && has_relative_import(input)))
          << "the prefilter would not have parsed this file";
    }
    // (a)
    EXPECT_EQ(apply_edits(input, r.edits), output);
    for (std::size_t i = 0; i < r.edits.size(); ++i) {
      const Edit& e = r.edits[i];
      if (i > 0) {
        EXPECT_LE(r.edits[i - 1].offset + r.edits[i - 1].length, e.offset) << "edits overlap";
      }
      EXPECT_TRUE(allowed_edit_site(in, e)) << "edit at byte " << e.offset << " (" << e.length << " bytes -> '"
                                            << e.replacement << "') is outside imports, strings and chains";
    }
    // (b)
    EXPECT_EQ(count_definitions(extract_definitions(in)), count_definitions(extract_definitions(out)));
    // (c)
    RewriteOptions again_options = options;
    again_options.modules = known;
    const FileRewrite again = rewrite_source(output, path, moves, again_options);
    EXPECT_EQ(again.status, FileRewrite::Status::kUnchanged) << "second rewrite changed:\n" << again.output;
    // (d) (a file with error regions keeps exactly those)
    if (r.errors.empty()) {
      EXPECT_FALSE(out.has_error()) << "output has a syntax error at line " << out.first_error_line();
    } else {
      std::vector<unsigned> in_lines, out_lines;
      for (const ErrorRegion& e : r.errors) in_lines.push_back(e.line);
      for (const ErrorRegion& e : error_regions(out)) out_lines.push_back(e.line);
      EXPECT_EQ(out_lines, in_lines);
    }
    // (e)
    for (const StaleReference& s : find_stale_references(out, path, moves, options.strings, known.get())) {
      ADD_FAILURE() << "stale reference at line " << s.line << ": " << s.old_name << " (now " << s.new_name << ")";
    }
    // (g)
    const std::optional<std::string> pkg = moves.roots().package_of(path);
    for (TSNode stmt : named_children(out.root())) {
      const bool from = is_type(stmt, "import_from_statement");
      if (!from && !is_type(stmt, "import_statement")) continue;
      std::vector<std::string> names;
      if (from) {
        if (auto m = from_import_module(out, field(stmt, "module_name"), pkg)) names.push_back(*m);
      } else {
        for (TSNode n : children_by_field(stmt, "name")) {
          names.emplace_back(out.text(is_type(n, "aliased_import") ? field(n, "name") : n));
        }
      }
      for (const std::string& name : names) {
        for (const std::string& root : moves.roots().explicit_folders()) {
          std::string dotted = root;
          std::replace(dotted.begin(), dotted.end(), '/', '.');
          EXPECT_FALSE(name == dotted || name.rfind(dotted + ".", 0) == 0)
              << "line " << line_of(stmt) << " imports " << name << " through the import root " << root;
        }
      }
    }
  }
  EXPECT_EQ(report, read(c.dir / "report.txt"));
}

INSTANTIATE_TEST_SUITE_P(Corpus, Golden, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string n = info.param.name;
                           std::replace_if(n.begin(), n.end(), [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }, '_');
                           return n;
                         });

TEST(GoldenCorpus, HasAtLeastSixtyCases) { EXPECT_GE(cases().size(), 60u); }

}  // namespace
}  // namespace migrate::rewrite
