// The subcommands of git-migrate-fresh that expose the rewrite core:
// `git migrate-fresh scan` (writes a moves file) and `git migrate-fresh
// rewrite` (applies one to the worktree). main.cc registers them.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace migrate::cmd {

struct Subcommand {
  CLI::App* app;
  std::function<int()> run;
};

Subcommand add_scan_command(CLI::App& parent);
Subcommand add_rewrite_command(CLI::App& parent);

// A command-line path (relative to the current directory, which is `prefix`
// below the worktree root) as a repository-relative path without "." or ".."
// segments and without a trailing '/'; "" for the root itself; nullopt when
// it leaves the repository.
std::optional<std::string> repo_relative_path(const std::string& prefix, const std::string& arg);

}  // namespace migrate::cmd
