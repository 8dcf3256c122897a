// 5. stale-import: with a moves file, imports and dotted strings of the
// final tree that still name an old module (docs/workflow.md, step 6: no
// stale import references left in the codebase). The moves file comes from
// the worktree or, when it has none, from the baseline branch's tree (read
// from the object database, never checked out).
#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <unordered_map>

#include "cmd/check/moves_in_effect.h"
#include "cmd/check/rule_ids.h"
#include "cmd/check/rules.h"
#include "rewrite/engine.h"
#include "rewrite/imports.h"
#include "rewrite/moves.h"

namespace migrate::cmd::check {
namespace {

using rewrite::Finding;
using rewrite::Severity;

std::string describe(const rewrite::StaleReference& s) {
  using Kind = rewrite::StaleReference::Kind;
  switch (s.kind) {
    case Kind::kRelative:
      return "relative import " + s.spelled + " named " + s.old_name + " before the file moved; here it names " +
             s.reads + ", which does not exist: use " + s.new_name;
    case Kind::kString:
      return "names " + s.old_name + " in a string, which moved: use " + s.new_name;
    case Kind::kAttribute:
      return "uses " + s.old_name + ", which moved: use " + s.new_name;
    case Kind::kImport:
      break;
  }
  return "imports " + s.old_name + ", which moved: use " + s.new_name;
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
    out.push_back({rule_id::kStaleImport, Severity::kError, "", 0, "the moves file is invalid: " + what, ""});
    return;
  }
  moves = applied_moves(ctx, moves);
  if (moves.empty()) return;
  const std::vector<std::string>& paths = ctx.end_files().paths();
  // Files of a moved package come from the same place below the old one,
  // so their relative imports can be read from there too. Files whose old
  // place cannot be derived are taken as not moved, as the rewrite does.
  moves.imply_file_moves(paths);
  const std::shared_ptr<const std::set<std::string>> modules = rewrite::existing_modules(paths, moves);
  // Only files that can hold a stale reference are parsed: those the
  // rewriter's prefilter lets through (a whole-word needle: the moved
  // module's own last segment or a remapped symbol's name, which any chain
  // reaching the module must spell; or a relative import inside a moved
  // package). Reading, filtering, parsing and the search run on all cores;
  // findings come out in path order.
  const rewrite::Prefilter prefilter(moves);
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < paths.size(); ++i) index.emplace(paths[i], i);
  std::vector<std::vector<rewrite::StaleReference>> found(paths.size());
  ctx.for_each_end_python([&](const std::string& path, const std::string& content) {
    if (!prefilter.by_text(content) && !(prefilter.by_path(path) && rewrite::has_relative_import(content))) return;
    std::optional<rewrite::ParsedFile> own;
    const rewrite::ParsedFile* parsed = ctx.parsed_if_done(AuditContext::Side::kEnd, path);
    if (!parsed) parsed = &own.emplace(content);
    found[index.at(path)] = rewrite::find_stale_references(*parsed, path, moves, true, modules.get());
  });
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (const rewrite::StaleReference& s : found[i]) {
      const std::string& path = paths[i];
      out.push_back({rule_id::kStaleImport, Severity::kError, path, s.line, describe(s) + " (moves file " + src->label + ")",
                     ""});
    }
  }
}

}  // namespace

std::vector<Rule> stale_import_rules() {
  return {
      {{rule_id::kStaleImport, Severity::kError,
        "an import or dotted string in the final tree still names a module the moves file moved"},
       &run_stale_import},
  };
}

}  // namespace migrate::cmd::check
