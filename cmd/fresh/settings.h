// The fresh pipeline's settings, each resolved by common/settings.h with the
// precedence stated in ARCHITECTURE.md: command-line flag > git -c > git
// config migrate.<key> > .git-migrate.toml > the schema's default (the
// workflow's names). `{product}` in templates (branch, message, target,
// moves, commands, excluded folders) is replaced.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace migrate { class Config; }

namespace migrate::cmd {

// What the command line said; unset means "not given".
struct FreshFlags {
  std::optional<std::string> base, baseline, branch, message, moves, tooling, target, pause_after, run;
  std::vector<std::string> exclude;
  bool no_pause = false;
};

struct Settings {
  std::string product;
  std::optional<std::string> main;  // unset: Repository::default_main_branch()
  std::string baseline, branch, review_branch, message, tooling, moves, config_json, target;
  std::string settings_file, settings_list;  // empty: no insertion
  std::string pause_after;                   // a phase name or "none"
  std::string run;                           // empty: built-in move and rewrite
  std::vector<std::string> exclude, validate, generate;
  bool django_app = true;
  bool rewrite_strings = true;
  std::optional<std::vector<std::string>> import_roots;  // unset: detected
  // Where each command list came from, for printing before running them.
  std::map<std::string, std::string> origin;
};

// Throws ConfigError for bad values (a pause phase that does not exist is
// checked by the caller, which knows the phases).
Settings resolve_settings(const Config& cfg, const FreshFlags& flags, const std::string& product);

}  // namespace migrate::cmd
