// The ids of git-migrate-check's own rules, spelled once: the rule's entry
// in its group and every finding it makes use these names, so a misspelt id
// does not compile. (The migration-graph rules' ids are listed by
// rewrite/migrations/graph_rules.h.) They are the names users write in
// `[check.rules.<id>]`, `check.ignore` and `# migrate-check: ignore[<id>]`.
#pragma once

namespace migrate::cmd::check::rule_id {

inline constexpr char kExcludedPath[] = "excluded-path";
inline constexpr char kArtifact[] = "artifact";
inline constexpr char kLargeDeletion[] = "large-deletion";
inline constexpr char kVanishedDefinition[] = "vanished-definition";
inline constexpr char kStaleImport[] = "stale-import";
inline constexpr char kDjangoAppconfigName[] = "django-appconfig-name";
inline constexpr char kDjangoFkUnqualified[] = "django-fk-unqualified";
inline constexpr char kDjangoStaleExport[] = "django-stale-export";

}  // namespace migrate::cmd::check::rule_id
