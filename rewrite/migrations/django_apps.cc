// Which Django apps and migrations exist (find_django_apps,
// django_migration_paths and the django.contrib lists of django.h): the
// migrations packages of the repository, their app labels (apps.py) and
// migration modules, and the migrations Django itself ships.
#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "rewrite/migrations/django.h"
#include "rewrite/migrations/pyliteral.h"
#include "rewrite/migrations/util.h"
#include "rewrite/segments.h"

namespace migrate::rewrite::migrations {

// ---------------------------------------------------------------------------
// Finding the apps

namespace {

// The label an apps.py sets, if any: the `label` of the AppConfig marked
// `default = True`, else of the first class that sets one.
std::optional<std::string> label_from_apps_py(const std::string& source) {
  if (source.find("label") == std::string::npos) return std::nullopt;
  ParsedFile file(source);
  std::optional<std::string> first, preferred;
  for (TSNode stmt : named_children(file.root())) {
    TSNode def = is_type(stmt, "decorated_definition") ? field(stmt, "definition") : stmt;
    if (!is_type(def, "class_definition")) continue;
    std::optional<std::string> label;
    bool is_default = false;
    for (const Assignment& a : assignments_in(file, field(def, "body"))) {
      if (ts_node_is_null(a.value)) continue;
      const Literal v = literal_of(file, a.value);
      if (a.name == "label" && v.is_string()) label = v.str;
      if (a.name == "default" && v.kind == Literal::Kind::kBool) is_default = v.boolean;
    }
    if (!label) continue;
    if (!first) first = label;
    if (is_default && !preferred) preferred = label;
  }
  return preferred ? preferred : first;
}

// A module named as makemigrations names them: four digits and '_'.
bool numbered(std::string_view name) {
  return name.size() > 5 && std::all_of(name.begin(), name.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
         name[4] == '_';
}

// Whether a migrations package is Django's: an apps.py beside it, a module
// named as makemigrations names them (0001_initial.py), or one that names
// Django or its Migration class. A package of tests that happens to be
// called migrations/ (test_<revision>.py modules of an Alembic project) has
// none of these, and no Django rule reads it.
bool django_evidence(const FileSource& files, const DjangoApp& app, bool has_apps_py) {
  if (has_apps_py) return true;
  for (const std::string& path : app.modules) {
    if (numbered(base_of(path))) return true;
  }
  for (const std::string& path : app.modules) {
    const std::optional<std::string> text = files.read(path);
    if (text && (text->find("django") != std::string::npos || contains_word(*text, "Migration"))) return true;
  }
  return false;
}

}  // namespace

std::vector<DjangoApp> find_django_apps(const FileSource& files) {
  // Files directly in each folder that can matter here.
  std::unordered_map<std::string_view, std::vector<std::string_view>> by_dir;
  std::set<std::string_view> package_dirs;
  std::set<std::string_view> dirs_with_subdir_versions;
  for (const std::string& path : files.paths()) {
    const std::string_view dir = dir_of(path), base = base_of(path);
    if (base == "__init__.py" && base_of(dir) == "migrations") package_dirs.insert(dir);
    if (base_of(dir) == "versions") dirs_with_subdir_versions.insert(dir_of(dir));
  }
  if (package_dirs.empty()) return {};
  for (const std::string& path : files.paths()) {
    const std::string_view dir = dir_of(path);
    if (package_dirs.count(dir)) by_dir[dir].push_back(base_of(path));
  }
  std::vector<DjangoApp> apps;
  for (std::string_view dir : package_dirs) {
    const auto& names = by_dir[dir];
    auto has = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) != names.end(); };
    // Flask-Migrate / Alembic environments are called migrations/ too.
    if (has("env.py") && (has("script.py.mako") || dirs_with_subdir_versions.count(dir))) continue;
    DjangoApp app;
    app.migrations_dir = std::string(dir);
    app.app_dir = std::string(dir_of(dir));
    if (app.app_dir.empty()) continue;  // a migrations package at the root has no app
    for (std::string_view name : names) {
      if (!name.ends_with(".py") || name.size() <= 3) continue;
      if (name[0] == '_' || name[0] == '~') continue;
      app.modules.push_back(join_path(dir, name));
    }
    app.has_max_migration = has("max_migration.txt");
    std::sort(app.modules.begin(), app.modules.end());
    app.label = std::string(base_of(app.app_dir));
    const std::optional<std::string> apps_py = files.read(join_path(app.app_dir, "apps.py"));
    if (apps_py) {
      if (auto label = label_from_apps_py(*apps_py)) app.label = *label;
    }
    if (!app.modules.empty() && !django_evidence(files, app, apps_py.has_value())) continue;
    apps.push_back(std::move(app));
  }
  std::sort(apps.begin(), apps.end(),
            [](const DjangoApp& a, const DjangoApp& b) { return a.migrations_dir < b.migrations_dir; });
  return apps;
}

std::vector<std::pair<std::string, MigrationKey>> django_migration_paths(const FileSource& files) {
  std::vector<std::pair<std::string, MigrationKey>> out;
  for (const DjangoApp& app : find_django_apps(files)) {
    for (const std::string& path : app.modules) {
      std::string name(base_of(path));
      name.resize(name.size() - 3);
      out.push_back({path, {app.label, name}});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------------------
// Django's own migrations

bool is_django_contrib_app(const std::string& app) {
  static const std::set<std::string> kApps = {"admin", "auth", "contenttypes", "sessions",
                                              "sites", "flatpages", "redirects"};
  return kApps.count(app) != 0;
}

bool is_django_contrib_migration(const std::string& app, const std::string& name) {
  static const std::set<MigrationKey> kMigrations = {
      {"admin", "0001_initial"},
      {"admin", "0002_logentry_remove_auto_add"},
      {"admin", "0003_logentry_add_action_flag_choices"},
      {"auth", "0001_initial"},
      {"auth", "0002_alter_permission_name_max_length"},
      {"auth", "0003_alter_user_email_max_length"},
      {"auth", "0004_alter_user_username_opts"},
      {"auth", "0005_alter_user_last_login_null"},
      {"auth", "0006_require_contenttypes_0002"},
      {"auth", "0007_alter_validators_add_error_messages"},
      {"auth", "0008_alter_user_username_max_length"},
      {"auth", "0009_alter_user_last_name_max_length"},
      {"auth", "0010_alter_group_name_max_length"},
      {"auth", "0011_update_proxy_permissions"},
      {"auth", "0012_alter_user_first_name_max_length"},
      {"contenttypes", "0001_initial"},
      {"contenttypes", "0002_remove_content_type_name"},
      {"sessions", "0001_initial"},
      {"sites", "0001_initial"},
      {"sites", "0002_alter_domain_unique"},
      {"flatpages", "0001_initial"},
      {"redirects", "0001_initial"},
      {"redirects", "0002_alter_redirect_new_path_help_text"},
  };
  if (name == "__first__" || name == "__latest__") return is_django_contrib_app(app);
  return kMigrations.count({app, name}) != 0;
}

}  // namespace migrate::rewrite::migrations
