// Command-line options of git-migrate-check and the settings they resolve to
// by common/settings.h, with the precedence stated in ARCHITECTURE.md: flag >
// git -c > git config migrate.<key> > .git-migrate.toml > the schema's default.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cmd/check/context.h"
#include "common/color.h"
#include "common/config.h"

namespace migrate::cmd::check {

enum class Format { kText, kJson, kSarif };

struct Options {
  std::string range;                      // "", "A..B" or a revision
  std::vector<std::string> pre_push;      // <remote> [<url>]
  Format format = Format::kText;
  std::optional<ColorWhen> color;
  bool warn_only = false;
  bool list_rules = false;
  bool install_hook = false;
  bool uninstall_hook = false;
  // Setting flags (unset: config, then default).
  std::optional<std::string> main;
  std::vector<std::string> exclude;
  std::optional<std::int64_t> deletion_threshold;
  std::vector<std::string> artifact_patterns;
  std::optional<std::string> moves;
  std::optional<std::string> baseline;
  bool worktree = false;  // --worktree (worktree.h)
  std::optional<bool> progress;  // --progress / --no-progress (common/progress.h)
};


// Resolves the settings; throws ConfigError on a bad value (an excluded
// folder that is not a repository path, a negative threshold, a pattern RE2
// rejects), naming where it came from.
CheckSettings resolve_settings(const Options& opts, const Config& cfg);

// Per-rule settings from [check.rules.<id>] (enabled, severity); ConfigError
// on an unknown rule id, key or severity.
struct RuleSetting {
  bool enabled = true;
  std::optional<rewrite::Severity> severity;
};
std::map<std::string, RuleSetting> rule_settings(const Config& cfg);

// [[check.ignore]] entries: rule id ("" for every rule) and path glob.
struct IgnoreEntry {
  std::string rule;
  std::string path_glob;
};
std::vector<IgnoreEntry> ignore_entries(const Config& cfg);

}  // namespace migrate::cmd::check
