// Every key of .git-migrate.toml: its type, the commands that read it, what
// it means and its built-in default. The CONFIGURATION section of each
// command's man page lists the keys that command reads (test
// Settings.ManPagesListTheKeysEachCommandReads).
#include "common/config.h"

namespace migrate {

const std::vector<ConfigKey>& config_schema() {
  using T = ConfigType;
  static const std::vector<ConfigKey> kSchema = {
      // Shared.
      {"main", T::kString, kFresh | kCheck,
       "main branch the fresh branch is pinned to (unset: origin/HEAD, origin/master, origin/main, master, main)"},
      {"baseline", T::kString, kFresh | kCheck, "baseline branch carrying the tooling folder",
       "chore/model-migration-baseline"},
      {"tooling", T::kString, kAllCommands, "the tooling folder", "model_migration"},
      {"exclude", T::kStringList, kAllCommands, "paths never committed to fresh or review branches", {},
       {"{tooling}/"}},
      {"moves", T::kString, kFresh | kCheck, "the moves file", "{tooling}/moves.toml"},
      {"import_roots", T::kStringList, kFresh | kCheck,
       "folders on Python's import path, module names are relative to them (unset: detected)"},
      {"deletion_threshold", T::kInteger, kReplace | kCheck, "lines a file may lose before it is reported", "50"},
      // git migrate-fresh
      {"fresh.branch", T::kString, kFresh, "fresh branch name template", "chore/models-migrations-{product}-fresh"},
      {"fresh.review_branch", T::kString, kFresh, "review branch name template", "chore/models-migrations-{product}"},
      {"fresh.message", T::kString, kFresh, "commit message template",
       "chore(models): migrate {product} models to products app"},
      {"fresh.pause_after", T::kString, kFresh, "phase after which the run pauses (\"none\" never pauses)", "rewrite"},
      {"fresh.config_json", T::kString, kFresh, "JSON config with a migrations list",
       "{tooling}/migration_config.json"},
      {"fresh.target", T::kString, kFresh, "target package folder template", "products/{product}/backend"},
      {"fresh.django_app", T::kBoolean, kFresh, "create an apps.py AppConfig in the target", "true"},
      {"fresh.settings_file", T::kString, kFresh, "settings file holding the apps list (unset: no insertion)"},
      {"fresh.settings_list", T::kString, kFresh, "name of the apps list in the settings file (e.g. PRODUCTS_APPS)"},
      {"fresh.validate", T::kStringList, kFresh, "commands of the validate phase"},
      {"fresh.generate", T::kStringList, kFresh, "commands of the generate phase"},
      {"fresh.run", T::kString, kFresh, "the team's own migration script, run in place of the move and rewrite phases"},
      {"rewrite.strings", T::kBoolean, kFresh, "rewrite dotted strings naming moved modules", "true"},
      // git migrate-replace
      {"replace.message", T::kString, kReplace, "merge commit message", "merge: adopt fresh migration validation branch"},
      // git migrate-check
      {"check.artifact_patterns", T::kStringList, kCheck, "RE2 patterns of paths that must not be added", {},
       {
           // Test migrations made to prove the new app works (000X_*test*.py).
           R"((^|/)migrations/0[^/]*_test[^/]*\.py$)",
           // Stray files of the manual workflow, leftovers of merges and backups.
           R"((^|/)compare_ci_jobs\.py$)",
           R"((^|/)phase_tracker\.ya?ml$)",
           R"(\.(orig|rej|backup)$)",
       }},
      {"check.ignore", T::kTableArray, kCheck, "suppressions: [[check.ignore]] rule = \"...\", path = \"glob\""},
      {"check.rules", T::kTable, kCheck, "per-rule settings: [check.rules.<id>] enabled = false, severity = \"warning\""},
      {"check.alembic_allow_labelled_heads", T::kBoolean, kCheck,
       "allow several Alembic heads when each has distinct branch_labels", "false"},
  };
  return kSchema;
}

}  // namespace migrate
