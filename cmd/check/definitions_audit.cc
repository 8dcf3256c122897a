#include "cmd/check/definitions_audit.h"

#include "rewrite/line_diff.h"
#include "rewrite/segments.h"

#include <string.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <unordered_set>

namespace migrate::cmd::check {

using rewrite::diff_lines;
using rewrite::LineHunk;
using rewrite::may_lose_definitions;
using rewrite::split_lines;

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

// Which commits removed definitions from a file: walking the range's
// commits in order, the names the file defines after each commit that
// touched it (each version parsed once, however many names are asked
// about). All files' versions are read and parsed together, on all cores
// (RemovalHistory::for_paths).
class RemovalHistory {
 public:
  static std::map<std::string, RemovalHistory> for_paths(const AuditContext& ctx, const std::set<std::string>& paths) {
    std::map<std::string, RemovalHistory> out;
    // The commits that touched each path (as old or new path), in order:
    // one pass over the range's changes.
    std::map<std::string, std::vector<const CommitChanges*>> touched;
    for (const std::string& path : paths) touched[path];
    for (const CommitChanges& c : ctx.commit_changes()) {
      for (const FileStat& f : c.files) {
        for (const gitops::RepoPath* p : {&f.path, f.old_path ? &*f.old_path : nullptr}) {
          if (!p) continue;
          auto t = touched.find(p->str());
          if (t != touched.end() && (t->second.empty() || t->second.back() != &c)) t->second.push_back(&c);
        }
      }
    }
    std::vector<AuditContext::Version> versions;
    std::vector<std::pair<RemovalHistory*, std::size_t>> slot;  // per version: its history and index there
    for (const auto& [path, commits] : touched) {
      RemovalHistory& h = out[path];
      for (const CommitChanges* c : commits) {
        slot.emplace_back(&h, h.versions_.size());
        h.versions_.push_back({c->commit.hex(), {}});
        versions.push_back({c->tree, &path});
      }
    }
    ctx.visit_versions(versions, [&](std::size_t i, const ParsedFile& now) {
      std::unordered_set<std::string>& names = slot[i].first->versions_[slot[i].second].second;
      for (const auto& [name, line] : names_of(now)) names.insert(name);
    });
    return out;
  }

  // The last commit after which the file no longer defines `qualname` ("" when none).
  std::string remover(const std::string& qualname) const {
    bool present = true;
    std::string remover;
    for (const auto& [commit, names] : versions_) {
      const bool defined = names.count(qualname) > 0;
      if (present && !defined) remover = commit;
      present = defined;
    }
    return remover;
  }

 private:
  std::vector<std::pair<std::string, std::unordered_set<std::string>>> versions_;
};

// Calls fn(word) for every identifier-like word of `text`.
template <class Fn>
void for_each_word(std::string_view text, Fn&& fn) {
  for (std::size_t i = 0; i < text.size();) {
    if (!rewrite::is_identifier_byte(text[i])) { ++i; continue; }
    std::size_t j = i;
    while (j < text.size() && rewrite::is_identifier_byte(text[j])) ++j;
    fn(text.substr(i, j - i));
    i = j;
  }
}

// Whether a text mentions any of some names as a word: a few names are
// searched with memmem (GB/s), many in one pass over the text's words.
class NameFilter {
 public:
  explicit NameFilter(std::unordered_set<std::string> names) : names_(std::move(names)) {
    words_.insert(names_.begin(), names_.end());
    if (names_.size() <= kMemmemNames) few_.assign(names_.begin(), names_.end());
  }
  bool empty() const { return names_.empty(); }
  bool mentions(std::string_view text) const {
    if (!few_.empty() || names_.empty()) {
      return std::any_of(few_.begin(), few_.end(), [&](std::string_view n) {
        return ::memmem(text.data(), text.size(), n.data(), n.size()) != nullptr;
      });
    }
    bool found = false;
    for_each_word(text, [&](std::string_view w) { found = found || words_.count(w) > 0; });
    return found;
  }

 private:
  static constexpr std::size_t kMemmemNames = 8;
  std::unordered_set<std::string> names_;
  std::unordered_set<std::string_view> words_;
  std::vector<std::string_view> few_;
};

// The last components of the definitions not placed yet.
NameFilter unplaced_names(const std::vector<DefinitionFate>& gone) {
  std::unordered_set<std::string> names;
  for (const DefinitionFate& g : gone) {
    if (!g.moved) names.insert(last_component(g.qualname));
  }
  return NameFilter(std::move(names));
}

std::vector<DefinitionFate> compute(const AuditContext& ctx) {
  using Side = AuditContext::Side;
  std::vector<DefinitionFate> gone;
  // Which changed files can have lost (or, renamed, carried away) a
  // definition: deleted and renamed ones, and modified ones whose line diff
  // touches something that could declare one. Only those are parsed.
  // A renamed file whose line diff cannot have lost a definition is parsed
  // on its new side only: its definitions are the old ones, and their old
  // lines follow from the diff's hunks when none lies inside a hunk.
  struct Candidate {
    const FileStat* f;
    std::vector<LineHunk> hunks;  // end_only: the line diff, old -> new
    bool end_only = false;
  };
  std::vector<Candidate> candidates;
  std::vector<std::string> start_paths, end_paths;
  for (const FileStat& f : ctx.changes()) {
    if (f.kind == FileStat::Kind::kAdded) continue;
    const std::string old_path = f.old_path ? f.old_path->str() : f.path.str();
    const std::string* before = ctx.source(Side::kStart, old_path);
    if (!before) continue;
    Candidate c{&f, {}, false};
    if (f.kind == FileStat::Kind::kModified || f.kind == FileStat::Kind::kRenamed) {
      const std::string* after = ctx.source(Side::kEnd, f.path.str());
      if (after && !may_lose_definitions(*before, *after)) {
        if (f.kind == FileStat::Kind::kModified) continue;
        bool gave_up = false;
        c.hunks = diff_lines(split_lines(*before), split_lines(*after), 4000, &gave_up);
        c.end_only = !gave_up;
      }
    }
    if (!c.end_only) start_paths.push_back(old_path);
    if (f.kind != FileStat::Kind::kDeleted) end_paths.push_back(f.path.str());
    candidates.push_back(std::move(c));
  }
  ctx.parse_ahead(Side::kStart, start_paths);
  ctx.parse_ahead(Side::kEnd, end_paths);
  for (const Candidate& c : candidates) {
    const FileStat& f = *c.f;
    const std::string old_path = f.old_path ? f.old_path->str() : f.path.str();
    std::map<std::string, unsigned> end_names;
    const ParsedFile* end = f.kind != FileStat::Kind::kDeleted ? ctx.parsed_end(f.path.str()) : nullptr;
    if (end && c.end_only) {
      // Old line of every definition: its new line shifted back by the
      // hunks above it; none may lie inside a hunk.
      std::vector<Definition> defs = rewrite::extract_definitions(*end);
      bool exact = true;
      for (Definition& d : defs) {
        const std::size_t at = d.line - 1;
        long shift = 0;
        for (const LineHunk& h : c.hunks) {
          if (at < h.after_begin) break;
          if (at < h.after_end) { exact = false; break; }
          shift += static_cast<long>(h.after_end - h.after_begin) - static_cast<long>(h.before_end - h.before_begin);
        }
        if (!exact) break;
        d.end_line = d.line;  // keeps the new line
        d.line = static_cast<unsigned>(static_cast<long>(d.line) - shift);
      }
      if (exact) {
        std::set<std::string> seen;
        for (const Definition& d : defs) {
          if (!seen.insert(d.qualname).second) continue;
          gone.push_back({d.qualname, d.kind, old_path, d.line, true, f.path.str(), d.end_line, ""});
        }
        continue;
      }
    }
    const ParsedFile* start = ctx.parsed_start(old_path);
    if (!start) continue;
    // A changed file whose end version is missing from the object database
    // (reported by the runner): nothing can be said about what it lost.
    if (f.kind != FileStat::Kind::kDeleted && !end) continue;
    if (end) end_names = names_of(*end);
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
  // `name`, defined at path:line, places every unplaced definition of that
  // name that came from another file.
  auto place = [&](const std::string& name, const std::string& path, unsigned line) {
    auto [b, e] = unplaced.equal_range(name);
    for (auto it = b; it != e;) {
      DefinitionFate& g = gone[it->second];
      if (g.old_path == path) { ++it; continue; }
      g.moved = true;
      g.new_path = path;
      g.new_line = line;
      it = unplaced.erase(it);
    }
  };
  auto look_in = [&](const std::string& path, const ParsedFile& f) {
    for (const auto& [name, line] : names_of(f)) place(name, path, line);
  };
  // Only files that mention a missing name can define it: the changed
  // files first, then any other file of the end tree. Each file of the end
  // tree is read once (on all cores) and parsed only when it mentions one;
  // the first such file in path order that defines a name gets it.
  const std::vector<std::string> changed_end = ctx.changed_python(Side::kEnd);
  if (!unplaced.empty()) {
    const NameFilter filter = unplaced_names(gone);
    std::vector<std::string> mentioning;
    for (const std::string& p : changed_end) {
      const std::string* text = ctx.source(Side::kEnd, p);
      if (text && filter.mentions(*text)) mentioning.push_back(p);
    }
    ctx.parse_ahead(Side::kEnd, mentioning);
    for (const std::string& p : mentioning) {
      if (const ParsedFile* f = ctx.parsed_end(p)) look_in(p, *f);
    }
  }
  const NameFilter filter = unplaced_names(gone);
  if (!filter.empty()) {
    std::unordered_set<std::string> wanted;  // full qualnames still unplaced
    for (const auto& [name, i] : unplaced) wanted.insert(name);
    std::mutex mutex;
    std::map<std::string, std::vector<std::pair<std::string, unsigned>>> defined_in;  // path -> (qualname, line)
    ctx.for_each_end_python([&](const std::string& p, const std::string& content) {
      if (std::binary_search(changed_end.begin(), changed_end.end(), p)) return;
      if (!filter.mentions(content)) return;
      std::vector<std::pair<std::string, unsigned>> defs;
      for (auto& [name, line] : names_of(ParsedFile(content))) {
        if (wanted.count(name)) defs.emplace_back(name, line);
      }
      if (defs.empty()) return;
      std::lock_guard<std::mutex> lock(mutex);
      defined_in.emplace(p, std::move(defs));
    });
    for (const auto& [path, defs] : defined_in) {
      for (const auto& [name, line] : defs) place(name, path, line);
      if (unplaced.empty()) break;
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
  std::set<std::string> walked;
  for (const DefinitionFate& g : gone) {
    if (!g.moved) walked.insert(g.old_path);
  }
  const std::map<std::string, RemovalHistory> histories = RemovalHistory::for_paths(ctx, walked);  // by old path
  for (DefinitionFate& g : gone) {
    if (!g.moved) g.removed_by = histories.at(g.old_path).remover(g.qualname);
  }
  std::stable_sort(gone.begin(), gone.end(), [](const DefinitionFate& a, const DefinitionFate& b) {
    return a.old_path != b.old_path ? a.old_path < b.old_path : a.old_line < b.old_line;
  });
  return gone;
}

}  // namespace

const std::vector<DefinitionFate>& definition_fates(const AuditContext& ctx) {
  return ctx.memo<std::vector<DefinitionFate>>([&] { return compute(ctx); });
}

}  // namespace migrate::cmd::check
