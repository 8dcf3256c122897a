// The migration-graph rules of git-migrate-check (graph_rules.cc): what the
// rest of the command needs from them besides their registration.
#pragma once

#include "cmd/check/context.h"

namespace migrate::cmd::check {

// Dependency, run_before, replaces, down_revision and depends_on entries
// the migration-graph pass of this range could not read as literals
// (swappable_dependency(...), names) and skipped; 0 when the pass did not run
// (every graph rule switched off).
unsigned migration_entries_skipped(const AuditContext& ctx);

}  // namespace migrate::cmd::check
