// The audit of the Django migration graph (audit_django of django.h): the
// modules read (django_module.cc) in the apps found (django_apps.cc), the
// graph built as Django's MigrationLoader builds it, then checked: missing
// dependencies, cycles, several leaves, number clashes, max_migration.txt.
#include "rewrite/migrations/django.h"

#include <algorithm>
#include <map>
#include <set>

#include "rewrite/migrations/digraph.h"
#include "rewrite/migrations/elide.h"
#include "rewrite/migrations/util.h"

namespace migrate::rewrite::migrations {

namespace {

struct Node {
  MigrationKey key;
  std::string path;
  const DjangoModule* module;
  size_t app_index;
};

// An edge "child depends on parent", where it was written, and which end the
// written entry named (the other end is the migration that wrote it).
struct Edge {
  MigrationKey child, parent;
  MigrationKey origin;  // the migration whose file holds the entry
  std::string path;
  unsigned line = 0;
  bool run_before = false;  // the entry named the child (run_before), not the parent
};

std::string repr(const MigrationKey& k) { return "('" + k.first + "', '" + k.second + "')"; }

std::string number_prefix(const std::string& name) {
  size_t n = 0;
  while (n < name.size() && name[n] >= '0' && name[n] <= '9') ++n;
  return name.substr(0, n);
}

class DjangoAudit {
 public:
  explicit DjangoAudit(const FileSource& files) : files_(files) {}
  GraphReport run();

 private:
  void load();
  void add_edges();
  std::optional<MigrationKey> resolve_special(const MigrationKey& ref, const std::string& current_app,
                                              const Node& origin, unsigned line, bool run_before);
  void apply_squashes();
  void check_references();
  void build_digraph();
  void check_cycles();
  void check_leaves();
  void check_number_clashes();
  bool have_common_descendant(size_t a, size_t b, const std::string& app) const;
  void check_max_migration();
  void report(std::string rule, Severity severity, std::string path, unsigned line, std::string message);

  const FileSource& files_;
  GraphReport report_;
  std::vector<DjangoApp> apps_;
  std::vector<std::string> module_paths_;
  std::vector<DjangoModule> modules_;
  std::vector<Node> nodes_;                       // sorted by key
  std::map<MigrationKey, size_t> index_;          // key -> node
  std::map<std::string, std::vector<size_t>> app_nodes_;  // label -> nodes, sorted
  std::set<std::string> uncertain_apps_;          // computed in-app entries: leaves unknown
  std::vector<Edge> edges_;
  bool ends_computed_ = false;                    // with_parent_/with_child_ filled
  std::set<MigrationKey> with_parent_, with_child_;  // internal edges' ends
  std::set<MigrationKey> removed_;                // replaced by a squash
  Digraph graph_;                                 // child -> parent, live nodes
  Digraph reverse_;                               // parent -> child
  std::vector<std::vector<std::pair<size_t, const Edge*>>> edge_at_;  // per node: (parent, edge)
  std::map<std::string, std::vector<size_t>> leaves_;
};

void DjangoAudit::report(std::string rule, Severity severity, std::string path, unsigned line,
                         std::string message) {
  report_.findings.push_back({std::move(rule), severity, std::move(path), line, std::move(message), ""});
}

void DjangoAudit::load() {
  apps_ = find_django_apps(files_);
  std::vector<size_t> app_of;
  for (size_t a = 0; a < apps_.size(); ++a) {
    for (const std::string& p : apps_[a].modules) {
      module_paths_.push_back(p);
      app_of.push_back(a);
    }
  }
  std::vector<std::string> sources(module_paths_.size());
  for (size_t i = 0; i < module_paths_.size(); ++i) sources[i] = files_.read(module_paths_[i]).value_or("");
  modules_.resize(module_paths_.size());
  parallel_for(module_paths_.size(), [&](size_t i) {
    // The operations list is most of the file and never read here.
    modules_[i] = parse_django_migration(
        parse_elided(std::move(sources[i]), [](std::string& s) { return blank_assigned_brackets(s, "operations"); }));
  });
  report_.django_migrations = static_cast<unsigned>(module_paths_.size());
  for (size_t i = 0; i < modules_.size(); ++i) {
    const DjangoModule& m = modules_[i];
    const std::string& path = module_paths_[i];
    report_.computed_entries_skipped += m.computed;
    const DjangoApp& app = apps_[app_of[i]];
    if (m.syntax_error_line) {
      // Django cannot import it. What tree-sitter recovered still names the
      // migration for its dependents, but its own lists may be incomplete.
      report("dj-no-migration-class", Severity::kError, path, m.syntax_error_line,
             "migration module has a syntax error at line " + std::to_string(m.syntax_error_line) +
                 ", so Django cannot import its Migration class");
      uncertain_apps_.insert(app.label);
      if (!m.class_found) continue;
    } else if (!m.has_migration) {
      report("dj-no-migration-class", Severity::kError, path, 0,
             "migration module defines or imports no Migration class; Django refuses to load it");
      continue;
    }
    std::string name(base_of(path));
    name.resize(name.size() - 3);
    MigrationKey key{app.label, name};
    if (index_.count(key)) continue;  // the same label in two packages: the first wins
    if (m.computed > m.swappable) uncertain_apps_.insert(app.label);
    index_[key] = 0;
    nodes_.push_back({key, path, &m, app_of[i]});
  }
  std::sort(nodes_.begin(), nodes_.end(), [](const Node& a, const Node& b) { return a.key < b.key; });
  for (size_t i = 0; i < nodes_.size(); ++i) {
    index_[nodes_[i].key] = i;
    app_nodes_[nodes_[i].key.first].push_back(i);
  }
}

// Django's check_key for `__first__` and `__latest__` naming another app.
// Returns the node to depend on, or nullopt when the entry adds no edge.
std::optional<MigrationKey> DjangoAudit::resolve_special(const MigrationKey& ref, const std::string& current_app,
                                                         const Node& origin, unsigned line, bool run_before) {
  if (ref.first == current_app) return std::nullopt;  // ignored by Django (#22325)
  auto it = app_nodes_.find(ref.first);
  const bool in_repo = std::any_of(apps_.begin(), apps_.end(),
                                   [&](const DjangoApp& a) { return a.label == ref.first; });
  if (it == app_nodes_.end()) {
    const std::string what = run_before ? "run_before entry " : "dependency ";
    if (in_repo) {
      report("dj-missing-dependency", Severity::kError, origin.path, line,
             what + repr(ref) + " of " + dotted(origin.key) + ": app '" + ref.first + "' has no migrations");
    } else if (!is_django_contrib_app(ref.first)) {
      report("dj-missing-dependency", Severity::kWarning, origin.path, line,
             what + repr(ref) + " of " + dotted(origin.key) + ": app '" + ref.first +
                 "' has no migrations in this repository (third-party app?)");
    }
    return std::nullopt;
  }
  // The first root or leaf of the app by its internal dependencies, before
  // squashes are applied, as Django resolves them (sorted(...)[0]).
  if (!ends_computed_) {
    ends_computed_ = true;
    for (const Edge& e : edges_) {
      if (e.child.first != e.parent.first) continue;
      with_parent_.insert(e.child);
      with_child_.insert(e.parent);
    }
  }
  for (size_t n : it->second) {
    const MigrationKey& k = nodes_[n].key;
    if (ref.second == "__first__" ? !with_parent_.count(k) : !with_child_.count(k)) return k;
  }
  return std::nullopt;
}

void DjangoAudit::add_edges() {
  // Internal dependencies first, so that __first__/__latest__ of another app
  // resolve against that app's complete chain.
  for (const Node& n : nodes_) {
    for (const DjangoRef& d : n.module->dependencies) {
      if (d.app == n.key.first && d.name != "__first__") {
        edges_.push_back({n.key, {d.app, d.name}, n.key, n.path, d.line, false});
      }
    }
  }
  const size_t internal = edges_.size();
  std::vector<Edge> external;
  for (const Node& n : nodes_) {
    for (const DjangoRef& d : n.module->dependencies) {
      if (d.app == n.key.first) continue;
      MigrationKey parent{d.app, d.name};
      if ((d.name == "__first__" || d.name == "__latest__") && !index_.count(parent)) {
        auto resolved = resolve_special(parent, n.key.first, n, d.line, false);
        if (!resolved) continue;
        parent = *resolved;
      }
      external.push_back({n.key, parent, n.key, n.path, d.line, false});
    }
    for (const DjangoRef& r : n.module->run_before) {
      MigrationKey child{r.app, r.name};
      if ((r.name == "__first__" || r.name == "__latest__") && !index_.count(child)) {
        auto resolved = resolve_special(child, n.key.first, n, r.line, true);
        if (!resolved) continue;
        child = *resolved;
      }
      external.push_back({child, n.key, n.key, n.path, r.line, true});
    }
  }
  edges_.resize(internal);
  for (Edge& e : external) edges_.push_back(std::move(e));
}

// Every squash takes the place of the migrations it replaces. A squash that
// is itself replaced by another goes first, as it must for Django to load.
void DjangoAudit::apply_squashes() {
  std::vector<size_t> squashes;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!nodes_[i].module->replaces.empty()) squashes.push_back(i);
  }
  std::set<MigrationKey> replaced_by_some;
  for (size_t s : squashes) {
    for (const DjangoRef& r : nodes_[s].module->replaces) replaced_by_some.insert({r.app, r.name});
  }
  std::stable_partition(squashes.begin(), squashes.end(),
                        [&](size_t s) { return replaced_by_some.count(nodes_[s].key) != 0; });
  for (size_t s : squashes) {
    const MigrationKey& squash = nodes_[s].key;
    if (removed_.count(squash)) continue;
    std::set<MigrationKey> replaced;
    for (const DjangoRef& r : nodes_[s].module->replaces) replaced.insert({r.app, r.name});
    std::vector<Edge> kept;
    for (Edge& e : edges_) {
      const bool c = replaced.count(e.child) != 0, p = replaced.count(e.parent) != 0;
      if (c && p) continue;
      if (c) e.child = squash;
      if (p) e.parent = squash;
      kept.push_back(std::move(e));
    }
    edges_ = std::move(kept);
    for (const MigrationKey& k : replaced) {
      if (k != squash) removed_.insert(k);
    }
  }
}

void DjangoAudit::check_references() {
  std::set<std::string> repo_apps;
  for (const DjangoApp& a : apps_) repo_apps.insert(a.label);
  std::vector<Edge> live;
  for (Edge& e : edges_) {
    const MigrationKey& named = e.run_before ? e.child : e.parent;
    const MigrationKey& writer = e.origin;
    if (index_.count(named) && !removed_.count(named)) {
      live.push_back(std::move(e));
      continue;
    }
    const bool third_party = !repo_apps.count(named.first);
    if (third_party && is_django_contrib_migration(named.first, named.second)) continue;
    std::string message = "Migration " + dotted(writer) + " dependencies reference nonexistent " +
                          (e.run_before ? "child" : "parent") + " node " + repr(named);
    if (third_party) {
      message += ": app '" + named.first + "' has no migrations in this repository (third-party app?)";
    }
    report("dj-missing-dependency", third_party ? Severity::kWarning : Severity::kError, e.path, e.line,
           std::move(message));
  }
  edges_ = std::move(live);
}

void DjangoAudit::build_digraph() {
  graph_ = Digraph(nodes_.size());
  reverse_ = Digraph(nodes_.size());
  edge_at_.assign(nodes_.size(), {});
  for (const Edge& e : edges_) {
    const size_t c = index_.at(e.child), p = index_.at(e.parent);
    graph_.add_edge(c, p);
    reverse_.add_edge(p, c);
    edge_at_[c].push_back({p, &e});
  }
}

void DjangoAudit::check_cycles() {
  for (const auto& component : graph_.cyclic_components()) {
    const size_t start = component.front();
    const std::vector<size_t> cycle = graph_.cycle_through(start, component);
    std::string chain;
    for (size_t n : cycle) chain += (chain.empty() ? "" : " -> ") + dotted(nodes_[n].key);
    const Edge* first = nullptr;
    for (const auto& [p, e] : edge_at_[start]) {
      if (cycle.size() > 1 && p == cycle[1]) { first = e; break; }
    }
    report("dj-cycle", Severity::kError, first ? first->path : nodes_[start].path,
           first ? first->line : nodes_[start].module->class_line,
           "Circular dependency: " + chain + " (each migration depends on the next)");
  }
}

void DjangoAudit::check_leaves() {
  std::vector<bool> has_in_app_child(nodes_.size(), false);
  for (const Edge& e : edges_) {
    if (e.child.first == e.parent.first) has_in_app_child[index_.at(e.parent)] = true;
  }
  for (const auto& [app, members] : app_nodes_) {
    std::vector<size_t>& leaves = leaves_[app];
    for (size_t n : members) {
      if (!removed_.count(nodes_[n].key) && !has_in_app_child[n]) leaves.push_back(n);
    }
    if (leaves.size() < 2 || uncertain_apps_.count(app)) continue;
    std::string names;
    for (size_t n : leaves) names += (names.empty() ? "" : ", ") + nodes_[n].key.second;
    const Node& last = nodes_[leaves.back()];
    report("dj-multiple-leaves", Severity::kError, last.path, last.module->class_line,
           "Conflicting migrations detected; multiple leaf nodes in the migration graph: (" + names + " in " +
               app + "). To fix them run 'python manage.py makemigrations --merge'");
  }
}

// Two migrations of an app with the same number that are unordered: neither
// depends on the other, and no migration of the app merges them.
bool DjangoAudit::have_common_descendant(size_t a, size_t b, const std::string& app) const {
  const std::vector<bool> da = reverse_.reachable_from(a), db = reverse_.reachable_from(b);
  for (size_t m = 0; m < nodes_.size(); ++m) {
    if (da[m] && db[m] && nodes_[m].key.first == app && !removed_.count(nodes_[m].key)) return true;
  }
  return false;
}

void DjangoAudit::check_number_clashes() {
  for (const auto& [app, members] : app_nodes_) {
    if (uncertain_apps_.count(app)) continue;
    std::map<std::string, std::vector<size_t>> by_number;
    for (size_t n : members) {
      if (removed_.count(nodes_[n].key)) continue;
      const std::string number = number_prefix(nodes_[n].key.second);
      if (!number.empty()) by_number[number].push_back(n);
    }
    for (const auto& [number, group] : by_number) {
      if (group.size() < 2) continue;
      std::vector<std::vector<bool>> ancestors;  // reachable over "depends on"
      for (size_t n : group) ancestors.push_back(graph_.reachable_from(n));
      for (size_t i = 0; i < group.size(); ++i) {
        for (size_t j = i + 1; j < group.size(); ++j) {
          const size_t a = group[i], b = group[j];
          if (ancestors[i][b] || ancestors[j][a]) continue;
          if (have_common_descendant(a, b, app)) continue;
          report("dj-number-clash", Severity::kWarning, nodes_[b].path, nodes_[b].module->class_line,
                 dotted(nodes_[a].key) + " and " + dotted(nodes_[b].key) + " share the number " + number +
                     " and neither depends on the other");
        }
      }
    }
  }
}

void DjangoAudit::check_max_migration() {
  const bool used = std::any_of(apps_.begin(), apps_.end(), [](const DjangoApp& a) { return a.has_max_migration; });
  if (!used) return;
  std::set<std::string> done;
  for (const DjangoApp& app : apps_) {
    if (!done.insert(app.label).second) continue;
    const std::string path = join_path(app.migrations_dir, "max_migration.txt");
    auto members = app_nodes_.find(app.label);
    if (members == app_nodes_.end()) continue;  // no migrations yet: nothing to name
    if (!app.has_max_migration) {
      report("dj-max-migration", Severity::kError, path, 0,
             "app '" + app.label +
                 "' has no max_migration.txt while other apps use django-linear-migrations; "
                 "run 'python manage.py create_max_migration_files'");
      continue;
    }
    const std::string content = files_.read(path).value_or("");
    // Lines of the stripped content, as django-linear-migrations reads them.
    std::vector<std::string> lines;
    size_t b = content.find_first_not_of(" \t\r\n"), e = content.find_last_not_of(" \t\r\n");
    if (b != std::string::npos) {
      const std::string stripped = content.substr(b, e - b + 1);
      size_t start = 0;
      while (start <= stripped.size()) {
        size_t nl = stripped.find('\n', start);
        if (nl == std::string::npos) nl = stripped.size();
        std::string line = stripped.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
        start = nl + 1;
      }
    }
    if (lines.size() > 1) {
      report("dj-max-migration", Severity::kError, path, 2,
             "max_migration.txt of app '" + app.label + "' has " + std::to_string(lines.size()) +
                 " lines; it must name only the app's latest migration");
      continue;
    }
    const std::string named = lines.empty() ? "" : lines[0];
    const MigrationKey key{app.label, named};
    if (!index_.count(key)) {
      report("dj-max-migration", Severity::kError, path, 1,
             "max_migration.txt of app '" + app.label + "' names '" + named + "', which is not a migration of the app");
      continue;
    }
    const auto& leaves = leaves_[app.label];
    if (leaves.size() != 1 || uncertain_apps_.count(app.label)) continue;  // reported as multiple leaves
    const std::string& latest = nodes_[leaves[0]].key.second;
    if (latest != named) {
      report("dj-max-migration", Severity::kError, path, 1,
             "max_migration.txt of app '" + app.label + "' names '" + named + "', but the latest migration is '" +
                 latest + "'");
    }
  }
}

GraphReport DjangoAudit::run() {
  load();
  if (nodes_.empty() && report_.findings.empty()) return std::move(report_);
  add_edges();
  apply_squashes();
  check_references();
  build_digraph();
  check_cycles();
  check_leaves();
  check_number_clashes();
  check_max_migration();
  sort_findings(report_.findings);
  return std::move(report_);
}

}  // namespace

GraphReport audit_django(const FileSource& files) { return DjangoAudit(files).run(); }

}  // namespace migrate::rewrite::migrations
