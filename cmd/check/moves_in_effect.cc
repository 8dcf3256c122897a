#include "cmd/check/moves_in_effect.h"

#include <vector>

#include "common/fs.h"

namespace migrate::cmd::check {
std::optional<MovesSource> find_moves(const AuditContext& ctx) {
  const std::string& rel = ctx.settings().moves_path;
  if (std::optional<std::string> text = read_file(ctx.repo().workdir() + rel)) return MovesSource{std::move(*text), rel};
  auto path = gitops::RepoPath::parse(rel);
  if (!path) return std::nullopt;
  auto baseline = ctx.repo().try_resolve_commit(ctx.settings().baseline);
  if (!baseline) return std::nullopt;
  auto text = ctx.repo().read_blob_at(ctx.repo().commit(*baseline).tree, *path);
  if (!text) return std::nullopt;
  return MovesSource{*text, ctx.settings().baseline + ":" + rel};
}

namespace {

bool exists_at_end(const AuditContext& ctx, const std::string& path) {
  auto p = gitops::RepoPath::parse(path);
  return p && ctx.repo().tree_entry(ctx.end_tree(), *p).has_value();
}

// A module exists at the end when its file or its package does, below one
// of the import roots.
bool module_exists_at_end(const AuditContext& ctx, const rewrite::ImportRoots& roots, const std::string& dotted) {
  for (const std::string& root : roots.folders()) {
    const std::string path = rewrite::ImportRoots::folder_in(root, dotted);
    for (const std::string& p : {path + ".py", path + "/__init__.py"}) {
      if (roots.module_of(p) == dotted && exists_at_end(ctx, p)) return true;
    }
  }
  return false;
}

}  // namespace

rewrite::MoveSet applied_moves(const AuditContext& ctx, const rewrite::MoveSet& all) {
  std::vector<rewrite::FileMove> files;
  for (const rewrite::FileMove& f : all.file_moves()) {
    if (!exists_at_end(ctx, f.from) && exists_at_end(ctx, f.to)) files.push_back(f);
  }
  std::vector<rewrite::ModuleMove> modules;
  for (const rewrite::ModuleMove& m : all.module_moves()) {
    if (!m.implied && !module_exists_at_end(ctx, all.roots(), m.from)) modules.push_back(m);
  }
  std::vector<rewrite::SymbolRemap> remaps;
  if (!files.empty() || !modules.empty()) remaps = all.symbol_remaps();
  return rewrite::MoveSet::build(all.product(), std::move(files), std::move(modules), std::move(remaps), "<moves>", {},
                                 all.roots());
}

rewrite::MoveSet moves_in_effect(const AuditContext& ctx) {
  if (const std::optional<MovesSource> src = find_moves(ctx)) {
    try {
      rewrite::MoveSet all = rewrite::MoveSet::parse(src->text, src->label, {}, ctx.import_roots());
      // --worktree audits uncommitted moves, which the final tree cannot show.
      if (ctx.settings().worktree) return all;
      rewrite::MoveSet applied = applied_moves(ctx, all);
      if (!applied.empty()) return applied;
    } catch (const rewrite::MovesError&) {
      // stale-import reports it; the renames below still say what moved
    }
  }
  std::vector<rewrite::FileMove> files;
  for (const gitops::FileStat& f : ctx.changes()) {
    if (f.kind != gitops::FileStat::Kind::kRenamed || !f.old_path) continue;
    const std::string from = f.old_path->str(), to = f.path.str();
    auto python = [](const std::string& p) { return p.size() > 3 && p.compare(p.size() - 3, 3, ".py") == 0; };
    if (python(from) && python(to)) files.push_back({from, to});
  }
  try {
    return rewrite::MoveSet::build("", std::move(files), {}, {}, "<renames>", {}, ctx.import_roots());
  } catch (const rewrite::MovesError&) {
    return {};
  }
}

}  // namespace migrate::cmd::check
