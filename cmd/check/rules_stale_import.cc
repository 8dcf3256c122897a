// 5. stale-import: with a moves file, imports and dotted strings of the
// final tree that still name an old module (the seed's "Stale Imports" and
// "No stale import references left in codebase"). The moves file comes from
// the worktree or, when it has none, from the baseline branch's tree (read
// from the object database, never checked out).
#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include <re2/re2.h>

#include "cmd/check/rules.h"
#include "rewrite/engine.h"
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

// Only the moves this branch has made: a file move whose source is gone from
// the final tree and whose destination is there; an explicit module move
// whose old module is gone. A branch that has not started the migration (or
// keeps the old module as a shim) imports nothing stale. Symbol remaps count
// once any move is applied.
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

// An RE2 matching any of `words` (never matching when there are none).
std::unique_ptr<RE2> alternation(const std::set<std::string>& words) {
  std::string pattern;
  for (const std::string& w : words) pattern += (pattern.empty() ? "" : "|") + RE2::QuoteMeta(w);
  RE2::Options opts;
  opts.set_max_mem(64 << 20);
  return std::make_unique<RE2>(pattern.empty() ? "[^\\x00-\\x{10FFFF}]" : "(?:" + pattern + ")", opts);
}

void run_stale_import(const AuditContext& ctx, std::vector<Finding>& out) {
  const std::optional<MovesSource> src = find_moves(ctx);
  if (!src) return;
  rewrite::MoveSet moves;
  try {
    moves = rewrite::MoveSet::parse(src->text, src->label, {}, ctx.import_roots());
  } catch (const rewrite::MovesError& e) {
    std::string what;
    for (const std::string& p : e.problems()) what += (what.empty() ? "" : "; ") + p;
    out.push_back({"stale-import", Severity::kError, "", 0, "the moves file is invalid: " + what, ""});
    return;
  }
  moves = applied_moves(ctx, moves);
  if (moves.empty()) return;
  // Cheap filter before parsing. A file can only refer to a moved module
  // (or a remapped symbol) by its full dotted name (absolute imports,
  // strings), or by its last segment together with its parent package
  // (`from a.b import c`), a relative import (`from . import c`,
  // `from .c import X`), or, as an attribute (`.c`), with the last segment
  // of an ancestor package that an import binds (`from a import b`, then
  // `b.c.X`). Each test is one pass of RE2's DFA.
  std::set<std::string> full, last, parents, dotted_last, ancestor_last;
  for (const rewrite::ModuleMove& m : moves.module_moves()) {
    full.insert(m.from);
    last.insert(last_segment(m.from));
    dotted_last.insert("." + last_segment(m.from));
    const auto dot = m.from.rfind('.');
    if (dot != std::string::npos) parents.insert(m.from.substr(0, dot));
    for (auto d = dot; d != std::string::npos && d > 0; d = m.from.rfind('.', d - 1)) {
      ancestor_last.insert(last_segment(m.from.substr(0, d)));
    }
  }
  for (const rewrite::SymbolRemap& r : moves.symbol_remaps()) {
    full.insert(r.old_module + "." + r.name);
    last.insert(r.name);
    parents.insert(r.old_module);
  }
  const std::unique_ptr<RE2> any_full = alternation(full), any_last = alternation(last),
                             any_parent = alternation(parents), any_dotted_last = alternation(dotted_last),
                             any_ancestor_last = alternation(ancestor_last);
  auto may_refer = [&](const std::string& content) {
    if (RE2::PartialMatch(content, *any_full)) return true;
    if (!RE2::PartialMatch(content, *any_last)) return false;
    if (rewrite::has_relative_import(content) || RE2::PartialMatch(content, *any_parent)) return true;
    return RE2::PartialMatch(content, *any_dotted_last) && RE2::PartialMatch(content, *any_ancestor_last);
  };
  for (const std::string& path : ctx.end_files().paths()) {
    if (!is_python(path)) continue;
    const rewrite::ParsedFile* parsed = ctx.parsed_end(path);
    std::optional<rewrite::ParsedFile> own;
    if (!parsed) {
      const auto content = ctx.end_files().read(path);
      if (!content) continue;
      if (!may_refer(*content)) continue;
      own.emplace(*content);
      parsed = &*own;
    }
    for (const rewrite::StaleReference& s : rewrite::find_stale_references(*parsed, path, moves)) {
      const char* what = s.kind == rewrite::StaleReference::Kind::kImport      ? "imports "
                         : s.kind == rewrite::StaleReference::Kind::kAttribute ? "uses "
                                                                               : "names ";
      out.push_back({"stale-import", Severity::kError, path, s.line,
                     what + s.old_name + (s.kind == rewrite::StaleReference::Kind::kString ? " in a string" : "") +
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
