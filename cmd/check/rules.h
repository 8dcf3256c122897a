// The rule registry of git-migrate-check.
//
// A rule is a description (rewrite::RuleInfo: id, default severity, one-line
// summary for --rules) and a function that reads an AuditContext and appends
// rewrite::Findings carrying its own id. The runner (audit.cc) then applies
// `[check.rules.<id>] enabled / severity`, the suppressions and the output
// order; rules never read those settings themselves.
//
// Rules come in groups, one source file per group, each with a function
// listing its rules; all_rules() (rules.cc) concatenates the groups in the
// order below, which is the order of --rules and of the findings in the
// report. Adding a rule: its id in rule_ids.h, its entry in its group's
// list; adding a group: its function here and in all_rules().
//
// A rule emits findings with its own id only: the runner treats any other
// id as a bug (std::logic_error). Work that several rules share is computed
// once through AuditContext::memo (the migration-graph pass, the fates of
// vanished definitions), and each rule takes its own findings from it.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "cmd/check/context.h"
#include "rewrite/finding.h"

namespace migrate::cmd::check {

using RuleFn = std::function<void(const AuditContext&, std::vector<rewrite::Finding>&)>;

struct Rule {
  rewrite::RuleInfo info;
  RuleFn run;
};

// The groups, in report order.
std::vector<Rule> path_rules();          // rules_paths.cc: excluded-path, artifact, large-deletion
std::vector<Rule> python_rules();        // rules_python.cc: vanished-definition
std::vector<Rule> stale_import_rules();  // rules_stale_import.cc: stale-import
std::vector<Rule> django_rules();        // rules_django.cc: django-*
std::vector<Rule> graph_rule_list();     // graph_rules.cc: dj-*, al-* (rewrite/migrations)

// Every rule: the groups above in that order, each as it lists its rules.
const std::vector<Rule>& all_rules();
// nullptr when no rule has that id.
const Rule* find_rule(std::string_view id);

}  // namespace migrate::cmd::check
