// Rules about Python code the range lost or left behind: definitions that
// vanished (the LibCST rewriter's bugs, docs/workflow.md trap 4: a 48-line
// function, an enum member, a pytest hook) and imports that still name a moved module.
#include "cmd/check/definitions_audit.h"
#include "cmd/check/graph_rules.h"
#include "cmd/check/rule_ids.h"
#include "cmd/check/rules.h"
#include "common/quote.h"

namespace migrate::cmd::check {
namespace {

using rewrite::Finding;
using rewrite::Severity;

// 4. vanished-definition
void run_vanished_definition(const AuditContext& ctx, std::vector<Finding>& out) {
  for (const DefinitionFate& g : definition_fates(ctx)) {
    if (g.moved) continue;
    // A deleted migration or revision file: its work is judged by
    // dj-lost-operation or al-lost-operation.
    if (judged_as_removed_migration(ctx, g.old_path)) continue;
    Finding f;
    f.rule = rule_id::kVanishedDefinition;
    f.severity = Severity::kError;
    f.path = g.old_path;
    f.line = g.old_line;
    f.commit = g.removed_by;
    f.message = std::string(rewrite::definition_kind_name(g.kind)) + " " + g.qualname + " (was at " + quote_path(g.old_path) +
                ":" + std::to_string(g.old_line) + ") is defined nowhere at the end of the range";
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<Rule> python_rules() {
  return {
      {{rule_id::kVanishedDefinition, Severity::kError,
        "a function, class, method or class attribute of a changed file is defined nowhere at the end "
        "(moved definitions are fine)"},
       &run_vanished_definition},
  };
}

}  // namespace migrate::cmd::check
