#include "rewrite/migrations/edited_applied.h"

#include <algorithm>
#include <map>
#include <set>

#include "rewrite/migrations/django.h"
#include "rewrite/migrations/graph_rules.h"
#include "rewrite/migrations/pyliteral.h"
#include "rewrite/migrations/util.h"
#include "rewrite/imports.h"
#include "rewrite/pyparse.h"

namespace migrate::rewrite::migrations {
namespace {

struct Token {
  std::string text;
  unsigned line;
};

bool is_graph_list(const ParsedFile& file, TSNode stmt) {
  if (!is_type(stmt, "expression_statement")) return false;
  TSNode expr = ts_node_named_child(stmt, 0);
  if (!is_type(expr, "assignment") && !is_type(expr, "augmented_assignment")) return false;
  const std::string_view name = file.text(field(expr, "left"));
  return name == "dependencies" || name == "run_before" || name == "replaces";
}

// The module's tokens without comments and layout, strings by value, with
// trailing commas dropped, and without the Migration class's dependencies,
// run_before and replaces (compared on their own, through squashes).
std::vector<Token> tokens_of(const ParsedFile& file) {
  std::vector<TSNode> skip;
  const TSNode cls = find_class(file, file.root(), "Migration");
  if (!ts_node_is_null(cls)) {
    for (TSNode stmt : named_children(field(cls, "body"))) {
      if (is_graph_list(file, stmt)) skip.push_back(stmt);
    }
  }
  std::vector<Token> out;
  std::vector<TSNode> stack{file.root()};
  while (!stack.empty()) {
    const TSNode n = stack.back();
    stack.pop_back();
    if (std::any_of(skip.begin(), skip.end(), [&](TSNode s) { return ts_node_eq(s, n); })) continue;
    const std::string_view type = node_type(n);
    if (type == "comment") continue;
    if (type == "string" || type == "concatenated_string") {
      const Literal l = literal_of(file, n);
      out.push_back({l.is_string() ? "s:" + l.str : std::string(file.text(n)), line_of(n)});
      continue;
    }
    const uint32_t count = ts_node_child_count(n);
    if (count == 0) {
      out.push_back({std::string(file.text(n)), line_of(n)});
      continue;
    }
    for (uint32_t i = count; i-- > 0;) stack.push_back(ts_node_child(n, i));
  }
  std::vector<Token> kept;
  for (size_t i = 0; i < out.size(); ++i) {
    const bool closing_next = i + 1 < out.size() &&
                              (out[i + 1].text == ")" || out[i + 1].text == "]" || out[i + 1].text == "}");
    if (out[i].text == "," && closing_next) continue;
    if (out[i].text.empty()) continue;  // zero-width tokens (dedent, newline)
    kept.push_back(std::move(out[i]));
  }
  return kept;
}

std::string squeeze(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }), s.end());
  return s;
}

// The migration graph lists of a module, each key replaced by the squash
// that replaces it.
struct GraphLists {
  std::set<MigrationKey> dependencies, run_before, replaces;
  std::multiset<std::string> computed;
  std::vector<std::pair<MigrationKey, unsigned>> entries;  // dependencies and run_before, with lines
  unsigned line = 0;  // where they are written (the first entry, or the class)
};

GraphLists lists_of(const DjangoModule& m, const std::map<MigrationKey, MigrationKey>& squash_of) {
  auto mapped = [&](const DjangoRef& r) {
    MigrationKey k{r.app, r.name};
    for (auto it = squash_of.find(k); it != squash_of.end(); it = squash_of.find(k)) {
      if (it->second == k) break;
      k = it->second;
    }
    return k;
  };
  GraphLists g;
  g.line = m.class_line;
  for (const auto& d : m.dependencies) {
    g.dependencies.insert(mapped(d));
    g.entries.push_back({mapped(d), d.line});
  }
  for (const auto& d : m.run_before) {
    g.run_before.insert(mapped(d));
    g.entries.push_back({mapped(d), d.line});
  }
  for (const auto& d : m.replaces) g.replaces.insert({d.app, d.name});
  for (const auto& c : m.computed_entries) g.computed.insert(squeeze(c));
  if (!m.dependencies.empty()) g.line = m.dependencies.front().line;
  return g;
}

class EditedApplied {
 public:
  EditedApplied(const FileSource& base, const FileSource& head, const MoveSet* moves)
      : base_(base), head_(head), moves_(moves && !moves->empty() ? moves : nullptr) {
    for (auto& [path, key] : django_migration_paths(base)) base_ids_[path] = key;
    for (auto& [path, key] : django_migration_paths(head)) {
      head_ids_[path] = key;
      head_paths_.emplace(key, path);
    }
  }
  bool is_base_migration(const std::string& path) const { return base_ids_.count(path) != 0; }
  void audit(const FileChange& change);
  std::vector<Finding> take() {
    sort_findings(findings_);
    return std::move(findings_);
  }

 private:
  void load_squashes();
  void report(const std::string& path, unsigned line, std::string message, const std::string& commit) {
    findings_.push_back({"dj-edited-applied", Severity::kError, path, line, std::move(message), commit});
  }
  // 0 when equivalent, else the line in the new file where they differ
  // (1 when there is nothing better).
  unsigned difference(const std::string& old_text, const std::string& new_text);

  // difference() between `new_text` and `old_text` as the import rewrite of
  // the moves leaves it at `head_path` (0: only the imports were mapped).
  unsigned difference_after_moves(const std::string& old_text, const std::string& new_text,
                                  const std::string& head_path);

  const FileSource& base_;
  const FileSource& head_;
  const MoveSet* moves_;
  std::map<std::string, MigrationKey> base_ids_, head_ids_;
  std::map<MigrationKey, std::string> head_paths_;
  bool squashes_loaded_ = false;
  std::map<MigrationKey, MigrationKey> squash_of_;  // replaced -> squash, at the base or at the end
  std::vector<Finding> findings_;
};

// Squashes of both trees: a migration replaced at the base stays replaced
// after the squash drops its `replaces`.
void EditedApplied::load_squashes() {
  if (squashes_loaded_) return;
  squashes_loaded_ = true;
  for (const auto* ids : {&base_ids_, &head_ids_}) {
    const FileSource& files = ids == &base_ids_ ? base_ : head_;
    for (const auto& [path, key] : *ids) {
      const auto text = files.read(path);
      if (!text || text->find("replaces") == std::string::npos) continue;
      ParsedFile file(*text);
      for (const DjangoRef& r : parse_django_migration(file).replaces) squash_of_.emplace(MigrationKey{r.app, r.name}, key);
    }
  }
}

unsigned EditedApplied::difference(const std::string& old_text, const std::string& new_text) {
  if (old_text == new_text) return 0;
  ParsedFile old_file(old_text), new_file(new_text);
  const std::vector<Token> a = tokens_of(old_file), b = tokens_of(new_file);
  const size_t common = std::min(a.size(), b.size());
  for (size_t i = 0; i < common; ++i) {
    if (a[i].text != b[i].text) return b[i].line;
  }
  if (a.size() != b.size()) return common < b.size() ? b[common].line : (b.empty() ? 1 : b.back().line);
  load_squashes();
  const GraphLists ga = lists_of(parse_django_migration(old_file), squash_of_);
  const GraphLists gb = lists_of(parse_django_migration(new_file), squash_of_);
  const bool replaces_only_dropped =
      std::includes(ga.replaces.begin(), ga.replaces.end(), gb.replaces.begin(), gb.replaces.end());
  if (ga.dependencies == gb.dependencies && ga.run_before == gb.run_before && ga.computed == gb.computed &&
      replaces_only_dropped) {
    return 0;
  }
  // Point at the first entry the base did not have, if any.
  for (const auto& [key, line] : gb.entries) {
    if (!ga.dependencies.count(key) && !ga.run_before.count(key)) return line;
  }
  return std::max(gb.line, 1u);
}

unsigned EditedApplied::difference_after_moves(const std::string& old_text, const std::string& new_text,
                                               const std::string& head_path) {
  const unsigned line = difference(old_text, new_text);
  if (!line || !moves_) return line;
  const FileRewrite mapped = rewrite_source(old_text, head_path, *moves_);
  if (mapped.status != FileRewrite::Status::kChanged) return line;
  return difference(mapped.output, new_text);
}

void EditedApplied::audit(const FileChange& change) {
  const MigrationKey key = base_ids_.at(change.old_path);
  const std::string advice = "; databases that applied it will not run it again: revert and add a new migration";
  const std::string head_path =
      change.status == FileChange::Status::kDeleted ? "" : (change.new_path.empty() ? change.old_path : change.new_path);
  auto head_key = head_ids_.find(head_path);
  if (head_path.empty() || head_key == head_ids_.end()) {
    // Deleted (or moved where it is no longer a migration).
    load_squashes();
    auto squash = squash_of_.find(key);
    if (squash != squash_of_.end() && head_paths_.count(squash->second)) return;  // squash cleanup
    report(change.old_path, 0,
           "migration " + dotted(key) + " exists at the merge base and is deleted" +
               (head_path.empty() ? "" : " (moved to " + head_path + ", which is not a migration)") +
               "; databases that applied it still record it: keep it, or squash it first",
           change.commit);
    return;
  }
  if (head_key->second != key) {
    // A squash that replaces it, which git paired with it as a rename by
    // similarity (NetBox b554e70ed: 0042_provideraccount -> 0038_squashed_0042).
    load_squashes();
    auto squash = squash_of_.find(key);
    if (squash != squash_of_.end() && head_paths_.count(squash->second)) return;
    report(head_path, 0,
           "migration " + dotted(key) + " exists at the merge base and is renamed to " + dotted(head_key->second) +
               " (" + change.old_path + " -> " + head_path + "); Django will run it again as a new migration",
           change.commit);
    return;
  }
  const auto old_text = base_.read(change.old_path), new_text = head_.read(head_path);
  if (!old_text || !new_text) return;
  if (const unsigned line = difference_after_moves(*old_text, *new_text, head_path)) {
    report(head_path, line, "migration " + dotted(key) + " exists at the merge base and is modified" + advice,
           change.commit);
  }
}

}  // namespace

std::vector<Finding> audit_edited_applied(const FileSource& base, const FileSource& head,
                                          const std::vector<FileChange>& changes, const MoveSet* moves) {
  // Only a change that touches a migration file matters; most ranges have none.
  const bool any = std::any_of(changes.begin(), changes.end(), [](const FileChange& c) {
    return c.status != FileChange::Status::kAdded && dir_of(c.old_path).find("migrations") != std::string_view::npos;
  });
  if (!any) return {};
  EditedApplied audit(base, head, moves);
  std::set<std::string> seen;
  for (const FileChange& c : changes) {
    if (c.status == FileChange::Status::kAdded || !audit.is_base_migration(c.old_path)) continue;
    if (!seen.insert(c.old_path).second) continue;  // first change of a path carries the blame
    audit.audit(c);
  }
  return audit.take();
}

std::vector<FileChange> migration_changes(const FileSource& base, const FileSource& head, const MoveSet* moves) {
  const auto base_paths = django_migration_paths(base), head_paths = django_migration_paths(head);
  std::set<std::string> in_base, in_head;
  for (const auto& [path, key] : base_paths) in_base.insert(path);
  for (const auto& [path, key] : head_paths) in_head.insert(path);
  std::map<std::string, std::string> new_by_content;  // content -> path, migrations new in head
  bool new_read = false;
  std::vector<FileChange> out;
  for (const auto& [path, key] : base_paths) {
    const auto old_text = base.read(path);
    if (in_head.count(path)) {
      if (head.read(path) != old_text) out.push_back({FileChange::Status::kModified, path, path, ""});
      continue;
    }
    if (moves) {
      const auto to = moves->new_path_of(path);
      if (to && in_head.count(*to) && !in_base.count(*to)) {
        out.push_back({FileChange::Status::kRenamed, path, *to, ""});
        continue;
      }
    }
    if (!new_read) {
      new_read = true;
      for (const auto& [p, k] : head_paths) {
        if (!in_base.count(p)) new_by_content.emplace(head.read(p).value_or(""), p);
      }
    }
    auto renamed = old_text ? new_by_content.find(*old_text) : new_by_content.end();
    if (renamed != new_by_content.end()) {
      out.push_back({FileChange::Status::kRenamed, path, renamed->second, ""});
      new_by_content.erase(renamed);
    } else {
      out.push_back({FileChange::Status::kDeleted, path, "", ""});
    }
  }
  return out;
}

}  // namespace migrate::rewrite::migrations
