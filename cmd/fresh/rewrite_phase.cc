#include "cmd/fresh/rewrite_phase.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "cmd/fresh/phase_steps.h"
#include "common/fs.h"
#include "common/quote.h"
#include "common/test_hook.h"
#include "rewrite/engine.h"
#include "rewrite/moves.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

std::string run_rewrite_phase(Context& ctx) {
  const std::string& rel = ctx.settings.moves;
  const std::string path = ctx.worktree_path(rel);
  const std::optional<std::string> text = read_file(path);
  if (!text) throw PhaseFailure("no moves file " + rel);
  rewrite::MoveSet moves = parse_moves(ctx, *text, {});
  // Every Python file of the worktree that git would commit: tracked ones
  // (moved ones at their new paths) and new untracked ones (apps.py, ...),
  // except the excluded paths (the tooling folder is not the product's code).
  std::vector<RepoPath> excluded;
  for (const auto& e : ctx.settings.exclude)
    if (auto p = RepoPath::parse(e)) excluded.push_back(*p);
  auto wanted = [&](const RepoPath& p) {
    if (!rewrite::is_python_path(p.str())) return false;
    for (const auto& e : excluded)
      if (p.is_under(e)) return false;
    return true;
  };
  std::set<std::string> files;
  for (const auto& p : ctx.repo.tracked_files())
    if (wanted(p)) files.insert(p.str());
  // New files are the prepare and move phases' (apps.py, __init__.py): they
  // lie in the target folder and in the move destinations' folders. Listing
  // those is much cheaper than a status of the whole worktree.
  // The target, widened to the highest folder above it that the base lacks
  // (prepare gave those an __init__.py too).
  std::string top = ctx.settings.target;
  if (auto base = gitops::Oid::from_hex(ctx.state.base); base && RepoPath::parse(top)) {
    const gitops::Oid base_tree = ctx.repo.commit(*base).tree;
    for (RepoPath p = *RepoPath::parse(top); !p.parent().empty() && !ctx.repo.tree_entry(base_tree, p.parent()); p = p.parent())
      top = p.parent().str();
  }
  std::set<std::string> folders = {top};
  for (const auto& m : moves.file_moves())
    if (auto p = RepoPath::parse(m.to)) folders.insert(p->parent().str());
  for (const auto& dir : folders) {
    std::error_code ec;
    const fs::path abs = fs::path(ctx.repo.workdir()) / dir;
    if (dir.empty() || !fs::is_directory(abs, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(abs, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      if (auto p = RepoPath::parse(dir + "/" + fs::relative(it->path(), abs).generic_string()); p && wanted(*p)) files.insert(p->str());
    }
  }
  std::vector<std::string> list(files.begin(), files.end());
  // Tracked files removed from the worktree by hand are not ours to recreate.
  std::erase_if(list, [&](const std::string& f) { return !fs::exists(ctx.worktree_path(f)); });
  // Module moves imply file moves: the files of a package moved by hand
  // (git mv) under a module move get their old locations.
  const std::vector<rewrite::UnderivedMove> underived = moves.imply_file_moves(list);
  check_interrupt();
  rewrite::EngineOptions options;
  options.rewrite.strings = ctx.settings.rewrite_strings;
  options.write = true;
  options.written = [](const std::string&) { test_stop_point("rewrite:file"); };
  options.replacing = [](const std::string&) { test_stop_point("rewrite:replacing"); };
  Progress progress(ctx.progress, "Rewriting", list.size());
  options.progress = [&progress](std::size_t done, std::size_t) { progress.set(done); };
  const rewrite::RewriteSummary summary = rewrite::rewrite_files(ctx.repo.workdir(), list, moves, options);
  progress.stop();
  std::string note = "rewrote " + std::to_string(summary.changed) + " of " + std::to_string(summary.considered) +
                     " Python files (" + std::to_string(summary.parsed) + " parsed)";
  // Anything that may still name a moved module stops the pipeline here,
  // before validate and commit, with or without --no-pause.
  std::string leftovers;
  for (const auto& f : summary.files) {
    if (f.status == rewrite::FileRewrite::Status::kSkipped) {
      leftovers += "\n  " + quote_path(f.path) + (f.line ? ":" + std::to_string(f.line) : std::string()) + ": " + f.reason;
    }
    for (const auto& e : f.errors) {
      const bool stale = std::find(f.stale_lines.begin(), f.stale_lines.end(), e.line) != f.stale_lines.end();
      if (stale) {
        leftovers += "\n  " + quote_path(f.path) + ":" + std::to_string(e.line) +
                     ": the grammar cannot parse this statement and it names a moved module";
      } else {
        note += "\nwarning: " + quote_path(f.path) + ":" + std::to_string(e.line) +
                ": the grammar cannot parse this statement; left as it is";
      }
    }
  }
  std::string failure;
  if (!leftovers.empty()) {
    failure += "\n" + std::to_string(summary.leftovers()) + " file(s) may still refer to a moved module:" + leftovers +
               "\nrewrite them by hand (the other files are rewritten; rewriting again changes nothing)";
  }
  if (!underived.empty()) {
    failure += "\n" + std::to_string(underived.size()) +
               " moved file(s) whose old location cannot be derived (their relative imports were not rewritten):";
    for (const auto& u : underived) failure += "\n  " + rewrite::MoveSet::describe(u, rel);
    failure += "\nadd [[file_moves]] entries for them (the other files are rewritten; rewriting again changes nothing)";
  }
  if (!failure.empty()) throw PhaseFailure(note + failure);
  return note;
}

}  // namespace migrate::cmd
