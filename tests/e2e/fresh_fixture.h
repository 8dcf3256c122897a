// A generated Django-like repository for the git migrate-fresh tests:
// master with an error_tracking models package, an API module importing it,
// a settings file with PRODUCTS_APPS, and the baseline branch adding the
// model_migration/ tooling folder (scripts, migration_config.json, a moves
// file moving the models package to products/error_tracking/backend/models).
#pragma once

#include <string>

#include "tests/harness/sandbox.h"

namespace migrate::testing {

inline constexpr const char* kMigrationConfig =
    "{\n"
    "    \"migrations\": [\n"
    "        {\n"
    "            \"name\": \"experiments\",\n"
    "            \"status\": \"todo\",\n"
    "            \"models\": [\"Experiment\", \"ExperimentHoldout\"]\n"
    "        },\n"
    "        {\n"
    "            \"name\": \"error_tracking\",\n"
    "            \"status\": \"skip\",\n"
    "            \"models\": [\"ErrorTrackingIssue\", \"ErrorTrackingGroup\"]\n"
    "        },\n"
    "        {\"name\": \"surveys\", \"no-merge-models\": true}\n"
    "    ]\n"
    "}\n";

inline constexpr const char* kSettingsWeb =
    "# Django settings for the web process.\n"
    "from posthog.settings.base import *  # noqa: F403\n"
    "\n"
    "PRODUCTS_APPS = [\n"
    "    \"products.tasks.backend.apps.TasksConfig\",\n"
    "    # keep sorted\n"
    "    \"products.web_analytics.backend.apps.WebAnalyticsConfig\",  # the last one\n"
    "]\n"
    "\n"
    "INSTALLED_APPS = [\"django.contrib.admin\", *PRODUCTS_APPS]\n";

inline constexpr const char* kMoves =
    "product = \"error_tracking\"\n"
    "\n"
    "[[file_moves]]\n"
    "from = \"posthog/models/error_tracking/__init__.py\"\n"
    "to = \"products/error_tracking/backend/models/__init__.py\"\n"
    "\n"
    "[[file_moves]]\n"
    "from = \"posthog/models/error_tracking/error_tracking.py\"\n"
    "to = \"products/error_tracking/backend/models/error_tracking.py\"\n";

// Writes the repository at `repo` with master and the baseline; leaves
// master checked out. `toml` is the .git-migrate.toml committed on master.
inline void make_django_repo(const Sandbox& sb, const std::string& repo, const std::string& toml) {
  sb.init_repo(repo, "master");
  auto w = [&](const std::string& rel, const std::string& content) { sb.write_file(repo + "/" + rel, content); };
  w(".gitignore", "__pycache__/\n*.pyc\n");
  if (!toml.empty()) w(".git-migrate.toml", toml);
  w("manage.py", "import sys\n\nif __name__ == \"__main__\":\n    print(\"manage\", *sys.argv[1:])\n");
  w("posthog/__init__.py", "");
  w("posthog/models/__init__.py",
    "from posthog.models.error_tracking import ErrorTrackingGroup, ErrorTrackingIssue\n"
    "from posthog.models.team import Team\n"
    "\n"
    "__all__ = [\"ErrorTrackingGroup\", \"ErrorTrackingIssue\", \"Team\"]\n");
  w("posthog/models/team.py", "from django.db import models\n\n\nclass Team(models.Model):\n    name = models.CharField(max_length=200)\n");
  w("posthog/models/error_tracking/__init__.py", "from .error_tracking import ErrorTrackingGroup, ErrorTrackingIssue\n");
  w("posthog/models/error_tracking/error_tracking.py",
    "from django.db import models\n"
    "\n"
    "from posthog.models.team import Team\n"
    "\n"
    "\n"
    "class ErrorTrackingGroup(models.Model):\n"
    "    team = models.ForeignKey(Team, on_delete=models.CASCADE)\n"
    "\n"
    "\n"
    "class ErrorTrackingIssue(models.Model):\n"
    "    group = models.ForeignKey(\"posthog.ErrorTrackingGroup\", on_delete=models.CASCADE)\n");
  w("posthog/api/__init__.py", "");
  w("posthog/api/error_tracking.py",
    "from posthog.models.error_tracking.error_tracking import (\n"
    "    ErrorTrackingGroup,\n"
    "    ErrorTrackingIssue,  # the issue\n"
    ")\n"
    "\n"
    "\n"
    "def issues():\n"
    "    return ErrorTrackingIssue.objects.all()\n");
  w("posthog/tasks/__init__.py", "");
  w("posthog/tasks/email.py",
    "import posthog.models.error_tracking.error_tracking\n"
    "\n"
    "\n"
    "def send_discussions_mentioned(issue_id):\n"
    "    return posthog.models.error_tracking.error_tracking.ErrorTrackingIssue.objects.get(id=issue_id)\n");
  w("posthog/settings/__init__.py", "");
  w("posthog/settings/base.py", "DEBUG = False\n");
  w("posthog/settings/web.py", kSettingsWeb);
  w("products/__init__.py", "");
  w("products/tasks/__init__.py", "");
  w("products/tasks/backend/__init__.py", "");
  w("products/tasks/backend/apps.py",
    "from django.apps import AppConfig\n\n\nclass TasksConfig(AppConfig):\n    name = \"products.tasks.backend\"\n    label = \"tasks\"\n");
  sb.commit_all(repo, "initial");
  sb.git(repo, {"checkout", "-q", "-b", "chore/model-migration-baseline"});
  w("model_migration/migrate_models.py", "print(\"migrating\")\n");
  w("model_migration/migration_config.json", kMigrationConfig);
  w("model_migration/moves.toml", kMoves);
  sb.commit_all(repo, "feat(migration): add the scripts");
  sb.git(repo, {"checkout", "-q", "master"});
}

}  // namespace migrate::testing
