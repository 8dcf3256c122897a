// The phases' own functions, which the phase table (phases.cc) names, and
// the small helpers they share. The functions live one file per concern:
//   phases_git.cc       branch and commit: the fresh branch, its commit
//   phases_files.cc     configure, prepare and move: the worktree's files
//                       (the JSON config, the Django app, the moves)
//   phases_commands.cc  run, validate and generate: the team's commands
//   rewrite_phase.cc    rewrite: the rewrite core over the worktree
// Private to cmd/fresh's phases; the pipeline goes through phases.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cmd/fresh/phases.h"
#include "gitops/types.h"
#include "rewrite/moves.h"

namespace migrate::cmd {

// The phases speak in gitops' value types.
using gitops::Oid;
using gitops::RefName;
using gitops::RepoPath;

std::string phase_branch(Context& ctx);
std::string describe_branch(const Context& ctx);
std::string phase_commit(Context& ctx);
std::string describe_commit(const Context& ctx);

std::string phase_configure(Context& ctx);
std::string describe_configure(const Context& ctx);
std::string phase_prepare(Context& ctx);
std::string describe_prepare(const Context& ctx);
std::string phase_move(Context& ctx);
std::string describe_move(const Context& ctx);

std::string phase_run(Context& ctx);
// validate and generate: the configured commands of fresh.<phase>.
std::string phase_commands(Context& ctx, const std::string& phase, const std::vector<std::string>& commands);
std::string describe_commands(const std::string& phase, const std::vector<std::string>& commands);

// A file of the worktree, whole; PhaseFailure when it cannot be read.
std::string read_text(const std::string& path);
// The state's commit id; PhaseFailure when it is not one.
gitops::Oid oid_of(const std::string& hex);
// `s` as a path inside the repository; PhaseFailure naming `what` when not.
gitops::RepoPath repo_path(std::string_view s, std::string_view what);
// The items with `separator` between them ("a, b", lines with "\n").
std::string join(const std::vector<std::string>& items, std::string_view separator);
// The moves file's `text` (ctx.settings.moves) with the worktree's import
// roots; PhaseFailure listing its problems.
rewrite::MoveSet parse_moves(const Context& ctx, const std::string& text, const rewrite::MovesCheck& check);

}  // namespace migrate::cmd
