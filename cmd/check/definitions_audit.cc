#include "cmd/check/definitions_audit.h"

#include "cmd/check/linediff.h"

#include <algorithm>
#include <map>
#include <set>

namespace migrate::cmd::check {

using gitops::FileStat;
using rewrite::Definition;
using rewrite::ParsedFile;

namespace {

// Every qualified name a file defines, with its first line: definitions and
// module-level assignments (a function replaced by `name = other` still
// exists).
std::map<std::string, unsigned> names_of(const ParsedFile& f) {
  std::map<std::string, unsigned> out;
  for (const Definition& d : rewrite::extract_definitions(f)) out.emplace(d.qualname, d.line);
  for (const Definition& d : rewrite::extract_module_assignments(f)) out.emplace(d.qualname, d.line);
  return out;
}

std::string last_component(const std::string& qualname) {
  const auto dot = qualname.rfind('.');
  return dot == std::string::npos ? qualname : qualname.substr(dot + 1);
}

std::string parent_of(const std::string& qualname) {
  const auto dot = qualname.rfind('.');
  return dot == std::string::npos ? "" : qualname.substr(0, dot);
}

// The commit that removed `qualname` from `path`: walking the range's
// commits in order, the last one after which the file no longer defines it.
std::string removing_commit(const AuditContext& ctx, const std::string& path, const std::string& qualname) {
  bool present = true;
  std::string remover;
  for (const CommitChanges& c : ctx.commit_changes()) {
    const bool touches = std::any_of(c.files.begin(), c.files.end(), [&](const FileStat& f) {
      return f.path.str() == path || (f.old_path && f.old_path->str() == path);
    });
    if (!touches) continue;
    const ParsedFile* now = ctx.parse_at(c.tree, path);
    bool defined = false;
    if (now) {
      for (const Definition& d : rewrite::extract_definitions(*now)) {
        if (d.qualname == qualname) { defined = true; break; }
      }
      if (!defined) {
        for (const Definition& d : rewrite::extract_module_assignments(*now)) {
          if (d.qualname == qualname) { defined = true; break; }
        }
      }
    }
    if (present && !defined) remover = c.commit.hex();
    present = defined;
  }
  return remover;
}

std::vector<DefinitionFate> compute(const AuditContext& ctx) {
  using Side = AuditContext::Side;
  std::vector<DefinitionFate> gone;
  // Which changed files can have lost (or, renamed, carried away) a
  // definition: deleted and renamed ones, and modified ones whose line diff
  // touches something that could declare one. Only those are parsed.
  std::vector<const FileStat*> candidates;
  std::vector<std::string> start_paths, end_paths;
  for (const FileStat& f : ctx.changes()) {
    if (f.kind == FileStat::Kind::kAdded) continue;
    const std::string old_path = f.old_path ? f.old_path->str() : f.path.str();
    const std::string* before = ctx.source(Side::kStart, old_path);
    if (!before) continue;
    if (f.kind == FileStat::Kind::kModified) {
      const std::string* after = ctx.source(Side::kEnd, f.path.str());
      if (after && !may_lose_definitions(*before, *after)) continue;
    }
    candidates.push_back(&f);
    start_paths.push_back(old_path);
    if (f.kind != FileStat::Kind::kDeleted) end_paths.push_back(f.path.str());
  }
  ctx.parse_ahead(Side::kStart, start_paths);
  ctx.parse_ahead(Side::kEnd, end_paths);
  for (const FileStat* fp : candidates) {
    const FileStat& f = *fp;
    const std::string old_path = f.old_path ? f.old_path->str() : f.path.str();
    const ParsedFile* start = ctx.parsed_start(old_path);
    if (!start) continue;
    std::map<std::string, unsigned> end_names;
    if (f.kind != FileStat::Kind::kDeleted) {
      if (const ParsedFile* end = ctx.parsed_end(f.path.str())) end_names = names_of(*end);
    }
    std::set<std::string> seen;
    const bool renamed = f.kind == FileStat::Kind::kRenamed;
    for (const Definition& d : rewrite::extract_definitions(*start)) {
      if (!seen.insert(d.qualname).second) continue;
      auto kept = end_names.find(d.qualname);
      if (kept == end_names.end()) {
        gone.push_back({d.qualname, d.kind, old_path, d.line, false, "", 0, ""});
      } else if (renamed) {
        // The file moved and took the definition along.
        gone.push_back({d.qualname, d.kind, old_path, d.line, true, f.path.str(), kept->second, ""});
      }
    }
  }
  if (gone.empty()) return gone;

  // Where do they live now? First the changed files, then,
  // for what is still missing, any other Python file of the end tree that
  // mentions the name.
  std::multimap<std::string, std::size_t> unplaced;  // qualname -> index in gone
  for (std::size_t i = 0; i < gone.size(); ++i) {
    if (!gone[i].moved) unplaced.emplace(gone[i].qualname, i);
  }
  auto look_in = [&](const std::string& path, const ParsedFile& f) {
    for (const auto& [name, line] : names_of(f)) {
      auto [b, e] = unplaced.equal_range(name);
      for (auto it = b; it != e;) {
        DefinitionFate& g = gone[it->second];
        if (g.old_path == path) { ++it; continue; }
        g.moved = true;
        g.new_path = path;
        g.new_line = line;
        it = unplaced.erase(it);
      }
    }
  };
  const std::vector<std::string> changed_end = ctx.changed_python(Side::kEnd);
  if (!unplaced.empty()) {
    ctx.parse_ahead(Side::kEnd, changed_end);
    for (const std::string& p : changed_end) {
      if (const ParsedFile* f = ctx.parsed_end(p)) look_in(p, *f);
    }
  }
  std::set<std::string> missing;
  for (const DefinitionFate& g : gone) {
    if (!g.moved) missing.insert(last_component(g.qualname));
  }
  if (!missing.empty()) {
    for (const std::string& p : ctx.end_files().paths()) {
      if (!is_python(p) || std::binary_search(changed_end.begin(), changed_end.end(), p)) continue;
      const auto content = ctx.end_files().read(p);
      if (!content) continue;
      const bool mentions = std::any_of(missing.begin(), missing.end(), [&](const std::string& n) {
        return content->find(n) != std::string::npos;
      });
      if (!mentions) continue;
      look_in(p, ParsedFile(*content));
      missing.clear();
      for (const DefinitionFate& g : gone) {
        if (!g.moved) missing.insert(last_component(g.qualname));
      }
      if (missing.empty()) break;
    }
  }

  // Members of a class that vanished as a whole are reported through the
  // class.
  std::set<std::pair<std::string, std::string>> vanished;  // (old_path, qualname)
  for (const DefinitionFate& g : gone) {
    if (!g.moved) vanished.insert({g.old_path, g.qualname});
  }
  std::erase_if(gone, [&](const DefinitionFate& g) {
    for (std::string p = parent_of(g.qualname); !p.empty(); p = parent_of(p)) {
      if (vanished.count({g.old_path, p})) return true;
    }
    return false;
  });
  for (DefinitionFate& g : gone) {
    if (!g.moved) g.removed_by = removing_commit(ctx, g.old_path, g.qualname);
  }
  std::stable_sort(gone.begin(), gone.end(), [](const DefinitionFate& a, const DefinitionFate& b) {
    return a.old_path != b.old_path ? a.old_path < b.old_path : a.old_line < b.old_line;
  });
  return gone;
}

}  // namespace

const std::vector<DefinitionFate>& definition_fates(const AuditContext& ctx) {
  return ctx.memo<std::vector<DefinitionFate>>("definition-fates", [&] { return compute(ctx); });
}

}  // namespace migrate::cmd::check
