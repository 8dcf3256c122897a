// How git-migrate-fresh's own parts plug into main.cc: each adds its options
// to the CLI11 app (or a subcommand of it) and returns what to run when it
// was chosen.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace migrate::cmd {

struct FreshCommand {
  CLI::App* app;
  std::function<int()> run;
};

// The pipeline itself: `git migrate-fresh [options] <product>` on the main app.
FreshCommand add_pipeline_command(CLI::App& app);
// `git migrate-fresh save-scripts`.
FreshCommand add_save_scripts_command(CLI::App& app);
// `git migrate-fresh scan` (writes a moves file) and `git migrate-fresh
// rewrite` (applies one to the worktree): the rewrite core's subcommands.
FreshCommand add_scan_command(CLI::App& app);
FreshCommand add_rewrite_command(CLI::App& app);

}  // namespace migrate::cmd
