// Rules about paths and line counts, the manual checks of docs/workflow.md
// (steps 5 and 6): the tooling folder committed by the soft-reset trap
// (excluded-path), test migrations and stray files (artifact), code lost by
// a bad rewrite (large-deletion, the recipe's `git diff --stat | sort`).
#include <algorithm>
#include <map>
#include <set>

#include <re2/re2.h>

#include "cmd/check/rule_ids.h"
#include "cmd/check/rules.h"
#include "common/quote.h"

namespace migrate::cmd::check {
namespace {

using gitops::FileStat;
using gitops::Oid;
using gitops::RepoPath;
using rewrite::Finding;
using rewrite::Severity;

std::string folder_label(const RepoPath& p) { return quote_path(p.str() + "/"); }

const RepoPath* excluded_folder(const AuditContext& ctx, const RepoPath& path) {
  for (const RepoPath& e : ctx.settings().exclude) {
    if (path.is_under(e)) return &e;
  }
  return nullptr;
}

// 1. excluded-path
void run_excluded_path(const AuditContext& ctx, std::vector<Finding>& out) {
  // First commit adding or changing each excluded path (deletions are the
  // clean-up, not a problem).
  std::map<std::string, std::pair<Oid, const RepoPath*>> touched;
  std::vector<std::string> order;
  for (const CommitChanges& c : ctx.commit_changes()) {
    for (const FileStat& f : c.files) {
      if (f.kind == FileStat::Kind::kDeleted) continue;
      const RepoPath* folder = excluded_folder(ctx, f.path);
      if (!folder || touched.count(f.path.str())) continue;
      touched.emplace(f.path.str(), std::make_pair(c.commit, folder));
      order.push_back(f.path.str());
    }
  }
  std::set<std::string> at_end;
  for (const RepoPath& e : ctx.settings().exclude) {
    for (const gitops::TreeEntry& t : ctx.repo().list_files(ctx.end_tree(), e)) at_end.insert(t.path.str());
  }
  for (const std::string& p : at_end) {
    if (!touched.count(p)) order.push_back(p);
  }
  std::sort(order.begin(), order.end());
  for (const std::string& p : order) {
    Finding f;
    f.rule = rule_id::kExcludedPath;
    f.severity = Severity::kError;
    f.path = p;
    auto t = touched.find(p);
    const RepoPath* folder = t != touched.end() ? t->second.second : excluded_folder(ctx, *RepoPath::parse(p));
    const bool present = at_end.count(p) > 0;
    if (t != touched.end()) {
      f.commit = t->second.first.hex();
      f.message = "added or changed under the excluded folder " + folder_label(*folder) +
                  (present ? "" : " (removed again later, but it stays in the pushed history)");
    } else {
      f.message = "under the excluded folder " + folder_label(*folder) + " and present at the end of the range";
    }
    out.push_back(std::move(f));
  }
}

// Names of the migrations directly in `dir` at the end of the range
// ("0877_error_tracking"), sorted.
std::vector<std::string> migrations_in(const AuditContext& ctx, const RepoPath& dir) {
  static const RE2 kMigration(R"(([0-9]{4}_[A-Za-z0-9_]*)\.py)");
  std::vector<std::string> out;
  for (const gitops::TreeEntry& e : ctx.repo().list_files(ctx.end_tree(), dir)) {
    if (e.path.parent() != dir) continue;
    std::string name;
    if (RE2::FullMatch(e.path.filename(), kMigration, &name)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// 2. artifact
void run_artifact(const AuditContext& ctx, std::vector<Finding>& out) {
  std::vector<std::unique_ptr<RE2>> patterns;
  for (const std::string& p : ctx.settings().artifact_patterns) patterns.push_back(std::make_unique<RE2>(p, RE2::Quiet));
  for (const FileStat& f : ctx.changes()) {
    const std::string path = f.path.str();
    const bool added = f.kind == FileStat::Kind::kAdded || f.kind == FileStat::Kind::kRenamed;
    if (added) {
      for (std::size_t i = 0; i < patterns.size(); ++i) {
        if (!RE2::PartialMatch(path, *patterns[i])) continue;
        Finding a;
        a.rule = rule_id::kArtifact;
        a.severity = Severity::kError;
        a.path = path;
        a.message = "added file matches the artifact pattern " + ctx.settings().artifact_patterns[i] +
                    "; remove it from the branch (git rm, then amend)";
        if (auto c = ctx.first_commit_touching(path)) a.commit = c->hex();
        out.push_back(std::move(a));
        break;
      }
    }
    if (f.kind == FileStat::Kind::kDeleted || f.path.filename() != "max_migration.txt") continue;
    // With django-linear-migrations every new migration rewrites
    // max_migration.txt: only a file that no longer names the app's latest
    // migration is an artifact (a test migration's leftover).
    const auto content = ctx.end_files().read(path);
    if (!content) continue;
    std::string named = content->substr(0, content->find('\n'));
    while (!named.empty() && (named.back() == '\r' || named.back() == ' ')) named.pop_back();
    const std::vector<std::string> migrations = migrations_in(ctx, f.path.parent());
    if (migrations.empty() || named == migrations.back()) continue;
    Finding a;
    a.rule = rule_id::kArtifact;
    a.severity = Severity::kError;
    a.path = path;
    a.line = 1;
    const bool exists = std::binary_search(migrations.begin(), migrations.end(), named);
    a.message = "names " + (named.empty() ? std::string("nothing") : named) +
                (exists ? "" : ", which is not a migration of this app,") + " but the latest migration is " +
                migrations.back() + "; restore it (git checkout <base> -- " + quote_path(path) + ")";
    if (auto c = ctx.last_commit_touching(path)) a.commit = c->hex();
    out.push_back(std::move(a));
  }
}

// 3. large-deletion
void run_large_deletion(const AuditContext& ctx, std::vector<Finding>& out) {
  struct Loss {
    long loss;
    const FileStat* f;
  };
  std::vector<Loss> losses;
  for (const FileStat& f : ctx.changes()) {
    if (f.unreadable && f.kind != FileStat::Kind::kAdded) {
      Finding d;
      d.rule = rule_id::kLargeDeletion;
      d.severity = Severity::kWarning;
      d.path = f.path.str();
      d.message = "its lines could not be counted: a blob of this file is missing from the object database (a "
                  "partial clone or a damaged repository); fetch it (git fetch) and check again";
      out.push_back(std::move(d));
      continue;
    }
    if (f.binary) continue;
    const long loss = static_cast<long>(f.removed) - f.added;
    if (loss > ctx.settings().deletion_threshold) losses.push_back({loss, &f});
  }
  std::stable_sort(losses.begin(), losses.end(), [](const Loss& a, const Loss& b) {
    return a.loss != b.loss ? a.loss > b.loss : a.f->path < b.f->path;
  });
  for (const Loss& l : losses) {
    Finding d;
    d.rule = rule_id::kLargeDeletion;
    d.severity = Severity::kWarning;
    const bool deleted = l.f->kind == FileStat::Kind::kDeleted;
    d.path = l.f->path.str();
    if (deleted) {
      d.message = "deleted with " + std::to_string(l.f->removed) + " lines; check that no code was lost";
    } else {
      d.message = "loses " + std::to_string(l.loss) + " lines (" + std::to_string(l.f->removed) + " removed, " +
                  std::to_string(l.f->added) + " added); check that no code was removed by mistake";
    }
    out.push_back(std::move(d));
  }
}

}  // namespace

std::vector<Rule> path_rules() {
  return {
      {{rule_id::kExcludedPath, Severity::kError,
        "a commit adds or changes a path under an excluded folder (model_migration/), or the final tree has one"},
       &run_excluded_path},
      {{rule_id::kArtifact, Severity::kError,
        "an added path matches an artifact pattern (test migrations, stray files), or max_migration.txt "
        "no longer names the latest migration"},
       &run_artifact},
      {{rule_id::kLargeDeletion, Severity::kWarning,
        "a file loses more lines than the deletion threshold (default 50), largest first"},
       &run_large_deletion},
  };
}

}  // namespace migrate::cmd::check
