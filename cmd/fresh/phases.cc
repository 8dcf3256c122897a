#include "cmd/fresh/phases.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cmd/fresh/backup.h"
#include "cmd/fresh/rewrite_phase.h"
#include "cmd/fresh/subcommands.h"
#include "common/json_edit.h"
#include "common/process.h"
#include "common/test_hook.h"
#include "rewrite/moves.h"
#include "rewrite/settings_edit.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

using gitops::FileMode;
using gitops::Oid;
using gitops::RefName;
using gitops::RepoPath;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PhaseFailure("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Oid oid_of(const std::string& hex) {
  auto o = Oid::from_hex(hex);
  if (!o) throw PhaseFailure("the state holds a bad commit id '" + hex + "'");
  return *o;
}

RepoPath repo_path(std::string_view s, std::string_view what) {
  auto p = RepoPath::parse(s);
  if (!p) throw PhaseFailure(std::string(what) + " '" + std::string(s) + "' is not a path inside the repository");
  return *p;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

// --- branch ------------------------------------------------------------------

std::string phase_branch(Context& ctx) {
  auto& repo = ctx.repo;
  const State& st = ctx.state;
  const Oid base = oid_of(st.base), baseline = oid_of(st.baseline_id);
  const RefName fresh = RefName::branch(st.branch);
  const std::string done = "on " + st.branch + " at " + base.short_hex() + " (" + st.base_spec +
                           "), index and worktree hold " + st.baseline + " (" + baseline.short_hex() + ")";
  const auto head_branch = repo.current_branch();
  auto current = repo.ref_target(fresh);
  if (head_branch && *head_branch == fresh) {
    if (current && *current == base) return done;
    if (current && *current == baseline) {
      repo.update_ref(fresh, base, baseline, "migrate-fresh: soft reset " + st.branch + " to " + base.short_hex());
      return done;
    }
    throw PhaseFailure(st.branch + " is checked out but points at " + (current ? current->short_hex() : std::string("nothing")) +
                       ", neither the baseline nor the base; start over with `git migrate-fresh --abort " + st.product + "`");
  }
  if (!current) {
    repo.update_ref(fresh, baseline, std::nullopt, "migrate-fresh: create " + st.branch + " from " + st.baseline);
    test_stop_point("branch:created");
  } else if (*current != baseline) {
    if (st.replaced.empty() || current->hex() != st.replaced)
      throw PhaseFailure("branch " + st.branch + " exists at " + current->short_hex() +
                         "; replace it with --force (a backup ref is kept) or pick another name with --branch");
    const RefName backup = write_backup(repo, st.branch, *current, "replaced by --force");
    repo.update_ref(fresh, baseline, *current, "migrate-fresh: replace " + st.branch + " (--force, backup " + backup.full() + ")");
    ctx.say("branch", "replaced the old " + st.branch + " (backup: " + backup.full() + ")");
  }
  const auto head = repo.head_commit();
  if (!head) throw PhaseFailure("HEAD has no commit");
  const Oid head_tree = repo.commit(*head).tree, baseline_tree = repo.commit(baseline).tree;
  // Resuming after a crash: an index that already holds the baseline means
  // the checkout finished (libgit2 writes the index last). A checkout cut
  // short left some of the baseline's files in the worktree; a file whose
  // content is exactly the baseline's is ours, not the user's: it goes, and
  // the checkout writes it again.
  if (repo.index_tree() != baseline_tree) {
    for (const auto& p : repo.checkout_conflicts(head_tree, baseline_tree)) {
      const auto blob = repo.read_blob_at(baseline_tree, p);
      std::error_code ec;
      if (blob && fs::is_regular_file(fs::symlink_status(ctx.worktree_path(p.str()), ec)) &&
          read_text(ctx.worktree_path(p.str())) == *blob)
        fs::remove(ctx.worktree_path(p.str()), ec);
    }
    repo.checkout_tree(head_tree, baseline_tree);
  }
  test_stop_point("branch:checked-out");
  repo.set_head(fresh, "migrate-fresh: checkout " + st.branch);
  test_stop_point("branch:head-set");
  repo.update_ref(fresh, base, baseline, "migrate-fresh: soft reset " + st.branch + " to " + base.short_hex());
  return done;
}

// --- configure ---------------------------------------------------------------

std::string phase_configure(Context& ctx) {
  const std::string& rel = ctx.settings.config_json;
  const std::string path = ctx.worktree_path(rel);
  if (!fs::exists(path)) return "skipped: no " + rel;
  const std::string text = read_text(path);
  MigrationsEdit edit;
  try {
    edit = edit_migration_statuses(text, ctx.state.product);
  } catch (const JsonError& e) {
    throw PhaseFailure(rel + ":" + std::to_string(e.line()) + ": not valid JSON: " +
                       std::string(e.what()).substr(std::string(e.what()).find(": ") + 2));
  }
  switch (edit.outcome) {
    case MigrationsEdit::Outcome::kNoMigrationsList:
      return "skipped: " + rel + " has no \"migrations\" list";
    case MigrationsEdit::Outcome::kProductMissing: {
      std::string listed;
      for (const auto& n : edit.names) listed += (listed.empty() ? "" : ", ") + n;
      throw PhaseFailure(ctx.state.product + " is not in the migrations list of " + rel + " (listed: " +
                         (listed.empty() ? std::string("none") : listed) +
                         "); add an entry {\"name\": \"" + ctx.state.product + "\", ...} to it on the baseline, or check the product name");
    }
    case MigrationsEdit::Outcome::kEdited: break;
  }
  if (edit.text != text) write_file_atomic(path, edit.text);
  const std::size_t others = edit.names.size() - 1;
  return rel + ": " + ctx.state.product + " is \"todo\", " + std::to_string(others) +
         (others == 1 ? " other is" : " others are") + " \"skip\"";
}

// --- prepare -----------------------------------------------------------------

rewrite::MoveSet load_moves(const Context& ctx);

// Files the move phase will bring: prepare must not create them first (a
// package moved whole brings its own __init__.py).
std::set<std::string> move_destinations(const Context& ctx) {
  std::set<std::string> out;
  if (!ctx.state.run.empty() || !fs::exists(ctx.worktree_path(ctx.settings.moves))) return out;
  const rewrite::MoveSet moves = load_moves(ctx);  // kept alive: file_moves() refers into it
  for (const auto& m : moves.file_moves()) out.insert(m.to);
  return out;
}

std::string phase_prepare(Context& ctx) {
  const Settings& s = ctx.settings;
  const RepoPath target = repo_path(s.target, "the target folder");
  std::string why;
  const std::optional<std::string> target_mod = target_module(ctx, &why);
  if (!target_mod) throw PhaseFailure("the target folder " + s.target + " cannot be imported as a Python package: " + why);
  const Oid base_tree = ctx.repo.commit(oid_of(ctx.state.base)).tree;
  const std::set<std::string> incoming = move_destinations(ctx);
  std::vector<std::string> created;
  // The target and every folder above it that the base does not have get an
  // __init__.py: they are packages of this product.
  std::vector<RepoPath> folders;
  for (RepoPath p = target; !p.empty(); p = p.parent()) folders.push_back(p);
  std::reverse(folders.begin(), folders.end());
  for (const auto& dir : folders) {
    fs::create_directories(ctx.worktree_path(dir.str()));
    const bool in_base = ctx.repo.tree_entry(base_tree, dir).has_value();
    if (in_base && !(dir == target)) continue;
    const RepoPath init = dir.join("__init__.py");
    if (!incoming.count(init.str()) && !fs::exists(ctx.worktree_path(init.str()))) {
      write_file_atomic(ctx.worktree_path(init.str()), "");
      created.push_back(init.str());
    }
  }
  const std::string& module = *target_mod;
  const std::string class_name = rewrite::pascal_case(ctx.state.product) + "Config";
  std::vector<std::string> notes;
  if (s.django_app) {
    const RepoPath apps = target.join("apps.py");
    if (!incoming.count(apps.str()) && !fs::exists(ctx.worktree_path(apps.str()))) {
      write_file_atomic(ctx.worktree_path(apps.str()), rewrite::app_config_source(class_name, module, ctx.state.product));
      created.push_back(apps.str() + " (" + class_name + ")");
    }
  }
  if (!created.empty()) {
    std::string line = "created ";
    for (std::size_t i = 0; i < created.size(); ++i) line += (i ? ", " : "") + created[i];
    notes.push_back(line);
  }
  if (s.django_app && !s.settings_file.empty() && !s.settings_list.empty()) {
    const std::string path = ctx.worktree_path(s.settings_file);
    if (!fs::exists(path)) throw PhaseFailure("the settings file " + s.settings_file + " (fresh.settings_file) does not exist");
    const std::string text = read_text(path);
    const std::string value = module + ".apps." + class_name;
    const auto r = rewrite::insert_into_list(text, s.settings_list, value, module + ".apps.");
    const std::string where = s.settings_list + " in " + s.settings_file;
    using O = rewrite::ListInsertion::Outcome;
    switch (r.outcome) {
      case O::kInserted: notes.push_back("added \"" + value + "\" to " + where); break;
      case O::kAlreadyPresent: notes.push_back(where + " already lists \"" + value + "\""); break;
      case O::kReplaced: notes.push_back("corrected \"" + r.replaced + "\" to \"" + value + "\" in " + where); break;
      case O::kNotFound: throw PhaseFailure(s.settings_file + ": no top-level assignment of " + s.settings_list + " (fresh.settings_list)");
      case O::kNotAList: throw PhaseFailure(s.settings_file + ":" + std::to_string(r.line) + ": " + s.settings_list + " is not a list literal; add \"" + value + "\" to it by hand and run `git migrate-fresh --resume " + ctx.state.product + "`");
      case O::kSyntaxError: throw PhaseFailure(s.settings_file + ":" + std::to_string(r.line) + ": syntax error; fix the file and resume");
    }
    if (r.text != text) write_file_atomic(path, r.text);
  }
  if (notes.empty()) notes.push_back(s.target + " is ready");
  return join_lines(notes);
}

// --- move --------------------------------------------------------------------

rewrite::MoveSet load_moves(const Context& ctx) {
  const std::string& rel = ctx.settings.moves;
  const std::string path = ctx.worktree_path(rel);
  if (!fs::exists(path))
    throw PhaseFailure("no moves file " + rel + "; write one with `git migrate-fresh scan --from <folder> --to " +
                       ctx.settings.target + " -o " + rel + "`, or run the team's script with --run");
  const std::string text = read_text(path);
  rewrite::MovesCheck check;
  check.exists = [&ctx](const std::string& p) { return fs::exists(fs::symlink_status(ctx.worktree_path(p))); };
  check.allow_applied = true;
  try {
    return rewrite::MoveSet::parse(text, rel, check, worktree_roots(ctx));
  } catch (const rewrite::MovesError& e) {
    throw PhaseFailure("the moves file is not valid:\n" + join_lines(e.problems()));
  }
}

std::string phase_move(Context& ctx) {
  const rewrite::MoveSet moves = load_moves(ctx);
  const Oid base_tree = ctx.repo.commit(oid_of(ctx.state.base)).tree;
  const fs::path root = fs::path(ctx.repo.workdir()).parent_path();
  std::size_t moved = 0, already = 0;
  std::set<RepoPath> folders;  // folders of Python targets
  // git mv semantics with one index write instead of one per file: the
  // files are renamed in the worktree, then every source and destination is
  // staged together (after the branch phase the moved files' worktree
  // content is their index content). Resuming after an interruption finds
  // the files already renamed and stages them again.
  std::vector<RepoPath> to_stage;
  for (const auto& m : moves.file_moves()) {
    check_interrupt();
    const RepoPath from = repo_path(m.from, "move source"), to = repo_path(m.to, "move destination");
    const fs::path src = root / from.str(), dst = root / to.str();
    const bool src_exists = fs::exists(fs::symlink_status(src));
    const bool dst_exists = fs::exists(fs::symlink_status(dst));
    if (src_exists && dst_exists)
      throw PhaseFailure(ctx.settings.moves + ":" + std::to_string(m.line) + ": both " + m.from + " and " + m.to +
                         " exist; remove one of them, then resume");
    if (src_exists) {
      fs::create_directories(dst.parent_path());
      fs::rename(src, dst);
      test_stop_point("move:file");
      for (fs::path dir = src.parent_path(); dir.string().size() > root.string().size(); dir = dir.parent_path()) {
        std::error_code ec;
        if (!fs::is_empty(dir, ec) || ec) break;
        fs::remove(dir, ec);
      }
      ++moved;
    } else if (dst_exists) {
      ++already;
    } else {
      throw PhaseFailure(ctx.settings.moves + ":" + std::to_string(m.line) + ": neither " + m.from + " nor " + m.to + " exists");
    }
    to_stage.push_back(from);
    to_stage.push_back(to);
    if (to.str().size() > 3 && to.str().compare(to.str().size() - 3, 3, ".py") == 0)
      for (RepoPath p = to.parent(); !p.empty(); p = p.parent()) folders.insert(p);
  }
  if (!to_stage.empty()) ctx.repo.stage_paths(to_stage);
  test_stop_point("move:staged");
  // Folders the moves created (absent from the base) and folders inside the
  // target become packages.
  const RepoPath target = repo_path(ctx.settings.target, "the target folder");
  std::vector<std::string> created;
  for (const auto& dir : folders) {
    const bool inside_target = dir.is_under(target);
    if (!inside_target && ctx.repo.tree_entry(base_tree, dir).has_value()) continue;
    const RepoPath init = dir.join("__init__.py");
    if (!fs::exists(ctx.worktree_path(init.str()))) {
      write_file_atomic(ctx.worktree_path(init.str()), "");
      created.push_back(init.str());
    }
  }
  std::string note = "moved " + std::to_string(moved) + (moved == 1 ? " file" : " files");
  if (already) note += " (" + std::to_string(already) + " already moved)";
  if (!created.empty()) {
    note += "; created";
    for (std::size_t i = 0; i < created.size(); ++i) note += (i ? ", " : " ") + created[i];
  }
  return note;
}

// --- commands ----------------------------------------------------------------

void stream_out(std::string_view s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

std::string run_commands(Context& ctx, const std::string& phase, const std::vector<std::string>& commands,
                         const std::string& origin) {
  for (const auto& c : commands) {
    ctx.say(phase, "$ " + c + (origin.empty() ? "" : "    (" + origin + ")"));
    // The command's process group is recorded while it runs: after a crash
    // of this process, --resume and --abort stop what is left of it.
    const ProcessResult r = run_shell(c, ctx.repo.workdir(), stream_out, 20, [&](int pgid) {
      ctx.state.child = pgid;
      ctx.save();
      test_stop_point(phase + ":command-started");
    });
    ctx.state.child = 0;
    ctx.save();
    if (r.interrupted) throw Interrupted(interrupt_signal());
    if (!r.ok()) throw PhaseFailure("`" + c + "` " + r.describe(), r.tail);
  }
  return std::to_string(commands.size()) + (commands.size() == 1 ? " command" : " commands") + " passed";
}

std::string phase_commands(Context& ctx, const std::string& phase) {
  const auto& commands = phase == "validate" ? ctx.settings.validate : ctx.settings.generate;
  if (commands.empty()) return "skipped: no commands configured (fresh." + phase + ")";
  return run_commands(ctx, phase, commands, ctx.settings.origin[phase]);
}

std::string phase_run(Context& ctx) {
  return run_commands(ctx, "run", {ctx.state.run}, ctx.settings.origin.count("run") ? ctx.settings.origin["run"] : "");
}

// --- commit ------------------------------------------------------------------

std::string phase_commit(Context& ctx) {
  auto& repo = ctx.repo;
  const RefName fresh = RefName::branch(ctx.state.branch);
  const auto head_branch = repo.current_branch();
  if (!head_branch || *head_branch != fresh)
    throw PhaseFailure("HEAD is not " + ctx.state.branch + "; switch back to it (git switch " + ctx.state.branch + ") and resume");
  std::vector<RepoPath> exclude;
  for (const auto& e : ctx.settings.exclude) exclude.push_back(repo_path(e, "excluded path"));
  for (const auto& u : ctx.state.untracked)
    if (auto p = RepoPath::parse(u)) exclude.push_back(*p);
  const Oid tree = repo.stage_all(exclude);
  test_stop_point("commit:staged");
  for (const auto& e : ctx.settings.exclude) {
    // The seed's trap: after the soft reset the tooling folder is staged, so
    // `git add -A ':(exclude)model_migration/'` commits it anyway.
    if (repo.tree_entry(tree, repo_path(e, "excluded path")))
      throw PhaseFailure("internal error: " + e + " is still in the tree to commit");
  }
  const Oid head = *repo.head_commit();
  const auto head_info = repo.commit(head);
  if (head_info.tree == tree) {
    if (head.hex() != ctx.state.base) return "committed " + head.short_hex() + ": " + head_info.summary;
    return "nothing to commit: the worktree equals the base outside the excluded paths";
  }
  const Oid c = repo.create_commit(tree, {head}, ctx.settings.message);
  test_stop_point("commit:created");
  repo.update_ref(fresh, c, head, "migrate-fresh: commit " + ctx.state.product + " migration");
  const auto stats = repo.diff_trees(head_info.tree, tree, true);
  std::string excluded;
  for (const auto& e : ctx.settings.exclude) excluded += (excluded.empty() ? "" : ", ") + e + "/";
  return "committed " + c.short_hex() + " (" + std::to_string(stats.size()) + (stats.size() == 1 ? " file" : " files") +
         "): " + ctx.settings.message + "\nnot committed, left in the worktree: " + excluded;
}

}  // namespace

const std::vector<std::string>& builtin_phases() {
  static const std::vector<std::string> k = {"branch", "configure", "prepare", "move", "rewrite", "validate", "generate", "commit"};
  return k;
}

const std::vector<std::string>& run_phases() {
  static const std::vector<std::string> k = {"branch", "configure", "prepare", "run", "validate", "generate", "commit"};
  return k;
}

const std::vector<std::string>& all_phase_names() {
  static const std::vector<std::string> k = {"branch", "configure", "prepare", "move", "rewrite", "run", "validate", "generate", "commit"};
  return k;
}

std::string canonical_phase(std::string_view name) {
  if (name == "init") return "branch";
  return std::string(name);
}

std::int64_t Context::now() const {
  try {
    return repo.committer_signature().time;  // honours GIT_COMMITTER_DATE
  } catch (const gitops::GitError&) {
    return static_cast<std::int64_t>(std::time(nullptr));
  }
}

rewrite::ImportRoots worktree_roots(const Context& ctx) {
  std::vector<std::string> tracked;
  for (const RepoPath& p : ctx.repo.tracked_files()) tracked.push_back(p.str());
  return worktree_import_roots(ctx.repo.workdir(), tracked, ctx.settings.import_roots);
}

std::optional<std::string> target_module(const Context& ctx, std::string* why) {
  const rewrite::ImportRoots roots = worktree_roots(ctx);
  const std::string& target = ctx.settings.target;
  const std::string& root = roots.root_of(target);
  if (target == root) {
    if (why) *why = "it is an import root, not a package";
    return std::nullopt;
  }
  const std::string below = root.empty() ? target : target.substr(root.size() + 1);
  if (std::string r = rewrite::unimportable_reason(below, '/'); !r.empty()) {
    if (why) *why = r;
    return std::nullopt;
  }
  return roots.module_of_folder(target);
}

void check_interrupt() {
  if (const int sig = interrupt_signal()) throw Interrupted(sig);
}

std::string run_phase(Context& ctx, const std::string& phase) {
  if (phase == "branch") return phase_branch(ctx);
  if (phase == "configure") return phase_configure(ctx);
  if (phase == "prepare") return phase_prepare(ctx);
  if (phase == "move") return phase_move(ctx);
  if (phase == "rewrite") return run_rewrite_phase(ctx);
  if (phase == "run") return phase_run(ctx);
  if (phase == "validate" || phase == "generate") return phase_commands(ctx, phase);
  if (phase == "commit") return phase_commit(ctx);
  throw PhaseFailure("unknown phase " + phase);
}

std::string describe_phase(const Context& ctx, const std::string& phase) {
  const Settings& s = ctx.settings;
  const State& st = ctx.state;
  if (phase == "branch")
    return "create " + st.branch + " at " + st.baseline + " (" + st.baseline_id.substr(0, 10) +
           "), check it out, soft reset it to " + st.base.substr(0, 10) + " (" + st.base_spec + ")";
  if (phase == "configure")
    return "set " + st.product + " to \"todo\" and every other entry to \"skip\" in " + s.config_json + " (if present)";
  if (phase == "prepare") {
    std::string d = "create " + s.target + " with __init__.py";
    if (s.django_app) {
      const std::string cls = rewrite::pascal_case(st.product) + "Config";
      d += " and apps.py (" + cls + ")";
      if (!s.settings_file.empty() && !s.settings_list.empty())
        d += "; add \"" + target_module(ctx).value_or(s.target) + ".apps." + cls + "\" to " + s.settings_list + " in " +
             s.settings_file;
    }
    return d;
  }
  if (phase == "move") return "move the files of " + s.moves + " (git mv)";
  if (phase == "rewrite") return "rewrite imports of the moved modules (" + s.moves + ")";
  if (phase == "run") return "$ " + st.run;
  if (phase == "validate" || phase == "generate") {
    const auto& cmds = phase == "validate" ? s.validate : s.generate;
    if (cmds.empty()) return "skipped: no commands configured (fresh." + phase + ")";
    std::string d;
    for (const auto& c : cmds) d += (d.empty() ? "$ " : "\n$ ") + c;
    return d;
  }
  if (phase == "commit") {
    std::string excluded;
    for (const auto& e : s.exclude) excluded += (excluded.empty() ? "" : ", ") + e + "/";
    return "commit everything except " + excluded + ": \"" + s.message + "\"";
  }
  return phase;
}

}  // namespace migrate::cmd
