// 5. stale-import: with a moves file, imports and dotted strings of the
// final tree that still name an old module (the seed's "Stale Imports" and
// "No stale import references left in codebase"). The moves file comes from
// the worktree or, when it has none, from the baseline branch's tree (read
// from the object database, never checked out).
#include <fstream>
#include <set>
#include <sstream>

#include "cmd/check/rules.h"
#include "rewrite/imports.h"
#include "rewrite/moves.h"

namespace migrate::cmd::check {
namespace {

using rewrite::Finding;
using rewrite::Severity;

struct MovesSource {
  std::string text;
  std::string label;  // "model_migration/moves.toml" or "chore/model-migration-baseline:model_migration/moves.toml"
};

std::optional<MovesSource> find_moves(const AuditContext& ctx) {
  const std::string& rel = ctx.settings().moves_path;
  std::ifstream in(ctx.repo().workdir() + rel, std::ios::binary);
  if (in) {
    std::ostringstream s;
    s << in.rdbuf();
    return MovesSource{s.str(), rel};
  }
  auto path = gitops::RepoPath::parse(rel);
  if (!path) return std::nullopt;
  auto baseline = ctx.repo().try_resolve_commit(ctx.settings().baseline);
  if (!baseline) return std::nullopt;
  auto text = ctx.repo().read_blob_at(ctx.repo().commit(*baseline).tree, *path);
  if (!text) return std::nullopt;
  return MovesSource{*text, ctx.settings().baseline + ":" + rel};
}

std::string last_segment(const std::string& dotted) {
  const auto dot = dotted.rfind('.');
  return dot == std::string::npos ? dotted : dotted.substr(dot + 1);
}

void run_stale_import(const AuditContext& ctx, std::vector<Finding>& out) {
  const std::optional<MovesSource> src = find_moves(ctx);
  if (!src) return;
  rewrite::MoveSet moves;
  try {
    moves = rewrite::MoveSet::parse(src->text, src->label);
  } catch (const rewrite::MovesError& e) {
    std::string what;
    for (const std::string& p : e.problems()) what += (what.empty() ? "" : "; ") + p;
    out.push_back({"stale-import", Severity::kError, "", 0, "the moves file is invalid: " + what, ""});
    return;
  }
  if (moves.empty()) return;
  // Cheap filter before parsing: a file can only refer to a moved module if
  // it mentions the module's last segment (relative imports included) or a
  // remapped symbol.
  std::set<std::string> needles;
  for (const rewrite::ModuleMove& m : moves.module_moves()) needles.insert(last_segment(m.from));
  for (const rewrite::SymbolRemap& r : moves.symbol_remaps()) needles.insert(r.name);
  for (const std::string& path : ctx.end_files().paths()) {
    if (!is_python(path)) continue;
    const rewrite::ParsedFile* parsed = ctx.parsed_end(path);
    std::optional<rewrite::ParsedFile> own;
    if (!parsed) {
      const auto content = ctx.end_files().read(path);
      if (!content) continue;
      bool mentions = false;
      for (const std::string& n : needles) {
        if (content->find(n) != std::string::npos) { mentions = true; break; }
      }
      if (!mentions) continue;
      own.emplace(*content);
      parsed = &*own;
    }
    for (const rewrite::StaleReference& s : rewrite::find_stale_references(*parsed, path, moves)) {
      const bool import = s.kind == rewrite::StaleReference::Kind::kImport;
      out.push_back({"stale-import", Severity::kError, path, s.line,
                     std::string(import ? "imports " : "names ") + s.old_name + (import ? "" : " in a string") +
                         ", which moved: use " + s.new_name + " (moves file " + src->label + ")",
                     ""});
    }
  }
}

std::vector<Rule> stale_import_rules() {
  return {
      {{"stale-import", Severity::kError,
        "an import or dotted string in the final tree still names a module the moves file moved"},
       &run_stale_import},
  };
}

const RuleGroup kStaleImportRules(25, &stale_import_rules);

}  // namespace
}  // namespace migrate::cmd::check
