// Output of git-migrate-check: text grouped by file with a one-line summary,
// JSON (stable schema, version 1, documented in git-migrate-check(1)) and
// SARIF 2.1.0 for code-scanning upload.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cmd/check/audit.h"
#include "cmd/check/context.h"
#include "common/color.h"
#include "rewrite/finding.h"

namespace migrate::cmd::check {

struct RangeSummary {
  std::string label;
  std::optional<gitops::Oid> base;
  gitops::Oid tip;
  std::size_t commits = 0;
};

struct Report {
  std::vector<RangeSummary> ranges;
  std::vector<rewrite::Finding> findings;
  std::size_t suppressed = 0;
  std::size_t files_changed = 0;
  std::size_t migration_entries_skipped = 0;  // computed migration graph entries (graph_rules.h)
  std::size_t errors() const;
  std::size_t warnings() const;
  std::size_t infos() const;
  std::size_t commits() const;
};

void write_text(std::ostream& out, const Report& r, const Palette& p);
void write_json(std::ostream& out, const Report& r);
// `workdir`: the worktree's absolute root with a trailing '/', the base of
// result uris (%SRCROOT%); empty for a bare repository.
void write_sarif(std::ostream& out, const Report& r, const AuditPolicy& policy, std::string_view workdir);
// `git migrate-check --rules`: id, severity (as configured), summary.
void write_rules(std::ostream& out, const AuditPolicy& policy, const Palette& p);

std::string json_escape(std::string_view s);
// A path as an RFC 3986 uri path: unreserved characters and '/' stay, every
// other byte (each byte of a UTF-8 character too) becomes %XX.
std::string uri_encode_path(std::string_view path);

}  // namespace migrate::cmd::check
