// The moves a range has made, for the rules that need them: the moves file
// (the worktree's, else the baseline branch's, read from the object database)
// reduced to the moves the final tree shows applied; and, for a branch
// without a moves file, the renames of Python files in the range.
#pragma once

#include <optional>
#include <string>

#include "cmd/check/context.h"
#include "rewrite/moves.h"

namespace migrate::cmd::check {

struct MovesSource {
  std::string text;
  std::string label;  // "model_migration/moves.toml" or "chore/model-migration-baseline:model_migration/moves.toml"
};

// The moves file: the worktree's at the configured path, else the baseline
// branch's; nullopt when neither exists.
std::optional<MovesSource> find_moves(const AuditContext& ctx);

// Only the moves this branch has made: a file move whose source is gone from
// the final tree and whose destination is there; an explicit module move
// whose old module is gone. A branch that has not started the migration (or
// keeps the old module as a shim) imports nothing stale. Symbol remaps count
// once any move is applied.
rewrite::MoveSet applied_moves(const AuditContext& ctx, const rewrite::MoveSet& all);

// The moves in effect over the range: the applied moves of a valid moves
// file when it has any (with --worktree, all its moves: the worktree's are
// not committed); else one file move per Python file the range renames
// (with the module moves they imply); empty when those do not form a valid
// MoveSet (rewrite/moves.h).
rewrite::MoveSet moves_in_effect(const AuditContext& ctx);

}  // namespace migrate::cmd::check
