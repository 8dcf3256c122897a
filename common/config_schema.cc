// Every key of .git-migrate.toml, with its type. Keep in step with the
// CONFIGURATION sections of the man pages.
#include "common/config.h"

namespace migrate {

const std::vector<ConfigKey>& config_schema() {
  static const std::vector<ConfigKey> kSchema = {
      // Shared by all commands.
      {"main", ConfigType::kString, "main branch the fresh branch is pinned to (default origin/HEAD, origin/master, origin/main, master, main)"},
      {"baseline", ConfigType::kString, "baseline branch carrying the tooling folder (default chore/model-migration-baseline)"},
      {"tooling", ConfigType::kString, "the tooling folder (default model_migration)"},
      {"exclude", ConfigType::kStringList, "paths never committed to fresh or review branches (default [\"model_migration/\"])"},
      {"moves", ConfigType::kString, "the moves file (default model_migration/moves.toml)"},
      {"import_roots", ConfigType::kStringList, "folders on Python's import path, module names are relative to them (default: detected)"},
      {"deletion_threshold", ConfigType::kInteger, "lines a file may lose before it is reported (default 50)"},
      // git migrate-fresh
      {"fresh.branch", ConfigType::kString, "fresh branch name template (default chore/models-migrations-{product}-fresh)"},
      {"fresh.review_branch", ConfigType::kString, "review branch name template (default chore/models-migrations-{product})"},
      {"fresh.message", ConfigType::kString, "commit message template (default chore(models): migrate {product} models to products app)"},
      {"fresh.pause_after", ConfigType::kString, "phase after which the run pauses (default rewrite; \"none\" never pauses)"},
      {"fresh.config_json", ConfigType::kString, "JSON config with a migrations list (default model_migration/migration_config.json)"},
      {"fresh.target", ConfigType::kString, "target package folder template (default products/{product}/backend)"},
      {"fresh.django_app", ConfigType::kBoolean, "create an apps.py AppConfig in the target (default true)"},
      {"fresh.settings_file", ConfigType::kString, "settings file holding the apps list (unset: no insertion)"},
      {"fresh.settings_list", ConfigType::kString, "name of the apps list in the settings file (e.g. PRODUCTS_APPS)"},
      {"fresh.validate", ConfigType::kStringList, "commands of the validate phase"},
      {"fresh.generate", ConfigType::kStringList, "commands of the generate phase"},
      {"fresh.run", ConfigType::kString, "the team's own migration script, run in place of the move and rewrite phases"},
      {"rewrite.strings", ConfigType::kBoolean, "rewrite dotted strings naming moved modules (default true)"},
      // git migrate-replace
      {"replace.message", ConfigType::kString, "merge commit message (default merge: adopt fresh migration validation branch)"},
      // git migrate-check
      {"check.artifact_patterns", ConfigType::kStringList, "RE2 patterns of paths that must not be added"},
      {"check.ignore", ConfigType::kTableArray, "suppressions: [[check.ignore]] rule = \"...\", path = \"glob\""},
      {"check.rules", ConfigType::kTable, "per-rule settings: [check.rules.<id>] enabled = false, severity = \"warning\""},
      {"check.alembic_allow_labelled_heads", ConfigType::kBoolean, "allow several Alembic heads when each has distinct branch_labels (default false)"},
  };
  return kSchema;
}

}  // namespace migrate
