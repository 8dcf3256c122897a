// The audit of Alembic's revision graphs (audit_alembic of alembic.h): each
// environment's revisions read (alembic_revision.cc) from the trees found
// (alembic_layout.cc), then checked: missing and duplicate revisions,
// dangling references, cycles, several heads or unlabelled bases, empty
// upgrades and foreign keys without ondelete=.
#include "rewrite/migrations/alembic.h"

#include <algorithm>
#include <map>
#include <set>

#include "rewrite/migrations/digraph.h"
#include "rewrite/migrations/elide.h"
#include "rewrite/migrations/util.h"

namespace migrate::rewrite::migrations {

namespace {

class AlembicAudit {
 public:
  AlembicAudit(const AlembicEnv& env, const std::vector<AlembicModule>& modules, const GraphOptions& options,
               GraphReport* report)
      : env_(env), modules_(modules), options_(options), report_(report) {}
  void run();

 private:
  struct Rev {
    std::string id;
    size_t file;  // index into env_.files / modules_
  };
  void report(std::string rule, Severity severity, size_t file, unsigned line, std::string message) {
    report_->findings.push_back({std::move(rule), severity, env_.files[file], line, std::move(message), ""});
  }
  std::optional<size_t> resolve(const std::string& ref) const;
  void check_files();
  void build_graph();
  void check_cycles();
  void check_heads();
  void check_bases();
  std::string where() const { return env_.dirs.size() == 1 ? env_.dirs[0] : env_.dirs[0] + " (and others)"; }

  const AlembicEnv& env_;
  const std::vector<AlembicModule>& modules_;
  const GraphOptions& options_;
  GraphReport* report_;
  std::vector<Rev> revs_;
  std::map<std::string, size_t> by_id_;     // revision id -> revs_ index
  std::map<std::string, size_t> by_label_;  // branch label -> revs_ index
  bool uncertain_ = false;  // a down_revision we could not read, or a cycle: heads unknown
  Digraph graph_;                           // child -> parent (down_revision and depends_on)
  std::vector<std::vector<size_t>> down_;   // child -> parents by down_revision only
  std::vector<std::vector<std::pair<size_t, unsigned>>> edge_line_;  // child -> (parent, line)
};

std::optional<size_t> AlembicAudit::resolve(const std::string& ref) const {
  if (auto it = by_id_.find(ref); it != by_id_.end()) return it->second;
  if (auto it = by_label_.find(ref); it != by_label_.end()) return it->second;
  return std::nullopt;
}

void AlembicAudit::check_files() {
  for (size_t f = 0; f < modules_.size(); ++f) {
    const AlembicModule& m = modules_[f];
    report_->computed_entries_skipped += m.computed;
    if (m.syntax_error_line) {
      // Alembic cannot import it; what tree-sitter recovered still places it.
      report("al-missing-revision", Severity::kError, f, m.syntax_error_line,
             "revision file has a syntax error at line " + std::to_string(m.syntax_error_line) +
                 ", so Alembic cannot read its revision");
      uncertain_ = true;
      if (!m.revision) continue;
    } else if (!m.revision) {
      report("al-missing-revision", Severity::kError, f, m.revision_line,
             m.revision_line ? "revision is not a literal string, so Alembic's revision id cannot be read"
                             : "revision file assigns no revision id ('revision = \"...\"')");
      continue;
    }
    if (!m.down_assigned && !m.syntax_error_line) {
      report("al-missing-revision", Severity::kError, f, 0,
             "revision file assigns no down_revision (None for a base revision)");
      uncertain_ = true;
    }
    if (m.down_computed) uncertain_ = true;
    if (auto it = by_id_.find(*m.revision); it != by_id_.end()) {
      report("al-duplicate-revision", Severity::kError, f, m.revision_line,
             "revision '" + *m.revision + "' is also defined in " + env_.files[revs_[it->second].file]);
      continue;
    }
    by_id_[*m.revision] = revs_.size();
    revs_.push_back({*m.revision, f});
  }
  for (size_t r = 0; r < revs_.size(); ++r) {
    for (const std::string& label : modules_[revs_[r].file].branch_labels) by_label_.emplace(label, r);
  }
}

void AlembicAudit::build_graph() {
  graph_ = Digraph(revs_.size());
  down_.assign(revs_.size(), {});
  edge_line_.assign(revs_.size(), {});
  for (size_t r = 0; r < revs_.size(); ++r) {
    const AlembicModule& m = modules_[revs_[r].file];
    auto link = [&](const AlembicRef& ref, bool down) {
      auto target = resolve(ref.id);
      if (!target) {
        report("al-dangling-reference", Severity::kError, revs_[r].file, ref.line,
               std::string(down ? "down_revision" : "depends_on") + " '" + ref.id + "' of revision '" + revs_[r].id +
                   "' names no revision or branch label in " + where());
        return;
      }
      graph_.add_edge(r, *target);
      edge_line_[r].push_back({*target, ref.line});
      if (down) down_[r].push_back(*target);
    };
    for (const AlembicRef& d : m.down_revisions) link(d, true);
    for (const AlembicRef& d : m.depends_on) link(d, false);
  }
}

void AlembicAudit::check_cycles() {
  const auto components = graph_.cyclic_components();
  if (!components.empty()) uncertain_ = true;  // heads mean nothing in a cycle
  for (const auto& component : components) {
    const size_t start = component.front();
    const auto cycle = graph_.cycle_through(start, component);
    unsigned line = modules_[revs_[start].file].down_line;
    for (const auto& [p, l] : edge_line_[start]) {
      if (cycle.size() > 1 && p == cycle[1]) {
        line = l;
        break;
      }
    }
    if (cycle.size() == 2) {
      report("al-cycle", Severity::kError, revs_[start].file, line,
             "revision '" + revs_[start].id + "' names itself as its down_revision or depends_on");
      continue;
    }
    std::string chain;
    for (size_t n : cycle) chain += (chain.empty() ? "" : " -> ") + revs_[n].id;
    report("al-cycle", Severity::kError, revs_[start].file, line,
           "revision cycle: " + chain + " (each revision's down_revision or depends_on names the next)");
  }
}

void AlembicAudit::check_heads() {
  std::vector<bool> named(revs_.size(), false);
  for (size_t r = 0; r < revs_.size(); ++r) {
    for (size_t p : down_[r]) {
      if (p != r) named[p] = true;
    }
  }
  std::vector<size_t> heads;
  for (size_t r = 0; r < revs_.size(); ++r) {
    if (!named[r]) heads.push_back(r);
  }
  if (heads.size() < 2 || uncertain_) return;
  if (options_.alembic_allow_labelled_heads) {
    // A head's labels: its own and those of every ancestor by down_revision.
    std::vector<std::set<std::string>> labels;
    for (size_t h : heads) {
      std::set<std::string> l;
      std::vector<size_t> todo{h};
      std::vector<bool> seen(revs_.size(), false);
      while (!todo.empty()) {
        const size_t r = todo.back();
        todo.pop_back();
        if (seen[r]) continue;
        seen[r] = true;
        for (const auto& label : modules_[revs_[r].file].branch_labels) l.insert(label);
        for (size_t p : down_[r]) todo.push_back(p);
      }
      labels.push_back(std::move(l));
    }
    bool distinct = true;
    for (size_t i = 0; i < labels.size() && distinct; ++i) {
      if (labels[i].empty()) distinct = false;
      for (size_t j = i + 1; j < labels.size() && distinct; ++j) {
        for (const auto& l : labels[i]) distinct = distinct && !labels[j].count(l);
      }
    }
    if (distinct) return;
  }
  std::sort(heads.begin(), heads.end(),
            [&](size_t a, size_t b) { return env_.files[revs_[a].file] < env_.files[revs_[b].file]; });
  std::string list;
  for (size_t h : heads) list += (list.empty() ? "" : ", ") + revs_[h].id + " (" + env_.files[revs_[h].file] + ")";
  const size_t last = heads.back();
  report("al-multiple-heads", Severity::kError, revs_[last].file, modules_[revs_[last].file].revision_line,
         "multiple heads in " + where() + ": " + list + "; merge them with 'alembic merge heads'");
}

// Several bases are one history only when branch labels tell them apart
// (`alembic revision --head=base --branch-label=x`); unlabelled, `alembic
// upgrade head` has no single start and a reset left a second root behind.
void AlembicAudit::check_bases() {
  std::vector<size_t> bases, unlabelled;
  for (size_t r = 0; r < revs_.size(); ++r) {
    const AlembicModule& m = modules_[revs_[r].file];
    if (!m.down_assigned || m.down_computed || !m.down_revisions.empty()) continue;
    bases.push_back(r);
    if (m.branch_labels.empty()) unlabelled.push_back(r);
  }
  if (bases.size() < 2 || unlabelled.size() < 2) return;
  auto by_path = [&](size_t a, size_t b) { return env_.files[revs_[a].file] < env_.files[revs_[b].file]; };
  std::sort(bases.begin(), bases.end(), by_path);
  std::sort(unlabelled.begin(), unlabelled.end(), by_path);
  std::string list;
  for (size_t b : bases) list += (list.empty() ? "" : ", ") + revs_[b].id + " (" + env_.files[revs_[b].file] + ")";
  for (size_t b : unlabelled) {
    report("al-multiple-bases", Severity::kWarning, revs_[b].file, modules_[revs_[b].file].down_line,
           "revision '" + revs_[b].id + "' is one of " + std::to_string(bases.size()) + " base revisions in " +
               where() + " (" + list + ") and has no branch_labels; give each base its own branch label or "
               "join them under one down_revision");
  }
}

void AlembicAudit::run() {
  check_files();
  build_graph();
  check_cycles();
  check_heads();
  check_bases();
  for (size_t f = 0; f < modules_.size(); ++f) {
    const AlembicModule& m = modules_[f];
    if (m.syntax_error_line) continue;  // reported as al-missing-revision
    // Merge revisions and the root of a labelled branch
    // (`alembic revision --head=base --branch-label=x`) are empty by design.
    if (m.upgrade_line && m.upgrade_empty && m.down_revisions.size() < 2 && !m.down_computed &&
        m.branch_labels.empty()) {
      report("al-empty-upgrade", Severity::kWarning, f, m.upgrade_line,
             "upgrade() of revision '" + m.revision.value_or("?") + "' does nothing (only pass or a docstring)");
    }
    for (const auto& fk : m.fks_without_ondelete) {
      report("al-fk-no-ondelete", Severity::kWarning, f, fk.line,
             fk.callee + "(...) has no ondelete=; state what deleting the referenced row does "
                         "(CASCADE, SET NULL, RESTRICT)");
    }
  }
}

}  // namespace

GraphReport audit_alembic(const FileSource& files, const GraphOptions& options) {
  GraphReport report;
  AlembicLayout layout = find_alembic_layout(files);
  report.findings = std::move(layout.no_tree);
  for (const AlembicEnv& env : layout.envs) {
    std::vector<std::string> sources(env.files.size());
    for (size_t i = 0; i < env.files.size(); ++i) sources[i] = files.read(env.files[i]).value_or("");
    std::vector<AlembicModule> modules(env.files.size());
    parallel_for(env.files.size(), [&](size_t i) {
      // downgrade() is about half of a revision and never read here.
      std::string elided = sources[i];
      if (!stub_top_level_function(elided, "downgrade")) {
        modules[i] = parse_alembic_revision(ParsedFile(std::move(sources[i])));
        return;
      }
      ParsedFile file(std::move(elided));
      modules[i] = parse_alembic_revision(file.has_error() ? ParsedFile(std::move(sources[i])) : std::move(file));
    });
    report.alembic_revisions += static_cast<unsigned>(env.files.size());
    AlembicAudit(env, modules, options, &report).run();
  }
  sort_findings(report.findings);
  return report;
}

}  // namespace migrate::rewrite::migrations
