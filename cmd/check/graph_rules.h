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

// Whether `old_path` is a Django migration the range deleted or a squash
// replaced (of an app that still has migrations): dj-lost-operation judges
// whether its work (RunPython functions under any name, RunSQL, custom
// operations) was carried and dj-edited-applied what databases that applied
// it see, so vanished-definition does not report its definitions again.
bool judged_as_removed_migration(const AuditContext& ctx, const std::string& old_path);

}  // namespace migrate::cmd::check
