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
  std::vector<bool> cut_off_;  // a dangling down_revision, or a revision descending from one
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
  cut_off_.assign(revs_.size(), false);
  down_.assign(revs_.size(), {});
  edge_line_.assign(revs_.size(), {});
  for (size_t r = 0; r < revs_.size(); ++r) {
    const AlembicModule& m = modules_[revs_[r].file];
    auto link = [&](const AlembicRef& ref, bool down) {
      auto target = resolve(ref.id);
      if (!target) {
        // Alembic stops at it (KeyError): the revisions from here on are
        // cut off from the history, and none of them counts as a head.
        if (down) cut_off_[r] = true;
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
  // What descends from a dangling down_revision is not part of the history
  // Alembic could load: its heads are not heads to merge (the dangling
  // reference is the finding there).
  std::vector<std::vector<size_t>> children(revs_.size());
  for (size_t r = 0; r < revs_.size(); ++r) {
    for (size_t p : down_[r]) children[p].push_back(r);
  }
  std::vector<size_t> todo;
  for (size_t r = 0; r < revs_.size(); ++r) {
    if (cut_off_[r]) todo.push_back(r);
  }
  while (!todo.empty()) {
    const size_t r = todo.back();
    todo.pop_back();
    for (size_t c : children[r]) {
      if (!cut_off_[c]) {
        cut_off_[c] = true;
        todo.push_back(c);
      }
    }
  }
  std::vector<size_t> heads;
  for (size_t r = 0; r < revs_.size(); ++r) {
    if (!named[r] && !cut_off_[r]) heads.push_back(r);
  }
  if (heads.size() < 2 || uncertain_) return;
  // A head's labels: its own and those of every ancestor by down_revision.
  std::vector<std::set<std::string>> labels;
  for (size_t h : heads) {
    std::set<std::string> l;
    std::vector<size_t> stack{h};
    std::vector<bool> seen(revs_.size(), false);
    while (!stack.empty()) {
      const size_t r = stack.back();
      stack.pop_back();
      if (seen[r]) continue;
      seen[r] = true;
      const AlembicModule& m = modules_[revs_[r].file];
      for (const auto& label : m.branch_labels) l.insert(label);
      // Labels we cannot read (`(cli.CONTRACT_BRANCH,)`) still label the
      // branch: one of its own, shared by the heads that descend from it.
      if (m.labels_computed) l.insert("\x01" + revs_[r].id);
      for (size_t p : down_[r]) stack.push_back(p);
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
  if (distinct && options_.alembic_allow_labelled_heads) return;
  std::sort(heads.begin(), heads.end(),
            [&](size_t a, size_t b) { return env_.files[revs_[a].file] < env_.files[revs_[b].file]; });
  std::string list;
  for (size_t h : heads) list += (list.empty() ? "" : ", ") + revs_[h].id + " (" + env_.files[revs_[h].file] + ")";
  const size_t last = heads.back();
  // Heads on distinct labelled branches may be meant (expand and contract
  // branches): say how to allow them.
  report("al-multiple-heads", Severity::kError, revs_[last].file, modules_[revs_[last].file].revision_line,
         "multiple heads in " + where() + ": " + list + "; merge them with 'alembic merge heads'" +
             (distinct
                  ? " (or, if they are branches meant to stay apart, each with its branch_labels, allow them: git "
                    "config migrate.check.alembicAllowLabelledHeads true)"
                  : ""));
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
        m.branch_labels.empty() && !m.labels_computed) {
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

namespace {

struct ParsedEnv {
  AlembicEnv env;
  std::vector<AlembicModule> modules;  // per env.files
};

std::vector<AlembicModule> parse_env(const FileSource& files, const AlembicEnv& env) {
  std::vector<std::string> sources(env.files.size());
  for (size_t i = 0; i < env.files.size(); ++i) sources[i] = files.read(env.files[i]).value_or("");
  std::vector<AlembicModule> modules(env.files.size());
  parallel_for(env.files.size(), [&](size_t i) {
    // downgrade() is about half of a revision and never read here.
    modules[i] = parse_alembic_revision(
        parse_elided(std::move(sources[i]), [](std::string& s) { return stub_top_level_function(s, "downgrade"); }));
  });
  return modules;
}

// The folders found below one version location that form one graph with
// another of them (see alembic.h): a folder without an unlabelled base
// revision whose references continue a revision or label of another folder
// of the same location joins it. Returns the environments to audit.
std::vector<ParsedEnv> join_continued_folders(std::vector<ParsedEnv> envs) {
  const size_t n = envs.size();
  std::vector<size_t> parent(n);
  for (size_t i = 0; i < n; ++i) parent[i] = i;
  auto find = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  auto family = [&](size_t i) {
    const AlembicEnv& e = envs[i].env;
    return !e.below.empty() ? e.below : e.dirs.size() == 1 && !e.recursive ? e.dirs[0] : std::string();
  };
  std::map<std::string, std::vector<size_t>> families;
  for (size_t i = 0; i < n; ++i) {
    if (std::string f = family(i); !f.empty()) families[f].push_back(i);
  }
  for (const auto& [name, members] : families) {
    if (members.size() < 2) continue;
    std::map<std::string, size_t> defined_in;  // revision id or branch label -> env
    for (size_t i : members) {
      for (const AlembicModule& m : envs[i].modules) {
        if (m.revision) defined_in.emplace(*m.revision, i);
        for (const std::string& l : m.branch_labels) defined_in.emplace(l, i);
      }
    }
    for (size_t i : members) {
      const auto& modules = envs[i].modules;
      // A base with branch labels is the root of a branch of a larger
      // history (`alembic revision --head=base --branch-label=x`), which
      // may depend on it; an unlabelled base starts a history of its own.
      const bool has_own_base = std::any_of(modules.begin(), modules.end(), [](const AlembicModule& m) {
        return m.revision && m.down_assigned && !m.down_computed && m.down_revisions.empty() &&
               m.branch_labels.empty() && !m.labels_computed;
      });
      if (has_own_base) continue;
      for (const AlembicModule& m : modules) {
        for (const auto* refs : {&m.down_revisions, &m.depends_on}) {
          for (const AlembicRef& r : *refs) {
            auto it = defined_in.find(r.id);
            if (it != defined_in.end() && it->second != i) parent[find(i)] = find(it->second);
          }
        }
      }
    }
  }
  std::map<size_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < n; ++i) groups[find(i)].push_back(i);
  std::vector<ParsedEnv> out;
  for (auto& [root, members] : groups) {
    if (members.size() == 1) {
      out.push_back(std::move(envs[members[0]]));
      continue;
    }
    ParsedEnv joined;
    joined.env.config = envs[members[0]].env.config;
    std::vector<std::pair<std::string, AlembicModule>> files;
    for (size_t i : members) {
      ParsedEnv& e = envs[i];
      if (joined.env.config.empty() || e.env.below.empty()) joined.env.config = e.env.config;
      joined.env.dirs.insert(joined.env.dirs.end(), e.env.dirs.begin(), e.env.dirs.end());
      for (size_t f = 0; f < e.env.files.size(); ++f) files.emplace_back(e.env.files[f], std::move(e.modules[f]));
    }
    std::sort(joined.env.dirs.begin(), joined.env.dirs.end());
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [path, module] : files) {
      joined.env.files.push_back(path);
      joined.modules.push_back(std::move(module));
    }
    out.push_back(std::move(joined));
  }
  return out;
}

}  // namespace

GraphReport audit_alembic(const FileSource& files, const GraphOptions& options) {
  GraphReport report;
  AlembicLayout layout = find_alembic_layout(files);
  report.findings = std::move(layout.no_tree);
  std::vector<ParsedEnv> envs;
  for (AlembicEnv& env : layout.envs) {
    report.alembic_revisions += static_cast<unsigned>(env.files.size());
    std::vector<AlembicModule> modules = parse_env(files, env);
    envs.push_back({std::move(env), std::move(modules)});
  }
  for (const ParsedEnv& e : join_continued_folders(std::move(envs))) AlembicAudit(e.env, e.modules, options, &report).run();
  sort_findings(report.findings);
  return report;
}

}  // namespace migrate::rewrite::migrations
