#include "rewrite/migrations/graph_rules.h"

#include <algorithm>
#include <tuple>

namespace migrate::rewrite::migrations {

const std::vector<RuleInfo>& graph_rules() {
  static const std::vector<RuleInfo> kRules = {
      {"dj-multiple-leaves", Severity::kError,
       "a Django app has several leaf migrations (after squashes are applied): makemigrations --merge"},
      {"dj-missing-dependency", Severity::kError,
       "a Django dependency or run_before entry names no migration (warning for apps outside the repository)"},
      {"dj-cycle", Severity::kError, "the Django migration graph has a cycle"},
      {"dj-no-migration-class", Severity::kError, "a Django migration module defines or imports no Migration"},
      {"dj-number-clash", Severity::kWarning,
       "two migrations of one Django app share a number and no migration orders or merges them"},
      {"dj-edited-applied", Severity::kError,
       "a Django migration that exists at the merge base is modified, deleted or renamed"},
      {"dj-lost-operation", Severity::kError,
       "a deleted or squashed-away Django migration held a RunPython function, RunSQL or custom operation that no "
       "migration at the end carries (info when elidable=True)"},
      {"dj-irreversible", Severity::kWarning,
       "a Django migration added in the range has a RunPython without reverse_code or a RunSQL without reverse_sql"},
      {"dj-max-migration", Severity::kError,
       "max_migration.txt (django-linear-migrations) is missing or does not name the app's latest migration"},
      {"al-missing-revision", Severity::kError,
       "an Alembic revision file has no literal revision or no down_revision"},
      {"al-dangling-reference", Severity::kError,
       "an Alembic down_revision or depends_on entry names no revision or branch label"},
      {"al-multiple-heads", Severity::kError,
       "an Alembic history has several heads: alembic merge heads"},
      {"al-duplicate-revision", Severity::kError, "one Alembic revision id is defined in two files"},
      {"al-cycle", Severity::kError, "the Alembic revision graph has a cycle or a self-reference"},
      {"al-empty-upgrade", Severity::kWarning,
       "an Alembic upgrade() does nothing (only pass or a docstring) outside a merge revision"},
      {"al-fk-no-ondelete", Severity::kWarning,
       "an Alembic foreign key (ForeignKey, ForeignKeyConstraint, create_foreign_key) has no ondelete="},
      {"al-multiple-bases", Severity::kWarning,
       "an Alembic tree has several base revisions (down_revision None) of which two or more have no branch_labels"},
      {"al-lost-operation", Severity::kError,
       "an Alembic revision removed in the range did data work in upgrade() (op.execute, op.bulk_insert, "
       "connection.execute) that no revision at the end does"},
      {"al-no-version-tree", Severity::kWarning,
       "an alembic.ini, [tool.alembic] or Alembic env.py leads to no folder of revision files, so no al-* rule "
       "audits it"},
  };
  return kRules;
}

const RuleInfo* find_graph_rule(std::string_view id) {
  for (const auto& rule : graph_rules()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.line, a.rule, a.message) < std::tie(b.path, b.line, b.rule, b.message);
  });
}

void GraphReport::merge(GraphReport other) {
  for (auto& f : other.findings) findings.push_back(std::move(f));
  sort_findings(findings);
  computed_entries_skipped += other.computed_entries_skipped;
  django_migrations += other.django_migrations;
  alembic_revisions += other.alembic_revisions;
}

}  // namespace migrate::rewrite::migrations
