// The migration-graph rules (rewrite/migrations: Django and Alembic graphs
// read statically) registered with git-migrate-check as group 40.
//
// One pass per audited range audits the final tree (or the worktree with
// --worktree) and is shared by every rule of the group; each rule emits its
// own id from it. Whole-graph rules report the state of the whole tree: a
// conflict is an error wherever it came from. The two per-file warnings
// (al-fk-no-ondelete, al-empty-upgrade) report only files the range adds or
// changes, so that history the team already accepted does not come back on
// every push. Findings carry the first commit of the range that added or
// changed their file.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "cmd/check/graph_rules.h"
#include "cmd/check/moves_in_effect.h"
#include "cmd/check/rules.h"
#include "cmd/check/worktree.h"
#include "rewrite/migrations/alembic.h"
#include "rewrite/migrations/django.h"
#include "rewrite/migrations/edited_applied.h"
#include "rewrite/migrations/graph_rules.h"
#include "rewrite/migrations/operations.h"

namespace migrate::cmd::check {
namespace {

using rewrite::Finding;
namespace mig = rewrite::migrations;

struct GraphPass {
  std::vector<Finding> findings;
  std::set<std::string> judged_migrations;  // old paths of deleted or squashed-away Django migrations and deleted Alembic revisions
};

// Filled by the pass when it runs; read for the summary.
struct SkippedEntries {
  mutable unsigned value = 0;
};

const SkippedEntries& skipped_entries(const AuditContext& ctx) {
  return ctx.memo<SkippedEntries>([] { return SkippedEntries{}; });
}

// The net changes of the range as the edited-applied audit takes them.
std::vector<mig::FileChange> range_changes(const AuditContext& ctx) {
  using K = gitops::FileStat::Kind;
  std::vector<mig::FileChange> out;
  for (const gitops::FileStat& f : ctx.changes()) {
    mig::FileChange c;
    const std::string path = f.path.str();
    switch (f.kind) {
      case K::kAdded: c = {mig::FileChange::Status::kAdded, "", path, ""}; break;
      case K::kDeleted: c = {mig::FileChange::Status::kDeleted, path, "", ""}; break;
      case K::kRenamed: c = {mig::FileChange::Status::kRenamed, f.old_path ? f.old_path->str() : path, path, ""}; break;
      case K::kModified:
      case K::kTypeChanged: c = {mig::FileChange::Status::kModified, path, path, ""}; break;
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The first commit of the range that changed `path` in any way (deletions
// and renames away included).
std::string commit_of_change(const AuditContext& ctx, const mig::FileChange& c) {
  const std::string& path = c.new_path.empty() ? c.old_path : c.new_path;
  for (const CommitChanges& cc : ctx.commit_changes()) {
    for (const gitops::FileStat& f : cc.files) {
      if (f.path.str() == path || (f.old_path && f.old_path->str() == c.old_path)) return cc.commit.hex();
    }
  }
  return "";
}

// The first commit of the range that added, changed, deleted or renamed
// each path, built once when a finding needs it.
class FirstCommits {
 public:
  explicit FirstCommits(const AuditContext& ctx) : ctx_(ctx) {}
  std::string of(const std::string& path) {
    if (!built_) {
      built_ = true;
      for (const CommitChanges& cc : ctx_.commit_changes()) {
        for (const gitops::FileStat& f : cc.files) {
          first_.emplace(f.path.str(), cc.commit.hex());
          if (f.old_path) first_.emplace(f.old_path->str(), cc.commit.hex());
        }
      }
    }
    auto it = first_.find(path);
    return it == first_.end() ? "" : it->second;
  }

 private:
  const AuditContext& ctx_;
  bool built_ = false;
  std::map<std::string, std::string> first_;
};

// `path` is where the range moved a file without changing it (git's 100%
// rename: the same blob on both sides).
static bool renamed_unchanged(const AuditContext& ctx, const std::string& path) {
  return std::any_of(ctx.changes().begin(), ctx.changes().end(), [&](const gitops::FileStat& f) {
    return f.kind == gitops::FileStat::Kind::kRenamed && f.old_oid == f.new_oid && f.path.str() == path;
  });
}

GraphPass run_graph_pass(const AuditContext& ctx) {
  std::optional<WorktreeFileSource> worktree;
  if (ctx.settings().worktree) worktree.emplace(ctx.repo());
  const rewrite::FileSource& end = worktree ? static_cast<const rewrite::FileSource&>(*worktree) : ctx.end_files();
  const rewrite::FileSource& start = ctx.start_files();

  mig::GraphOptions options;
  options.alembic_allow_labelled_heads = ctx.config().boolean("check.alembic_allow_labelled_heads").value_or(false);
  mig::GraphReport report = mig::audit_django(end);
  report.merge(mig::audit_alembic(end, options));

  GraphPass pass;
  skipped_entries(ctx).value = report.computed_entries_skipped;
  for (Finding& f : report.findings) {
    if (f.rule == "al-fk-no-ondelete" || f.rule == "al-empty-upgrade" || f.rule == "al-multiple-bases") {
      if (start.read(f.path) == end.read(f.path) || renamed_unchanged(ctx, f.path)) continue;  // not added or changed
    }
    if (!worktree) {
      if (auto c = ctx.first_commit_touching(f.path)) f.commit = c->hex();
    }
    pass.findings.push_back(std::move(f));
  }

  // An applied migration the range only moved and whose imports it mapped
  // through the moves is not edited (the moves are read only when the range
  // or the worktree touches a migrations folder).
  std::vector<mig::FileChange> changes;
  rewrite::MoveSet moves;
  if (worktree) {
    changes = mig::migration_changes(start, end);
    if (!changes.empty()) {
      moves = moves_in_effect(ctx);
      changes = mig::migration_changes(start, end, &moves);
    }
  } else {
    changes = range_changes(ctx);
    for (mig::FileChange& c : changes) c.commit = commit_of_change(ctx, c);
    const bool touches_migrations = std::any_of(changes.begin(), changes.end(), [](const mig::FileChange& c) {
      return c.old_path.find("migrations/") != std::string::npos;
    });
    if (touches_migrations) moves = moves_in_effect(ctx);
  }
  for (Finding& f : mig::audit_edited_applied(start, end, changes, &moves)) pass.findings.push_back(std::move(f));

  // The hand-written work of removed migrations, and the reversibility of
  // added ones: only the files the range changed (every migration file with
  // --worktree, where no diff is at hand).
  std::vector<std::string> changed;
  for (const gitops::FileStat& f : ctx.changes()) {
    changed.push_back(f.path.str());
    if (f.old_path) changed.push_back(f.old_path->str());
  }
  const std::vector<std::string>* changed_or_all = worktree ? nullptr : &changed;
  mig::LostOperations lost = mig::audit_lost_operations(start, end, changed_or_all);
  FirstCommits first_commits(ctx);
  for (size_t i = 0; i < lost.findings.size(); ++i) {
    Finding& f = lost.findings[i];
    if (!worktree) f.commit = first_commits.of(lost.causes[i]);
    pass.findings.push_back(std::move(f));
  }
  pass.judged_migrations.insert(lost.judged_paths.begin(), lost.judged_paths.end());
  for (Finding& f : mig::audit_irreversible(start, end, changed_or_all)) {
    if (!worktree) f.commit = first_commits.of(f.path);
    pass.findings.push_back(std::move(f));
  }
  return pass;
}

const GraphPass& graph_pass(const AuditContext& ctx) {
  return ctx.memo<GraphPass>([&] { return run_graph_pass(ctx); });
}

}  // namespace

std::vector<Rule> graph_rule_list() {
  std::vector<Rule> rules;
  for (const rewrite::RuleInfo& info : mig::graph_rules()) {
    rules.push_back({info, [id = std::string(info.id)](const AuditContext& ctx, std::vector<Finding>& out) {
                       for (const Finding& f : graph_pass(ctx).findings) {
                         if (f.rule == id) out.push_back(f);
                       }
                     }});
  }
  return rules;
}


unsigned migration_entries_skipped(const AuditContext& ctx) { return skipped_entries(ctx).value; }

bool judged_as_removed_migration(const AuditContext& ctx, const std::string& old_path) {
  return graph_pass(ctx).judged_migrations.count(old_path) != 0;
}

}  // namespace migrate::cmd::check
