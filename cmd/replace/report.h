// Everything git migrate-replace prints. Pure functions of the plan, so the
// layout lives in one place: a git-commit-like header, an aligned block of
// facts, and a diff stat sorted by lines removed. Colour only through the
// Palette (on as ARCHITECTURE.md states for colour).
#pragma once

#include <string>

#include "cmd/replace/plan.h"
#include "common/color.h"

namespace migrate::cmd::replace {

// "error: ...", indented details, "hint: ..." (stderr).
std::string format_refusal(const Refusal& r, const Palette& p);

// The planned commit and its changes grouped as added, removed, renamed and
// modified (stdout of --dry-run).
std::string format_dry_run(const Plan& plan, const Palette& p);

// After the merge commit was made (stdout).
std::string format_done(const Plan& plan, const gitops::Oid& commit, const Palette& p);

// One warning per file that loses more lines than the threshold (stderr).
std::string format_deletion_warnings(const Plan& plan, const Palette& p);

// --undo: the branch went (or, dry run, would go) from `was` back to the
// backup.
struct UndoReport {
  Target target;                  // before the undo
  gitops::Oid backup;
  std::string backup_summary;
  std::size_t files = 0;          // paths that differ between the two trees
  bool dry_run = false;
};
std::string format_undo(const UndoReport& u, const Palette& p);

}  // namespace migrate::cmd::replace
