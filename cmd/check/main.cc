// git-migrate-check: audits what a branch would push (cmd/check/*.cc).
// main.cc: command line, flow, exit codes.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include <CLI/CLI.hpp>

#include "cmd/check/audit.h"
#include "cmd/check/graph_rules.h"
#include "cmd/check/hook.h"
#include "cmd/check/range.h"
#include "cmd/check/report.h"
#include "cmd/check/settings.h"
#include "common/color.h"
#include "common/config.h"
#include "common/errors.h"
#include "common/exit_codes.h"
#include "common/quote.h"
#include "common/progress.h"
#include "common/version.h"
#include "gitops/promisor.h"
#include "gitops/repository.h"

namespace migrate::cmd::check {
namespace {

constexpr const char* kLongHelp = R"(Usage: git migrate-check [options] [<range> | <rev>]
       git migrate-check --pre-push <remote> [<url>]   (reads git's pre-push lines on stdin)
       git migrate-check --rules
       git migrate-check --install-hook | --uninstall-hook

Audits the commits a branch would push for the mistakes of a model migration:
the tooling folder committed (excluded-path), test migrations and stray files
(artifact), lost lines (large-deletion), functions, classes, methods and class
attributes defined nowhere any more (vanished-definition), imports of moved
modules (stale-import) and Django slips (django-appconfig-name,
django-fk-unqualified, django-stale-export). --rules lists every rule.

Range:
  (none)                  merge-base(<main>, HEAD)..HEAD; <main> is migrate.main,
                          else origin/HEAD, origin/master, origin/main,
                          master, main
  A..B                    the commits of B not in A, from their merge base
  <rev>                   that one commit, against its first parent
  --pre-push <remote> [<url>]
                          each ref of the push: from the remote's old value, or,
                          for a new ref, what no refs/remotes/<remote>/* reaches
  --worktree              the migration-graph rules (dj-*, al-*) read the
                          worktree, uncommitted files included, instead of the
                          range's final tree

Output:
  --format <text|json|sarif>   text grouped by file (default), JSON, SARIF 2.1.0
  --color <always|never|auto>  colour the text output
  --warn-only                  exit 0 even when errors are found
  --progress, --no-progress    show (or not) a progress line on standard error
                               for long work; default: only when it is a
                               terminal and the format is text

Settings (flag > git config migrate.<key> > .git-migrate.toml > default):
  --main <branch>              main branch (migrate.main)
  --exclude <folder>           excluded folder, repeatable (default model_migration/)
  --deletion-threshold <n>     lines a file may lose (default 50)
  --artifact-pattern <re2>     artifact pattern, repeatable
  --moves <path>               moves file (default model_migration/moves.toml)
  --baseline <branch>          branch to read the moves file from when the
                               worktree has none (default chore/model-migration-baseline)

Other:
  --rules                      list the rules with their severity and exit
  --install-hook               add the check to the pre-push hook
  --uninstall-hook             remove it again
  -h                           short usage; --help this text; --version

Exit status: 0 no error-severity finding, 1 errors found (or a refused hook
edit), 2 usage or configuration error, 128 a git operation failed.
See git-migrate-check(1).
)";

struct Finished {
  int code;
};

void parse_args(int argc, char** argv, Options& o) {
  CLI::App app{"Audit what a branch would push for model-migration mistakes.", "git migrate-check"};
  app.set_help_flag("-h", "Print short usage and exit");
  bool long_help = false, version = false;
  app.add_flag("--help", long_help, "Print the long help and exit");
  app.add_flag("--version", version, "Print the version and exit");
  app.add_option("range", o.range, "A..B, a revision, or nothing for merge-base(main, HEAD)..HEAD");
  app.add_option("--pre-push", o.pre_push, "Read git's pre-push lines on stdin; <remote> [<url>]")->expected(1, 2);
  std::string format = "text";
  app.add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json", "sarif"}));
  std::string color;
  app.add_option("--color", color, "Colour: always, never, auto")->check(CLI::IsMember({"always", "never", "auto"}));
  app.add_flag("--warn-only", o.warn_only, "Exit 0 even when errors are found");
  // Called as each is read, so that the last of the two wins.
  app.add_flag_callback("--progress", [&o] { o.progress = true; }, "Show progress on stderr, even when not a terminal")
      ->trigger_on_parse();
  app.add_flag_callback("--no-progress", [&o] { o.progress = false; }, "Show no progress")->trigger_on_parse();
  app.add_flag("--worktree", o.worktree, "Migration-graph rules read the worktree instead of the final tree");
  app.add_flag("--rules", o.list_rules, "List the rules and exit");
  auto* install = app.add_flag("--install-hook", o.install_hook, "Add the check to the pre-push hook");
  auto* uninstall = app.add_flag("--uninstall-hook", o.uninstall_hook, "Remove it from the pre-push hook");
  install->excludes(uninstall);
  std::string main_branch, moves, baseline;
  auto* main_opt = app.add_option("--main", main_branch, "Main branch");
  app.add_option("--exclude", o.exclude, "Excluded folder (repeatable)");
  std::int64_t threshold = 0;
  auto* threshold_opt = app.add_option("--deletion-threshold", threshold, "Lines a file may lose")
                            ->check(CLI::NonNegativeNumber);
  app.add_option("--artifact-pattern", o.artifact_patterns, "Artifact pattern, RE2 (repeatable)");
  auto* moves_opt = app.add_option("--moves", moves, "Moves file");
  auto* baseline_opt = app.add_option("--baseline", baseline, "Baseline branch");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    throw Finished{kExitOk};
  } catch (const CLI::ParseError& e) {
    std::cerr << "git-migrate-check: error: " << e.what() << "\n" << app.help();
    throw Finished{kExitUsage};
  }
  if (long_help) {
    std::cout << kLongHelp;
    throw Finished{kExitOk};
  }
  if (version) {
    std::cout << "git-migrate-check " << kVersion << "\n";
    throw Finished{kExitOk};
  }
  if (!o.pre_push.empty() && !o.range.empty()) {
    std::cerr << "git-migrate-check: error: --pre-push takes its ranges from stdin; do not name a range as well\n";
    throw Finished{kExitUsage};
  }
  o.format = format == "json" ? Format::kJson : format == "sarif" ? Format::kSarif : Format::kText;
  if (!color.empty()) o.color = parse_color_when(color);
  if (*main_opt) o.main = main_branch;
  if (*threshold_opt) o.deletion_threshold = threshold;
  if (*moves_opt) o.moves = moves;
  if (*baseline_opt) o.baseline = baseline;
}

int hook_command(const gitops::Repository& repo, bool install) {
  const HookEdit e = install ? install_hook(repo.hooks_dir()) : uninstall_hook(repo.hooks_dir());
  (e.ok ? std::cout : std::cerr) << (e.ok ? "" : "git-migrate-check: error: ") << e.message << "\n";
  return e.ok ? kExitOk : kExitRefused;
}

// Once per run, when the similarity search for renames did not run: exact
// renames and renames by file name were still found, the other moved and
// edited files count as deleted and added. True when something was said.
bool say_rename_detection(const gitops::RenameDetection& d) {
  if (!d.similarity_skipped) return false;
  if (!d.similarity_error.empty()) {
    std::cerr << "git-migrate-check: warning: edited renames were not searched (" << d.similarity_error
              << "); " << d.sources << " deleted and " << d.destinations
              << " added files count as such; fetch the missing objects and run again\n";
  } else {
    std::cerr << "git-migrate-check: note: " << d.sources << " deleted and " << d.destinations
              << " added files are left after exact renames and renames by file name, more than diff.renameLimit ("
              << d.limit << ") lets git compare; they count as deleted and added (raise it: git config "
              << "diff.renameLimit " << std::max(d.sources, d.destinations) << ")\n";
  }
  return true;
}

int audit_command(const gitops::Repository& repo, const Config& cfg, const Options& o, ProgressDisplay& progress) {
  const CheckSettings settings = resolve_settings(o, cfg);
  const AuditPolicy policy{rule_settings(cfg), ignore_entries(cfg)};
  std::vector<AuditRange> ranges;
  if (!o.pre_push.empty()) {
    ranges = pre_push_ranges(repo, o.pre_push.front(), parse_pre_push(std::cin));
  } else {
    ranges.push_back(resolve_range(repo, cfg, o.range, o.main));
  }
  Report report;
  std::set<std::tuple<std::string, std::string, unsigned, std::string, std::string>> seen;
  // The contexts (and their parse trees) live until the process ends.
  std::vector<std::unique_ptr<AuditContext>> contexts;
  bool rename_note_said = false;
  for (AuditRange& range : ranges) {
    report.ranges.push_back({range.label, range.base, range.tip, range.commits.size()});
    contexts.push_back(std::make_unique<AuditContext>(repo, cfg, settings, std::move(range)));
    contexts.back()->set_progress(&progress);
    AuditResult r = run_audit(*contexts.back(), policy);
    if (!rename_note_said) rename_note_said = say_rename_detection(contexts.back()->rename_detection());
    report.migration_entries_skipped += migration_entries_skipped(*contexts.back());
    report.suppressed += r.suppressed;
    report.files_changed += r.files_changed;
    for (rewrite::Finding& f : r.findings) {
      // Two refs of one push sharing commits report a problem once.
      if (!seen.insert({f.rule, f.path, f.line, f.message, f.commit}).second) continue;
      report.findings.push_back(std::move(f));
    }
  }
  std::map<gitops::Oid, std::string> missing;  // blob -> a path it was read for
  for (const auto& ctx : contexts) {
    for (const MissingBlob& m : ctx->missing_blobs().all()) missing.emplace(m.blob, m.path);
  }
  switch (o.format) {
    case Format::kJson: write_json(std::cout, report); break;
    case Format::kSarif: write_sarif(std::cout, report, policy, repo.workdir()); break;
    case Format::kText: write_text(std::cout, report, Palette{use_color(1, o.color, &repo)}); break;
  }
  int code = report.errors() > 0 && !o.warn_only ? kExitRefused : kExitOk;
  if (!missing.empty()) {
    // The findings above are all the rules found; the files named as not
    // read were not audited. Say which objects are missing and what to run
    // (a partial or shallow clone), and exit as a failed git operation.
    std::cout.flush();
    const auto& [blob, path] = *missing.begin();
    std::cerr << "git-migrate-check: error: the audit is incomplete: " << missing.size()
              << (missing.size() == 1 ? " blob is" : " blobs are") << " missing from the object database ("
              << quote_path(path) << ": " << blob.hex() << (missing.size() > 1 ? ", ..." : "") << ")\n";
    const auto hints = gitops::missing_object_hints(gitops::GitError::missing_blob(blob.hex()));
    for (const auto& h : hints) std::cerr << "hint: " << h << '\n';
    if (hints.empty()) std::cerr << "hint: repair the repository (git fsck names what is damaged), or check in a fresh clone\n";
    code = kExitGitFailed;
  }
  // Freeing hundreds of syntax trees costs a good share of the run (tree-
  // sitter releases them node by node) and gains nothing at exit: the output
  // is flushed and the process ends here, without destructors.
  std::cout.flush();
  std::cerr.flush();
  if (!std::cout) {
    std::cerr << "git-migrate-check: fatal: cannot write the report to standard output\n";
    return kExitGitFailed;
  }
  std::_Exit(code);
}

int run(int argc, char** argv) {
  Options o;
  parse_args(argc, argv, o);
  // Progress lines go to stderr; JSON and SARIF are for programs, which get
  // them only when asked for with --progress.
  ProgressDisplay progress = ProgressDisplay::for_stderr(progress_wanted(o.progress, o.format == Format::kText));
  if (o.list_rules) {
    // Severities as configured when run inside a repository.
    AuditPolicy policy;
    std::optional<gitops::Repository> repo;
    try {
      repo.emplace(gitops::Repository::discover("."));
    } catch (const gitops::GitError&) {
    }
    if (repo) policy.rules = rule_settings(Config::load(*repo));
    write_rules(std::cout, policy, Palette{use_color(1, o.color, repo ? &*repo : nullptr)});
    return kExitOk;
  }
  const gitops::Repository repo = gitops::Repository::discover(".");
  load_quote_path(repo);
  if (o.install_hook || o.uninstall_hook) return hook_command(repo, o.install_hook);
  const Config cfg = Config::load(repo);
  return audit_command(repo, cfg, o, progress);
}

}  // namespace
}  // namespace migrate::cmd::check

int main(int argc, char** argv) {
  return migrate::guarded_main("git-migrate-check", [&] {
    try {
      return migrate::cmd::check::run(argc, argv);
    } catch (const migrate::cmd::check::Finished& f) {
      return f.code;
    } catch (const migrate::cmd::check::RangeError& e) {
      std::cerr << "git-migrate-check: error: " << e.what() << "\n";
      return static_cast<int>(migrate::kExitUsage);
    }
  });
}
