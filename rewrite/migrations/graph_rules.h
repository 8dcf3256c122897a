// The Django and Alembic migration-graph audits of git-migrate-check: what
// they report (GraphReport), how they are tuned (GraphOptions) and the rule
// catalogue (graph_rules) that `git migrate-check --rules` lists.
//
// Every audit is static: it reads migration files through a FileSource and
// parses them with tree-sitter-python; no Python runs, no database is needed.
#pragma once

#include <string_view>
#include <vector>

#include "rewrite/finding.h"

namespace migrate::rewrite::migrations {

struct GraphOptions {
  // al-multiple-heads: allow several heads when each carries branch labels
  // (its own or inherited) that no other head carries.
  bool alembic_allow_labelled_heads = false;
};

struct GraphReport {
  std::vector<Finding> findings;  // sorted by path, line, rule, message
  // Dependency, run_before, replaces, down_revision or depends_on entries the
  // audit could not read as literals (swappable_dependency(...), names,
  // concatenations with variables) and therefore skipped.
  unsigned computed_entries_skipped = 0;
  unsigned django_migrations = 0;  // migration modules read
  unsigned alembic_revisions = 0;  // revision files read

  void merge(GraphReport other);
};

// Every graph rule: id, default severity, one line of explanation.
const std::vector<RuleInfo>& graph_rules();
// The rule with id `id`, or null.
const RuleInfo* find_graph_rule(std::string_view id);

// Sorts findings by path, line, rule and message, the order every audit
// returns them in.
void sort_findings(std::vector<Finding>& findings);

}  // namespace migrate::rewrite::migrations
