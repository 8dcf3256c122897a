// `git migrate-fresh rewrite [--moves FILE] [-n | --diff] [--no-strings] [PATH...]`:
// applies a moves file to the worktree's tracked Python files with the
// rewrite core (rewrite/engine.h), or prints the changes as a unified diff.
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "cmd/fresh/command.h"
#include "cmd/fresh/subcommands.h"
#include "common/config.h"
#include "common/exit_codes.h"
#include "common/fs.h"
#include "common/quote.h"
#include "common/progress.h"
#include "common/settings.h"
#include "gitops/repository.h"
#include "rewrite/engine.h"
#include "rewrite/moves.h"
#include "rewrite/repo_path.h"
#include "rewrite/unified_diff.h"

namespace migrate::cmd {
namespace {

struct RewriteArgs {
  std::string moves;
  bool dry_run = false;
  bool diff = false;
  std::optional<bool> strings;
  std::optional<bool> progress;  // --progress / --no-progress
  std::vector<std::string> paths;
  // Hidden, for bench/rewrite.sh: parse every Python file (nothing written)
  // and report the bytes parsed; the number of threads.
  bool debug_parse_all = false;
  unsigned debug_threads = 0;
};

bool file_exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

int run_rewrite(const RewriteArgs& args) {
  ProgressDisplay display = ProgressDisplay::for_stderr(progress_wanted(args.progress));
  gitops::Repository repo = gitops::Repository::discover(".");
  load_quote_path(repo);
  const std::string root = repo.workdir();
  const std::string prefix = repo.prefix();
  const Config config = Config::load(repo);

  // The moves file: --moves (relative to the current directory), else the
  // configured or default path (relative to the worktree root).
  std::string moves_label, moves_file;
  if (!args.moves.empty()) {
    moves_label = args.moves;
    moves_file = args.moves[0] == '/' ? args.moves : root + (prefix.empty() ? "" : prefix + "/") + args.moves;
  } else {
    moves_label = SettingResolver(config).string("moves");
    moves_file = root + moves_label;
  }
  const std::optional<std::string> moves_text = read_file(moves_file);
  if (!moves_text) {
    std::cerr << "git-migrate-fresh rewrite: error: cannot read the moves file " << moves_label
              << "; write one with `git migrate-fresh scan` or name it with --moves\n";
    return kExitUsage;
  }

  // The files: tracked ones, limited to PATHs.
  std::vector<std::string> limits;
  for (const std::string& p : args.paths) {
    auto rel = repo_relative_path(prefix, p);
    if (!rel) {
      std::cerr << "git-migrate-fresh rewrite: error: " << quote_path(p) << " is outside the repository\n";
      return kExitUsage;
    }
    limits.push_back(*rel);
  }
  std::vector<std::string> tracked, files;
  for (const gitops::RepoPath& rp : repo.tracked_files()) tracked.push_back(rp.str());
  rewrite::MovesCheck check;
  check.exists = [&](const std::string& p) { return file_exists(root + p); };
  check.allow_applied = true;  // rewrite runs after the files have moved
  rewrite::MoveSet moves;
  try {
    moves = rewrite::MoveSet::parse(*moves_text, moves_label, check,
                                    worktree_import_roots(root, tracked, config.strings("import_roots")));
  } catch (const rewrite::MovesError& e) {
    for (const std::string& p : e.problems()) std::cerr << "git-migrate-fresh rewrite: error: " << p << '\n';
    return kExitUsage;
  }
  // Module moves imply file moves: the Python files of an applied module
  // move's destination get their old locations, whatever PATHs limit.
  std::vector<std::string> present;
  for (const std::string& f : tracked)
    if (rewrite::is_python_path(f) && file_exists(root + f)) present.push_back(f);
  const std::vector<rewrite::UnderivedMove> underived = moves.imply_file_moves(present);
  std::vector<bool> limit_used(limits.size(), false);
  for (const std::string& f : tracked) {
    bool in = limits.empty();
    for (std::size_t i = 0; i < limits.size(); ++i) {
      const std::string& l = limits[i];
      if (l.empty() || f == l || (f.size() > l.size() && f.compare(0, l.size(), l) == 0 && f[l.size()] == '/')) {
        in = true;
        limit_used[i] = true;
      }
    }
    if (in) files.push_back(f);
  }
  for (std::size_t i = 0; i < limits.size(); ++i) {
    if (!limit_used[i]) {
      std::cerr << "git-migrate-fresh rewrite: error: " << quote_path(args.paths[i]) << " matches no tracked file\n";
      return kExitUsage;
    }
  }

  rewrite::EngineOptions options;
  options.rewrite.strings = args.strings.value_or(config.boolean("rewrite.strings").value_or(true));
  options.rewrite.modules = rewrite::existing_modules(tracked, moves);  // all of them, whatever PATHs limit
  options.write = !args.dry_run && !args.diff && !args.debug_parse_all;
  options.force_parse = args.debug_parse_all;
  options.threads = args.debug_threads;
  options.keep_contents = args.diff;
  std::size_t python = 0;
  for (const std::string& f : files) python += rewrite::is_python_path(f);
  Progress progress(&display, "Rewriting", python);
  options.progress = [&progress](std::size_t done, std::size_t) { progress.set(done); };
  const rewrite::RewriteSummary summary = rewrite::rewrite_files(root, files, moves, options);
  progress.stop();

  // --diff: the patch alone on stdout, the summary on stderr.
  std::ostream& report = args.diff ? std::cerr : std::cout;
  using Status = rewrite::FileRewrite::Status;
  for (const rewrite::FileResult& f : summary.files) {
    if (f.status != Status::kChanged) continue;
    if (args.diff) {
      // The headers as git writes them: "a/<path>" quoted as a whole.
      const std::string a = quote_path("a/" + f.path), b = quote_path("b/" + f.path);
      std::string hunks = rewrite::unified_diff(f.old_content, f.new_content, f.path, f.path);
      const std::size_t second = hunks.find('\n', hunks.find('\n') + 1);  // after its ---/+++ lines
      hunks.erase(0, second == std::string::npos ? hunks.size() : second + 1);
      std::cout << "diff --git " << a << ' ' << b << "\n--- " << a << "\n+++ " << b << '\n' << hunks;
    } else {
      report << (args.dry_run ? "would change: " : "changed: ") << quote_path(f.path) << '\n';
    }
  }
  for (const rewrite::FileResult& f : summary.files) {
    if (f.status != Status::kSkipped) continue;
    report << "left untouched: " << quote_path(f.path);
    if (f.line) report << ':' << f.line;
    report << ": " << f.reason << '\n';
  }
  // Error regions: rewritten around; the ones that may name a moved module
  // are stale references left behind.
  std::size_t stale_files = 0;
  for (const rewrite::FileResult& f : summary.files) {
    stale_files += !f.stale_lines.empty();
    for (const rewrite::ErrorRegion& e : f.errors) {
      if (std::find(f.stale_lines.begin(), f.stale_lines.end(), e.line) != f.stale_lines.end()) {
        report << "left with a stale reference: " << quote_path(f.path) << ':' << e.line
               << ": the grammar cannot parse this statement and it names a moved module; rewrite it by hand\n";
      } else {
        std::cerr << "warning: " << quote_path(f.path) << ':' << e.line
                  << ": the grammar cannot parse this statement; it was left as it is and the rest of the file rewritten\n";
      }
    }
  }
  for (const rewrite::UnderivedMove& u : underived) {
    report << "not rewritten as moved: " << rewrite::MoveSet::describe(u, moves_label) << '\n';
  }
  const std::size_t skipped = summary.skipped();
  report << summary.considered << " Python files considered, " << summary.parsed << " parsed, " << summary.changed
         << (options.write ? " changed, " : " would change, ") << skipped << " left untouched";
  if (stale_files) report << ", " << stale_files << " with stale references in code the grammar cannot parse";
  if (args.debug_parse_all) report << ", " << summary.bytes_parsed << " bytes parsed";
  report << '\n';
  if (summary.leftovers()) {
    std::cerr << "git-migrate-fresh rewrite: error: " << summary.leftovers()
              << " file(s) may still refer to a moved module (listed above); fix them, then run the rewrite again\n";
  }
  if (!underived.empty()) {
    std::cerr << "git-migrate-fresh rewrite: error: " << underived.size()
              << " moved file(s) whose old location cannot be derived (listed above): their relative imports"
                 " were not rewritten; add [[file_moves]] entries for them, then run the rewrite again\n";
  }
  return summary.leftovers() || !underived.empty() ? kExitRefused : kExitOk;
}

}  // namespace

rewrite::ImportRoots worktree_import_roots(const std::string& root, const std::vector<std::string>& tracked,
                                           const std::optional<std::vector<std::string>>& configured) {
  return rewrite::ImportRoots::choose(configured, tracked, [&](const std::string& p) { return read_file(root + p); });
}

std::optional<std::string> repo_relative_path(const std::string& prefix, const std::string& arg) {
  if (!arg.empty() && arg[0] == '/') return std::nullopt;
  return rewrite::normalize_repo_path(prefix.empty() ? arg : prefix + "/" + arg);
}

FreshCommand add_rewrite_command(CLI::App& parent) {
  auto args = std::make_shared<RewriteArgs>();
  CLI::App* app = parent.add_subcommand("rewrite", "Rewrite Python imports and dotted strings from a moves file");
  app->add_option("--moves", args->moves, "The moves file (default: config `moves`, else model_migration/moves.toml)");
  auto* dry = app->add_flag("-n,--dry-run", args->dry_run, "Show which files would change; write nothing");
  auto* diff = app->add_flag("--diff", args->diff, "Print the changes as a unified diff; write nothing");
  dry->excludes(diff);
  app->add_flag_callback("--no-strings", [args] { args->strings = false; },
                         "Leave dotted strings alone (config rewrite.strings)");
  app->add_flag_callback("--strings", [args] { args->strings = true; }, "Rewrite dotted strings (the default)");
  app->add_flag_callback("--progress", [args] { args->progress = true; },
                         "Show progress on stderr, even when not a terminal")
      ->trigger_on_parse();  // as it is read: the last of the two wins
  app->add_flag_callback("--no-progress", [args] { args->progress = false; }, "Show no progress")->trigger_on_parse();
  app->add_option("paths", args->paths, "Limit the rewrite to these files or folders");
  app->add_flag("--debug-parse-all", args->debug_parse_all)->group("");
  app->add_option("--debug-threads", args->debug_threads)->group("");
  return FreshCommand{app, [args] { return run_rewrite(*args); }};
}

}  // namespace migrate::cmd
