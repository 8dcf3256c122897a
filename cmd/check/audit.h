// Runs the registered rules over one audited range and applies what the
// user configured: rules switched off or given another severity
// ([check.rules.<id>]), suppression comments on the finding's line
// (`# migrate-check: ignore[<rule>]`), and [[check.ignore]] rule + path glob
// entries.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cmd/check/context.h"
#include "cmd/check/settings.h"
#include "rewrite/finding.h"

namespace migrate::cmd::check {

struct AuditResult {
  std::vector<rewrite::Finding> findings;  // rule order, then each rule's order
  std::size_t suppressed = 0;
  std::size_t files_changed = 0;
};

struct AuditPolicy {
  std::map<std::string, RuleSetting> rules;
  std::vector<IgnoreEntry> ignores;
};

AuditResult run_audit(AuditContext& ctx, const AuditPolicy& policy);

// True when line `line` (1-based) of `content` carries a suppression comment
// for `rule`: `# migrate-check: ignore[rule]`, several ids separated by
// commas, `*` for every rule.
bool suppressed_by_comment(std::string_view content, unsigned line, std::string_view rule);
// fnmatch-style glob on a repository path; `*` and `?` also match '/', so
// "posthog/*" covers the whole folder; a glob ending in '/' matches the
// folder's contents.
bool path_glob_matches(const std::string& glob, const std::string& path);

}  // namespace migrate::cmd::check
