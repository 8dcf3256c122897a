// `git migrate-fresh save-scripts [<product>]`: the tooling folder's current
// content becomes one new commit on top of the baseline, built in the object
// database (the baseline is never checked out), the baseline moved by
// compare-and-swap with a backup ref. Replaces the recipe's copy to /tmp,
// checkout baseline, copy back, commit (docs/workflow.md, step 4).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "cmd/fresh/backup.h"
#include "cmd/fresh/command.h"
#include "cmd/fresh/phases.h"
#include "cmd/fresh/run_output.h"
#include "cmd/fresh/settings.h"
#include "cmd/fresh/state.h"
#include "common/color.h"
#include "common/config.h"
#include "common/exit_codes.h"
#include "common/fs.h"
#include "common/json_edit.h"
#include "common/quote.h"
#include "common/test_hook.h"
#include "gitops/repository.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

using gitops::FileMode;
using gitops::Oid;
using gitops::RefName;
using gitops::RepoPath;
using gitops::Repository;

namespace {

struct Options {
  std::string product;
  std::string message;
  std::optional<std::string> baseline;
  std::string color;
  bool dry_run = false, force = false;
};

// What the worktree holds at one path of the tooling folder, taken as `git
// add` takes it: a regular file's bytes and executable bit, a symlink's
// target (mode 120000, never followed). `gone` when nothing is there for
// git: no such path, or a folder on the way that is now a file or a symlink
// (git does not look beyond a symlink), or a folder in its place (whose
// files are listed on their own). Otherwise `problem` says why it cannot be
// saved: a file that cannot be read, or a FIFO, socket or device, which git
// refuses to add ("can only add regular files, symbolic links or
// git-directories"). Reading one as empty would commit an empty blob.
struct WorktreeEntry {
  bool gone = false;
  std::string data;
  FileMode mode = FileMode::kBlob;
  std::string problem;
  bool repository = false;  // the problem is a git repository of its own
  std::optional<Oid> link;  // a submodule's commit (mode 160000)
};

WorktreeEntry read_worktree_entry(const std::string& workdir, const RepoPath& p) {
  WorktreeEntry e;
  const auto gone_or_problem = [&e](int err) {
    if (err == ENOENT || err == ENOTDIR) e.gone = true;
    else e.problem = std::strerror(err);
    return e;
  };
  struct stat st {};
  const std::string& rel = p.str();
  for (std::size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
    if (lstat((workdir + rel.substr(0, slash)).c_str(), &st) != 0) return gone_or_problem(errno);
    if (!S_ISDIR(st.st_mode)) {
      e.gone = true;
      return e;
    }
  }
  const std::string abs = workdir + rel;
  if (lstat(abs.c_str(), &st) != 0) return gone_or_problem(errno);
  if (S_ISDIR(st.st_mode)) {
    // A repository of its own (a clone, a submodule): git add records only
    // a link to its HEAD commit, which no colleague could fetch; its files
    // would never reach the baseline.
    struct stat git {};
    if (lstat((abs + "/.git").c_str(), &git) == 0) {
      e.problem = "a git repository of its own, of which git would save only a link to its commit, not its files";
      e.repository = true;
    } else {
      e.gone = true;
    }
  } else if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(abs, ec);
    if (ec) e.problem = ec.message();
    e.data = target.string();
    e.mode = FileMode::kLink;
  } else if (S_ISREG(st.st_mode)) {
    ReadError why;
    if (auto content = read_file(abs, &why)) e.data = std::move(*content);
    else e.problem = why.message();
    e.mode = (st.st_mode & S_IXUSR) ? FileMode::kExecutable : FileMode::kBlob;
  } else {
    const char* kind = S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket" : "a device";
    e.problem = std::string(kind) + ", and git commits only regular files and symbolic links";
  }
  return e;
}

// `p`, a submodule the baseline records (its commit `recorded`), as git add
// -A reads it: a folder that is a checkout links the commit it holds, one
// that is not (an empty folder) keeps `recorded`; anything else is read as
// any path is.
WorktreeEntry read_submodule_entry(const std::string& workdir, const RepoPath& p, const Oid& recorded) {
  struct stat st {};
  const std::string abs = workdir + p.str();
  if (lstat(abs.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return read_worktree_entry(workdir, p);
  WorktreeEntry e;
  e.mode = FileMode::kCommit;
  e.link = recorded;
  if (lstat((abs + "/.git").c_str(), &st) == 0) {
    try {
      if (const auto head = Repository::open(abs).head_commit()) e.link = *head;
    } catch (const gitops::GitError& err) {
      e.problem = std::string("a submodule that cannot be read: ") + err.what();
    }
  }
  return e;
}

// True when `tip` is a save-scripts commit made on top of `recorded` whose
// run was killed before it recorded it: its only parent is `recorded` and the
// newest backup of the baseline holds `recorded` (save-scripts writes it just
// before moving the branch).
bool interrupted_save(const Repository& repo, const std::string& baseline, const Oid& tip, const std::string& recorded) {
  const gitops::CommitInfo info = repo.commit(tip);
  if (info.parents.size() != 1 || info.parents.front().hex() != recorded) return false;
  const std::string prefix = "refs/migrate/backup/" + baseline + "/";
  long newest = 0;
  std::optional<Oid> newest_value;
  for (const auto& [ref, oid] : repo.refs_with_prefix(prefix)) {
    const std::string tail = ref.full().substr(prefix.size());
    if (tail.empty() || tail.find_first_not_of("0123456789") != std::string::npos) continue;
    if (const long n = std::stol(tail); n > newest) {
      newest = n;
      newest_value = oid;
    }
  }
  return newest_value && newest_value->hex() == recorded;
}

int run(const Options& o) {
  Repository repo = Repository::discover();
  load_quote_path(repo);
  const auto when = o.color.empty() ? std::nullopt : parse_color_when(o.color);
  const Output out(Palette{use_color(1, when, &repo)}, Palette{use_color(2, when, &repo)});
  std::string product = o.product;
  if (product.empty()) {
    const auto known = products_with_state(repo.git_dir());
    if (known.size() == 1) product = known.front();
  }
  if (!product.empty() && !check_product_name(product)) return kExitUsage;
  const Config cfg = Config::load(repo);
  FreshFlags flags;
  flags.baseline = o.baseline;
  const Settings settings = resolve_settings(cfg, flags, product.empty() ? "_" : product);
  std::optional<State> state;
  std::string state_file;
  if (!product.empty()) {
    state_file = state_path(repo.git_dir(), product);
    try {
      state = load_state(state_file, all_phase_names(), state_label(state_file, repo.workdir()));
    } catch (const StateError& e) {
      return out.refuse({"the state of " + product + " cannot be read: " + e.what(),
                         {"forget it with `git migrate-fresh --reset " + product + "`, then save with --baseline <branch>"}});
    }
  }
  const std::string baseline = o.baseline ? *o.baseline : state ? state->baseline : settings.baseline;
  const RefName baseline_ref = RefName::branch(baseline);
  const auto tip = repo.ref_target(baseline_ref);
  if (!tip) return out.refuse({"the baseline branch " + baseline + " does not exist", {"name it with --baseline <branch>"}});
  if (state && tip->hex() != state->baseline_id && interrupted_save(repo, baseline, *tip, state->baseline_id)) {
    // Killed after moving the baseline, before recording it: the baseline's
    // new commit is this run's own save. Record it and go on (nothing is
    // left to save unless the scripts changed since).
    std::cout << "finished the interrupted save: " << baseline << " is at its commit " << tip->short_hex() << "\n";
    state->baseline_id = tip->hex();
    save_state(state_file, *state);
  }
  if (state && tip->hex() != state->baseline_id && !o.force)
    return out.refuse({baseline + " moved since " + state->branch + " was created (was " + state->baseline_id.substr(0, 10) +
                           ", now " + tip->short_hex() + ")",
                       {"look at its new commits: git log " + state->baseline_id.substr(0, 10) + ".." + baseline,
                        "then save on top of them with --force (a file changed on both sides gets your version)"}});
  const auto tooling = RepoPath::parse(settings.tooling);
  if (!tooling || tooling->empty())
    return out.refuse({"the tooling folder " + quote_path(settings.tooling) + " is not a path inside the repository", {}});
  const Oid baseline_tree = repo.commit(*tip).tree;

  // Our changes are the differences between the worktree's tooling folder
  // and the baseline the fresh branch was made from; they are applied on
  // top of the baseline's tip, so a colleague's commits made since (with
  // --force) are kept except where we changed the same file.
  const Oid old_tree = state ? repo.commit(*Oid::from_hex(state->baseline_id)).tree : baseline_tree;
  std::set<RepoPath> files;
  for (const auto& p : repo.tracked_files(*tooling)) files.insert(p);
  for (const auto& p : repo.status().untracked)
    if (p.is_under(*tooling)) files.insert(p);
  for (const auto& e : repo.list_files(old_tree, *tooling)) files.insert(e.path);
  // Everything is read before anything is written: a file that cannot be
  // saved refuses the whole save, as `git add` does.
  std::vector<std::pair<RepoPath, WorktreeEntry>> worktree;
  std::vector<std::string> problems;
  std::size_t repositories = 0;  // of the problems, git repositories of their own
  for (const auto& p : files) {
    const auto recorded = repo.tree_entry(old_tree, p);
    WorktreeEntry e = recorded && recorded->mode == FileMode::kCommit
                          ? read_submodule_entry(repo.workdir(), p, recorded->oid)
                          : read_worktree_entry(repo.workdir(), p);
    if (!e.problem.empty()) problems.push_back(quote_path(p.str()) + ": " + e.problem);
    repositories += e.repository ? 1 : 0;
    worktree.emplace_back(p, std::move(e));
  }
  if (!problems.empty()) {
    std::string what = "cannot save " + quote_path(settings.tooling + "/") + ", nothing was saved:";
    for (std::size_t i = 0; i < problems.size() && i < 10; ++i) what += "\n  " + problems[i];
    if (problems.size() > 10) what += "\n  ... and " + std::to_string(problems.size() - 10) + " more";
    std::vector<std::string> hints;
    if (repositories > 0) {
      hints.push_back("move a repository out of " + quote_path(settings.tooling + "/") +
                      ", or remove its .git to save its files as ordinary files");
    }
    if (const std::size_t others = problems.size() - repositories; others > 0) {
      hints.push_back(others == 1 ? "make it a readable file or a symbolic link, or delete it"
                                  : "make each a readable file or a symbolic link, or delete it");
    }
    hints.back() += ", then run save-scripts again";
    return out.refuse({what, hints});
  }
  Repository::TreeEditor editor(repo, baseline_tree);
  const auto config_json = RepoPath::parse(settings.config_json);
  std::vector<std::string> notes;
  // Removals first: a folder that became a symlink (or a file that became
  // a folder) loses its old entries before the new one takes the name.
  std::vector<gitops::TreeEntry> upserts;
  for (auto& [p, entry] : worktree) {
    const auto old = repo.tree_entry(old_tree, p);
    std::optional<gitops::TreeEntry> ours;
    if (!entry.gone) {
      std::string& content = entry.data;
      if (entry.mode != FileMode::kLink && state && config_json && p == *config_json && old) {
        // The configure phase's status edit belongs to this run, not to
        // the baseline: when it is the file's only change, it is no change.
        try {
          const std::string before = repo.read_blob(old->oid);
          if (content != before && edit_migration_statuses(before, product).text == content) {
            content = before;
            notes.push_back("kept the baseline's " + quote_path(p.str()) + ": its only change is this run's status edit");
          }
        } catch (const JsonError&) {
        }
      }
      ours = gitops::TreeEntry{p, entry.link ? *entry.link : repo.write_blob(content), entry.mode};
    }
    const bool same = ours && old ? (ours->oid == old->oid && ours->mode == old->mode) : (!ours && !old);
    if (same) continue;  // not changed by this run
    const auto theirs = repo.tree_entry(baseline_tree, p);
    const bool they_changed = theirs && old ? (theirs->oid != old->oid || theirs->mode != old->mode) : (theirs.has_value() != old.has_value());
    if (they_changed) notes.push_back("overwrote " + quote_path(p.str()) + ", which " + baseline + " also changed since " + state->baseline_id.substr(0, 10));
    if (ours) upserts.push_back(*ours);
    else editor.remove(p);
  }
  for (const auto& u : upserts) editor.upsert(u.path, u.oid, u.mode);
  const Oid tree = editor.write();
  if (tree == baseline_tree) {
    for (const auto& n : notes) std::cout << n << '\n';
    std::cout << "Nothing to save: " << quote_path(settings.tooling + "/") << " is the same as on " << baseline << ".\n";
    return kExitOk;
  }
  const auto stats = repo.diff_trees(baseline_tree, tree, false);
  std::string body;
  for (const auto& f : stats) {
    const char* kind = f.kind == gitops::FileStat::Kind::kAdded ? "add" : f.kind == gitops::FileStat::Kind::kDeleted ? "delete" : "update";
    body += std::string("- ") + kind + " " + quote_path(f.path.str()) + "\n";
  }
  const std::string message = (o.message.empty() ? "chore(migration-scripts): save script changes" +
                                                       (state ? " from " + state->branch : std::string())
                                                 : o.message) + "\n\n" + body;
  for (const auto& n : notes) std::cout << n << '\n';
  if (o.dry_run) {
    std::cout << "Would commit on " << baseline << " (" << tip->short_hex() << "), nothing is written:\n" << body;
    return kExitOk;
  }
  const Oid commit = repo.create_commit(tree, {*tip}, message);
  test_stop_point("save-scripts:committed");
  const RefName backup = write_backup(repo, baseline, *tip, "save-scripts");
  test_stop_point("save-scripts:backup");
  repo.update_ref(baseline_ref, commit, *tip, "migrate-fresh save-scripts: " + std::to_string(stats.size()) + " file(s) under " + settings.tooling + "/");
  test_stop_point("save-scripts:moved");
  if (state) {
    state->baseline_id = commit.hex();
    save_state(state_file, *state);
  }
  std::cout << "Saved " << stats.size() << (stats.size() == 1 ? " file" : " files") << " on " << baseline << ": "
            << tip->short_hex() << " -> " << commit.short_hex() << " (backup: " << backup.full() << ")\n" << body;
  return kExitOk;
}

}  // namespace

FreshCommand add_save_scripts_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("save-scripts", "commit the tooling folder's changes onto the baseline branch");
  sub->add_option("product", o->product, "the product whose run it is (default: the only run)");
  sub->add_option("-m,--message", o->message, "commit message")->type_name("MSG");
  sub->add_option("--baseline", o->baseline, "the baseline branch (default: the run's, or config baseline)")->type_name("BRANCH");
  sub->add_flag("-n,--dry-run", o->dry_run, "show what would be committed");
  sub->add_flag("-f,--force", o->force, "save even though the baseline moved since the fresh branch was made");
  sub->add_option("--color", o->color, "colour: always, never, auto")->type_name("WHEN")->check(CLI::IsMember({"always", "never", "auto"}));
  return {sub, [o] { return run(*o); }};
}

}  // namespace migrate::cmd
