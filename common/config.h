// Configuration with this precedence:
//   command-line flag
//   > `git -c migrate.<key>=...` (this invocation; GIT_CONFIG_PARAMETERS,
//     GIT_CONFIG_COUNT, see gitops/config_parameters.h)
//   > git config migrate.<key> (personal: local, global, system)
//   > .git-migrate.toml at the repository root (committed, team-wide)
//   > built-in default.
// Flags and defaults are applied by the caller: `flag ? *flag :
// cfg.string("fresh.branch").value_or(kDefault)`; this class answers the three
// middle layers.
//
// Keys are written as in the TOML file: "exclude", "fresh.pause_after",
// "check.artifact_patterns". The git config name of a key drops the
// underscores and puts the table in a subsection: "fresh.pause_after" is
// `migrate.fresh.pauseAfter` (git compares names case-insensitively),
// "deletion_threshold" is `migrate.deletionThreshold`. A list key read from
// git config is multi-valued (`git config --add migrate.exclude x`) and, when
// set there, replaces the file's list as a whole (and `git -c` values replace
// the git config files' list); empty values are dropped,
// so `git config migrate.exclude ""` sets an empty list.
//
// Every key the suite knows is declared in config_schema.cc with its type;
// an unknown key or a value of the wrong type in .git-migrate.toml is a
// ConfigError naming the file and line, whichever command reads it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace migrate::gitops { class Repository; }

namespace migrate {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  // message: "<file>:<line>: <problem>"
};

enum class ConfigType { kString, kStringList, kInteger, kBoolean, kTableArray, kTable };

// The commands that read a key (a bit set).
enum CommandBits : unsigned { kFresh = 1, kReplace = 2, kCheck = 4, kAllCommands = 7 };

struct ConfigKey {
  std::string_view key;  // "fresh.pause_after"
  ConfigType type;
  unsigned readers;      // CommandBits
  std::string_view help;
  // The built-in default of a string, integer or boolean key ("" when there
  // is none: unset, or found at run time); of a list key, its elements.
  // "{tooling}" stands for the tooling folder (common/settings.h).
  std::string_view default_value = {};
  std::vector<std::string_view> default_list = {};
};

// The schema: every key of .git-migrate.toml (config_schema.cc).
const std::vector<ConfigKey>& config_schema();

class Config {
 public:
  static constexpr std::string_view kFileName = ".git-migrate.toml";

  // Reads <worktree root>/.git-migrate.toml when present and the repository's
  // git config. Throws ConfigError on unknown keys or wrong types (in either
  // layer).
  static Config load(const gitops::Repository& repo);
  // For tests and for reading the file from a tree: `toml_text` stands for
  // the file (its name in messages is `file_label`), git config from `repo`
  // (may be null: no git layer).
  static Config from_text(std::string_view toml_text, std::string file_label,
                          const gitops::Repository* repo);

  std::optional<std::string> string(std::string_view key) const;
  std::optional<std::vector<std::string>> strings(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  // TOML-only structured keys ("check.ignore", "check.rules"); null node when
  // absent.
  const toml::node* node(std::string_view key) const;
  // Where a key's value came from, for messages: "git -c
  // migrate.fresh.pauseafter", "git config migrate.fresh.pauseAfter" or ".git-migrate.toml:12"; "" when unset.
  std::string origin(std::string_view key) const;
  // The git config name of a key ("migrate.fresh.pauseAfter").
  static std::string git_name(std::string_view key);

 private:
  toml::table file_;
  std::string file_label_;
  const gitops::Repository* repo_ = nullptr;
};

}  // namespace migrate
