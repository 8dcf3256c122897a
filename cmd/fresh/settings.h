// The fresh pipeline's settings, each resolved with the precedence stated in
// ARCHITECTURE.md: command-line flag > git -c > git config migrate.<key> >
// .git-migrate.toml > built-in default (the workflow's names). `{product}` in
// templates (branch, message, target, moves, commands) is replaced.
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

inline constexpr const char* kDefaultBaseline = "chore/model-migration-baseline";
inline constexpr const char* kDefaultBranch = "chore/models-migrations-{product}-fresh";
inline constexpr const char* kDefaultMessage = "chore(models): migrate {product} models to products app";
inline constexpr const char* kDefaultTooling = "model_migration";
inline constexpr const char* kDefaultTarget = "products/{product}/backend";
inline constexpr const char* kDefaultPauseAfter = "rewrite";
inline constexpr const char* kDefaultReviewBranch = "chore/models-migrations-{product}";

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

std::string expand(std::string_view tmpl, std::string_view product);

}  // namespace migrate::cmd
