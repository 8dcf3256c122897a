// The audits of operations.h: dj-lost-operation and al-lost-operation (the
// work of migrations and revisions a range took out that nothing at its end
// carries, an imported RunPython function resolved to its body), and
// dj-irreversible. Reading the work is django_operations.cc's and
// alembic_operations.cc's; fingerprints are fingerprint.cc's.
#include "rewrite/migrations/operations.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_set>

#include "rewrite/migrations/alembic.h"
#include "rewrite/migrations/django.h"
#include "rewrite/migrations/graph_rules.h"
#include "rewrite/migrations/operations_internal.h"
#include "rewrite/migrations/pyliteral.h"
#include "rewrite/migrations/util.h"

namespace migrate::rewrite::migrations {

namespace {

// A piece of work with every fingerprint it is known by (its own, and the
// body of an imported function when the tree has it).
struct Piece {
  Operation op;
  std::vector<std::string> prints;
};

// Resolves `from <module> import <name>` to a function in a tree: the file
// whose path ends with the module's path (relative imports from `importer`'s
// folder), its function's fingerprint.
class ImportResolver {
 public:
  explicit ImportResolver(const FileSource& files) : files_(files) {}

  std::optional<std::string> fingerprint(const std::string& importer, const std::string& module,
                                         const std::string& name) {
    const std::string key = importer + "\n" + module + "\n" + name;
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    std::optional<std::string> out = resolve(importer, module, name);
    memo_.emplace(key, out);
    return out;
  }

 private:
  std::optional<std::string> resolve(const std::string& importer, std::string module, const std::string& name) {
    if (module.empty() || name.empty()) return std::nullopt;
    std::string base;  // a relative import's folder
    const bool relative = module[0] == '.';
    if (relative) {
      std::string dir(dir_of(importer));
      size_t dots = 0;
      while (dots < module.size() && module[dots] == '.') ++dots;
      for (size_t i = 1; i < dots; ++i) dir = std::string(dir_of(dir));
      base = dir;
      module = module.substr(dots);
    }
    std::string rel = module;
    std::replace(rel.begin(), rel.end(), '.', '/');
    std::optional<std::string> path;
    if (relative) {
      for (const std::string& w : {join_path(base, rel.empty() ? "__init__.py" : rel + ".py"),
                                   join_path(base, rel + "/__init__.py")}) {
        if (files_.read(w)) {
          path = w;
          break;
        }
      }
    } else {
      // The shortest path that ends with the module's path (import roots
      // are not known here).
      for (const std::string& suffix : {rel + ".py", rel + "/__init__.py"}) {
        for (const std::string& p : files_.paths()) {
          if (p.size() < suffix.size() || p.compare(p.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
          if (p.size() > suffix.size() && p[p.size() - suffix.size() - 1] != '/') continue;
          if (!path || p.size() < path->size()) path = p;
        }
        if (path) break;
      }
    }
    if (!path) return std::nullopt;
    const auto text = files_.read(*path);
    if (!text || text->find(name) == std::string::npos) return std::nullopt;
    ParsedFile file(*text);
    const TSNode def = find_function(file, file.root(), name);
    if (ts_node_is_null(def)) return std::nullopt;
    return function_fingerprint(file, def);
  }

  const FileSource& files_;
  std::map<std::string, std::optional<std::string>> memo_;
};

std::vector<Piece> pieces_of(std::vector<Operation> ops, const std::string& path, ImportResolver& resolver) {
  std::vector<Piece> out;
  for (Operation& op : ops) {
    Piece p;
    p.prints.push_back(op.fingerprint);
    if (!op.import_module.empty()) {
      if (auto body = resolver.fingerprint(path, op.import_module, op.import_name)) p.prints.push_back(*body);
    }
    p.op = std::move(op);
    out.push_back(std::move(p));
  }
  return out;
}

// A RunPython function defined in the migration module itself.
bool is_local_function(const Operation& op) {
  return op.kind == Operation::Kind::kRunPython && op.import_module.empty() &&
         op.fingerprint.compare(0, 3, "def") == 0;
}

bool mentions_work(const std::string& text) {
  return text.find("RunPython") != std::string::npos || text.find("RunSQL") != std::string::npos ||
         text.find("operations") != std::string::npos;
}

std::string describe(const Operation& op) {
  switch (op.kind) {
    case Operation::Kind::kRunPython:
      return std::string("RunPython ") + (op.reverse ? "reverse function " : "function ") + op.name;
    case Operation::Kind::kRunSQL:
      return std::string("RunSQL ") + (op.reverse ? "reverse_sql " : "") + "'" + op.name + "'";
    case Operation::Kind::kCustom: return "operation " + op.name;
    case Operation::Kind::kAlembicData: return "'" + op.name + "'";
  }
  return op.name;
}

struct ChangedSet {
  explicit ChangedSet(const std::vector<std::string>* changed) : all(changed == nullptr) {
    if (changed) paths.insert(changed->begin(), changed->end());
  }
  bool has(const std::string& p) const { return all || paths.count(p) != 0; }
  bool all;
  std::unordered_set<std::string> paths;
};

void audit_django_lost(const FileSource& start, const FileSource& end, const ChangedSet& changed,
                       LostOperations* result) {
  const auto start_list = django_migration_paths(start), end_list = django_migration_paths(end);
  std::map<std::string, MigrationKey> start_ids(start_list.begin(), start_list.end());
  std::map<std::string, MigrationKey> end_ids(end_list.begin(), end_list.end());
  std::map<MigrationKey, std::string> start_paths;
  for (const auto& [path, key] : start_list) start_paths.emplace(key, path);

  // Migrations the range took out of the graph: deleted, or newly replaced
  // by a squash (key -> (old path, what happened)).
  struct Candidate {
    std::string what;   // "deleted migration x" / "migration x, replaced by squashed migration y,"
    std::string cause;  // the path whose change took it out
    std::string app;
  };
  // An app without any migration at the end was removed with its
  // migrations: their work runs nowhere by design.
  std::set<std::string> end_apps;
  for (const auto& [path, key] : end_list) end_apps.insert(key.first);
  std::map<std::string, Candidate> candidates;  // by old path
  for (const auto& [path, key] : start_list) {
    if (changed.has(path) && !end_ids.count(path) && end_apps.count(key.first)) {
      candidates.emplace(path, Candidate{"deleted migration " + dotted(key), path, key.first});
    }
  }
  for (const auto& [path, key] : end_list) {
    if (!changed.has(path)) continue;
    const auto text = end.read(path);
    if (!text || text->find("replaces") == std::string::npos) continue;
    std::set<MigrationKey> before;
    if (start_ids.count(path)) {
      if (const auto old = start.read(path); old && old->find("replaces") != std::string::npos) {
        for (const DjangoRef& r : parse_django_migration(ParsedFile(*old)).replaces) before.insert({r.app, r.name});
      }
    }
    for (const DjangoRef& r : parse_django_migration(ParsedFile(*text)).replaces) {
      const MigrationKey k{r.app, r.name};
      auto p = start_paths.find(k);
      if (p == start_paths.end() || before.count(k)) continue;
      candidates.emplace(p->second,
                         Candidate{"migration " + dotted(k) + ", replaced by squashed migration " + dotted(key) + ",", path, k.first});
    }
  }
  if (candidates.empty()) return;
  for (const auto& [path, candidate] : candidates) result->judged_paths.push_back(path);

  ImportResolver start_resolver(start), end_resolver(end);
  std::vector<std::pair<std::string, std::vector<Piece>>> lost;  // old path -> pieces
  for (const auto& [path, candidate] : candidates) {
    const auto text = start.read(path);
    if (!text || !mentions_work(*text)) continue;
    ParsedFile file(*text);
    std::vector<Piece> pieces = pieces_of(django_operations(file), path, start_resolver);
    if (!pieces.empty()) lost.emplace_back(path, std::move(pieces));
  }
  if (lost.empty()) return;

  // What the live migrations at the end carry (a migration a squash replaces
  // does not run on a new database: the squash runs instead).
  std::vector<std::string> texts(end_list.size());
  for (size_t i = 0; i < end_list.size(); ++i) texts[i] = end.read(end_list[i].first).value_or("");
  std::set<MigrationKey> replaced;
  std::vector<std::vector<Operation>> ops(end_list.size());
  std::vector<std::set<MigrationKey>> replaces(end_list.size());
  parallel_for(end_list.size(), [&](size_t i) {
    const bool squash = texts[i].find("replaces") != std::string::npos;
    if (!squash && !mentions_work(texts[i])) return;
    ParsedFile file(texts[i]);
    if (squash) {
      for (const DjangoRef& r : parse_django_migration(file).replaces) replaces[i].insert({r.app, r.name});
    }
    ops[i] = django_operations(file);
  });
  for (const auto& r : replaces) replaced.insert(r.begin(), r.end());
  std::unordered_set<std::string> carried;
  std::set<std::pair<std::string, std::string>> carried_names;  // (app, RunPython function of the module)
  for (size_t i = 0; i < end_list.size(); ++i) {
    if (replaced.count(end_list[i].second)) continue;
    for (const Piece& p : pieces_of(std::move(ops[i]), end_list[i].first, end_resolver)) {
      carried.insert(p.prints.begin(), p.prints.end());
      if (is_local_function(p.op)) carried_names.emplace(end_list[i].second.first, p.op.name);
    }
  }

  for (const auto& [path, pieces] : lost) {
    const Candidate& candidate = candidates.at(path);
    for (const Piece& p : pieces) {
      // The same function edited on its way to another migration of the app
      // (the migration renamed and its function changed) is carried too.
      const bool kept =
          std::any_of(p.prints.begin(), p.prints.end(), [&](const std::string& f) { return carried.count(f) != 0; }) ||
          (is_local_function(p.op) && carried_names.count({candidate.app, p.op.name}));
      if (kept) continue;
      std::string message = describe(p.op) + " of " + candidate.what + " is in no migration at the end of the range";
      message += p.op.elidable ? " (elidable=True: squashing may drop it)"
                               : "; new databases will not run it: put it in a new migration";
      result->findings.push_back({"dj-lost-operation", p.op.elidable ? Severity::kInfo : Severity::kError, path,
                                  p.op.line, std::move(message), ""});
      result->causes.push_back(candidate.cause);
    }
  }
}

std::vector<std::string> revision_files(const FileSource& files) {
  std::vector<std::string> out;
  for (const AlembicEnv& env : find_alembic_envs(files)) out.insert(out.end(), env.files.begin(), env.files.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool mentions_data_work(const std::string& text) {
  return text.find("execute") != std::string::npos || text.find("bulk_insert") != std::string::npos ||
         text.find("exec_driver_sql") != std::string::npos;
}

void audit_alembic_lost(const FileSource& start, const FileSource& end, const ChangedSet& changed,
                        LostOperations* result) {
  // Only a range that removes a Python file (or changes an Alembic
  // configuration) can take a revision file out of its tree.
  if (!changed.all) {
    bool any = false;
    for (const std::string& p : changed.paths) {
      // By the path lists: reading the files would read blobs no rule needs.
      const auto& a = start.paths();
      const auto& b = end.paths();
      if ((p.size() > 3 && p.compare(p.size() - 3, 3, ".py") == 0 && std::binary_search(a.begin(), a.end(), p) &&
           !std::binary_search(b.begin(), b.end(), p)) ||
          base_of(p) == "alembic.ini" || base_of(p) == "pyproject.toml") {
        any = true;
        break;
      }
    }
    if (!any) return;
  }
  const std::vector<std::string> before = revision_files(start);
  const std::vector<std::string> after = revision_files(end);
  // A revision file deleted in the range is judged here: its functions go
  // with it by design (vanished-definition leaves them to this rule).
  for (const std::string& path : before) {
    if (!std::binary_search(after.begin(), after.end(), path) &&
        !std::binary_search(end.paths().begin(), end.paths().end(), path)) {
      result->judged_paths.push_back(path);
    }
  }
  std::vector<std::pair<std::string, AlembicModule>> gone;
  std::vector<std::pair<std::string, std::vector<Operation>>> lost;
  for (const std::string& path : before) {
    if (std::binary_search(after.begin(), after.end(), path)) continue;
    const auto text = start.read(path);
    if (!text || !mentions_data_work(*text)) continue;
    ParsedFile file(*text);
    std::vector<Operation> ops = alembic_operations(file);
    if (ops.empty()) continue;
    lost.emplace_back(path, std::move(ops));
    gone.emplace_back(path, parse_alembic_revision(file));
  }
  if (lost.empty()) return;
  std::vector<std::vector<Operation>> ops(after.size());
  parallel_for(after.size(), [&](size_t i) {
    const auto text = end.read(after[i]);
    if (!text || !mentions_data_work(*text)) return;
    ops[i] = alembic_operations(ParsedFile(*text));
  });
  std::unordered_set<std::string> carried;
  for (const auto& v : ops) {
    for (const Operation& op : v) carried.insert(op.fingerprint);
  }
  for (size_t i = 0; i < lost.size(); ++i) {
    const auto& [path, pieces] = lost[i];
    const std::string revision = gone[i].second.revision.value_or("?");
    for (const Operation& op : pieces) {
      if (carried.count(op.fingerprint)) continue;
      result->findings.push_back(
          {"al-lost-operation", Severity::kError, path, op.line,
           "upgrade() of removed revision '" + revision + "' ran " + describe(op) +
               ", which no revision at the end of the range runs; databases built from the new history "
               "will not have it: put it in a new revision",
           ""});
      result->causes.push_back(path);
    }
  }
}

}  // namespace

LostOperations audit_lost_operations(const FileSource& start, const FileSource& end,
                                     const std::vector<std::string>* changed) {
  LostOperations result;
  const ChangedSet set(changed);
  if (set.all || std::any_of(set.paths.begin(), set.paths.end(), [](const std::string& p) {
        return p.size() > 3 && p.compare(p.size() - 3, 3, ".py") == 0 && p.find("migrations/") != std::string::npos;
      })) {
    audit_django_lost(start, end, set, &result);
  }
  audit_alembic_lost(start, end, set, &result);
  std::vector<std::pair<Finding, std::string>> both;
  for (size_t i = 0; i < result.findings.size(); ++i) both.emplace_back(std::move(result.findings[i]), result.causes[i]);
  std::stable_sort(both.begin(), both.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.path, a.first.line, a.first.rule, a.first.message) <
           std::tie(b.first.path, b.first.line, b.first.rule, b.first.message);
  });
  result.findings.clear();
  result.causes.clear();
  for (auto& [f, cause] : both) {
    result.findings.push_back(std::move(f));
    result.causes.push_back(std::move(cause));
  }
  return result;
}

std::vector<Finding> audit_irreversible(const FileSource& start, const FileSource& end,
                                        const std::vector<std::string>* changed) {
  const ChangedSet set(changed);
  std::vector<Finding> out;
  if (!set.all && std::none_of(set.paths.begin(), set.paths.end(), [](const std::string& p) {
        return p.find("migrations/") != std::string::npos;
      })) {
    return out;
  }
  std::set<std::string> before;
  for (const auto& [path, key] : django_migration_paths(start)) before.insert(path);
  for (const auto& [path, key] : django_migration_paths(end)) {
    if (before.count(path) || !set.has(path)) continue;
    const auto text = end.read(path);
    if (!text || (text->find("RunPython") == std::string::npos && text->find("RunSQL") == std::string::npos)) continue;
    for (const IrreversibleOperation& op : django_irreversible(ParsedFile(*text))) {
      const bool python = op.operation == "RunPython";
      out.push_back({"dj-irreversible", Severity::kWarning, path, op.line,
                     op.operation + (op.what.empty() ? "" : " " + (python ? op.what : "'" + op.what + "'")) +
                         " of new migration " + dotted(key) + " has no " + (python ? "reverse_code" : "reverse_sql") +
                         ", so the migration cannot be unapplied; give it one (" +
                         (python ? "migrations.RunPython.noop" : "migrations.RunSQL.noop") +
                         " when there is nothing to undo)",
                     ""});
    }
  }
  sort_findings(out);
  return out;
}

}  // namespace migrate::rewrite::migrations
