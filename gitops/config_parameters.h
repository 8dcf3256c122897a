// The configuration git hands to an extension command: `git -c key=value`
// arrives in GIT_CONFIG_PARAMETERS, `git --config-env` and GIT_CONFIG_COUNT /
// GIT_CONFIG_KEY_<n> / GIT_CONFIG_VALUE_<n> in the environment. libgit2 1.5
// reads neither, so Repository's config reads consult this layer first: it
// overrides every config file, as in git.
//
// Parsed exactly as git's config.c does it:
// - GIT_CONFIG_COUNT pairs first, then GIT_CONFIG_PARAMETERS (so `git -c`
//   wins over the environment pairs, the later value of a key wins);
// - GIT_CONFIG_PARAMETERS is a space-separated list of shell-single-quoted
//   items, either the current form 'key'='value' ('key'= alone is a key
//   without a value) or the old form 'key=value' ('key' alone: no value);
//   inside quotes '\'' stands for ' and '\!' for !;
// - a key without a value reads as boolean true;
// - the section and the variable name are compared case-insensitively, a
//   subsection ("migrate.fresh.pauseAfter": "fresh") exactly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::gitops {

struct ConfigParameter {
  std::string key;                   // canonical: "migrate.fresh.pauseafter"
  std::optional<std::string> value;  // nullopt: given without '=' (true)
};

// Canonical form of a config key: section and name lower-cased, subsection
// kept. "" when `key` has no dot.
std::string canonical_config_key(std::string_view key);

// Parses GIT_CONFIG_PARAMETERS text; throws GitError("read GIT_CONFIG_PARAMETERS",
// ..., "bogus format") as git does on malformed input.
std::vector<ConfigParameter> parse_config_parameters(std::string_view text);

// The command-line layer of this process's environment, in order of
// increasing precedence. Throws GitError on malformed variables, naming them.
std::vector<ConfigParameter> command_line_config();

}  // namespace migrate::gitops
