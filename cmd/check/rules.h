// The rule registry of git-migrate-check.
//
// A rule is a description (rewrite::RuleInfo: id, default severity, one-line
// summary for --rules) and a function that reads an AuditContext and appends
// rewrite::Findings carrying its own id. The runner (audit.cc) then applies
// `[check.rules.<id>] enabled / severity`, the suppressions and the output
// order; rules never read those settings themselves.
//
// Rules come in groups, one source file per group (rules_paths.cc,
// rules_python.cc, rules_django.cc, ...). A group registers itself from its
// own file with a static RuleGroup object, so adding a group touches no
// other file:
//
//   namespace {
//   std::vector<Rule> my_rules() { return {{{"my-rule", Severity::kError, "..."}, &run_my_rule}}; }
//   const RuleGroup kMyGroup(40, &my_rules);
//   }
//
// `order` sorts the groups for --rules and for the order findings are
// reported in: 10 paths, 20 python, 30 django, 40 migration graphs.
// Within a group, rules keep the order the group lists them in.
//
// One function may serve several ids (a rule that shares work with another
// emits only its own id; the runner drops findings of a disabled id).
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

class RuleGroup {
 public:
  RuleGroup(int order, std::vector<Rule> (*make)());
};

// Every registered rule, groups by `order`, then as each group lists them.
const std::vector<Rule>& all_rules();
// nullptr when no rule has that id.
const Rule* find_rule(std::string_view id);

}  // namespace migrate::cmd::check
