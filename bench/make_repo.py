#!/usr/bin/env python3
"""Builds the benchmark repository shared by every benchmark of git-migrate.

A deterministic Django-like monorepo (same arguments, same commit ids) made
with `git fast-import`:

  master                                   N files (default 5200), ~30 MB of
                                           Python; 320 commits
  chore/model-migration-baseline           master + model_migration/ (moves.toml,
                                           migration_config.json, a script)
  chore/models-migrations-<product>-fresh  master + the package
                                           posthog/models/<product>/ moved to
                                           products/<product>/backend/, its
                                           importers rewritten, model_migration/
                                           still in the tree
  chore/models-migrations-<product>        the stale review branch: the same
                                           migration done on master~300

About 2% of the Python files import the package. master is checked out.
Usage: bench/make_repo.py DIR [--files N] [--product NAME]  (see bench/README.md)
"""

import argparse
import json
import os
import subprocess
import sys

COMMITS_AFTER_FORK = 300
COMMITS_BEFORE_FORK = 19
PACKAGE_MODULES = 60
BASE_TIME = 1_700_000_000

AREAS = [
    "models", "api", "tasks", "queries", "hogql", "hogql_queries", "warehouse", "batch_exports",
    "session_recordings", "temporal", "cdp", "plugins", "email", "management/commands", "helpers",
    "caching", "clickhouse", "kafka_client", "settings_helpers", "permissions", "auth", "storage",
    "utils", "schema", "event_usage", "heatmaps", "rbac", "cohorts", "insights", "dashboards",
]
WORDS = [
    "event", "person", "team", "cohort", "insight", "dashboard", "action", "feature", "flag",
    "session", "recording", "export", "batch", "query", "filter", "property", "group", "plugin",
    "hook", "alert", "notebook", "survey", "experiment", "metric", "annotation", "organization",
    "user", "invite", "token", "webhook", "schedule", "pipeline", "source", "table", "column",
    "schema", "funnel", "trend", "retention", "path", "stickiness", "lifecycle", "breakdown",
]
MODEL_FIELDS = [
    ("name", "models.CharField(max_length=400, blank=True)"),
    ("created_at", "models.DateTimeField(auto_now_add=True)"),
    ("updated_at", "models.DateTimeField(auto_now=True)"),
    ("deleted", "models.BooleanField(default=False)"),
    ("description", "models.TextField(blank=True, default=\"\")"),
    ("filters", "models.JSONField(default=dict)"),
    ("team", "models.ForeignKey(\"posthog.Team\", on_delete=models.CASCADE)"),
    ("created_by", "models.ForeignKey(\"posthog.User\", on_delete=models.SET_NULL, null=True)"),
    ("status", "models.CharField(max_length=40, choices=Status.choices, default=Status.ACTIVE)"),
    ("position", "models.IntegerField(default=0)"),
]
PACKAGE_CLASSES = ["ErrorTrackingIssue", "ErrorTrackingIssueFingerprint", "ErrorTrackingIssueAssignment",
                   "ErrorTrackingStackFrame", "ErrorTrackingSymbolSet", "ErrorTrackingRelease"]


class Rng:
    """A small LCG: the same numbers on every Python version."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFF

    def next(self, n):
        self.state = (self.state * 25214903917 + 11) & 0xFFFFFFFFFFFF
        return (self.state >> 17) % n

    def pick(self, seq):
        return seq[self.next(len(seq))]


def camel(*words):
    return "".join(w.capitalize() for w in words)


def package_name(product):
    return f"posthog/models/{product}"


def package_module(product):
    return f"posthog.models.{product}"


def target_dir(product):
    return f"products/{product}/backend"


def target_module(product):
    return f"products.{product}.backend"


def package_class_names(product):
    prefix = camel(*product.split("_"))
    return [prefix + c[len("ErrorTracking"):] for c in PACKAGE_CLASSES]


def function_body(rng, name, depth, flag):
    ind = "    " * depth
    var = rng.pick(WORDS)
    lines = [
        f'{ind}"""Return the {var} rows for {name.replace("_", " ")}."""',
        f"{ind}results = []",
        f"{ind}for {var} in queryset.filter(team_id=team_id).order_by(\"-created_at\")[:limit]:",
        f"{ind}    if {var}.deleted:",
        f"{ind}        continue",
        f"{ind}    payload = {{\"id\": {var}.id, \"name\": {var}.name, \"kind\": \"{rng.pick(WORDS)}\"}}",
        f"{ind}    if include_{flag}:",
        f"{ind}        payload[\"{rng.pick(WORDS)}\"] = serialize_{rng.pick(WORDS)}({var})",
        f"{ind}    results.append(payload)",
        f"{ind}logger.info(\"{name}\", count=len(results), team_id=team_id)",
        f"{ind}return results",
    ]
    return lines


def make_module(rng, path, extra_imports, uses):
    """A realistic module: docstring, imports, constants, classes, functions."""
    mod_words = os.path.splitext(os.path.basename(path))[0].split("_")
    lines = [f'"""{" ".join(mod_words).capitalize()}: {rng.pick(WORDS)} and {rng.pick(WORDS)} handling."""', ""]
    lines += [
        "from datetime import datetime, timedelta",
        "from typing import Any, Optional",
        "",
        "import structlog",
        "from django.db import models, transaction",
        "from django.utils import timezone",
        "from rest_framework import serializers, viewsets",
        "",
        f"from posthog.models.team import Team",
        f"from posthog.models.utils import UUIDModel, sane_repr",
    ]
    lines += extra_imports
    lines += ["", "logger = structlog.get_logger(__name__)", ""]
    lines += [f"{rng.pick(WORDS).upper()}_{rng.pick(WORDS).upper()}_LIMIT = {100 + rng.next(900)}",
              f"DEFAULT_{rng.pick(WORDS).upper()}_TTL = timedelta(hours={1 + rng.next(47)})", "", ""]
    for _ in range(1 + rng.next(2)):
        a, b = rng.pick(WORDS), rng.pick(WORDS)
        cls = camel(a, b)
        lines += [f"class {cls}(UUIDModel):",
                  "    class Status(models.TextChoices):",
                  "        ACTIVE = \"active\", \"Active\"",
                  "        ARCHIVED = \"archived\", \"Archived\"",
                  ""]
        for i in range(4 + rng.next(4)):
            fname, ftype = MODEL_FIELDS[(rng.next(len(MODEL_FIELDS)) + i) % len(MODEL_FIELDS)]
            lines.append(f"    {fname}_{i} = {ftype}")
        lines += ["", "    class Meta:", f"        db_table = \"posthog_{a}{b}\"", "",
                  f"    __repr__ = sane_repr(\"id\", \"name\")", ""]
        for _ in range(2):
            m, flag = f"{rng.pick(WORDS)}_{rng.pick(WORDS)}", rng.pick(WORDS)
            lines.append(f"    def {m}(self, queryset, team_id: int, limit: int = 100, include_{flag}: bool = False) -> list[dict[str, Any]]:")
            lines += function_body(rng, m, 2, flag)
            lines.append("")
        lines.append("")
    lines += [f"class {camel(rng.pick(WORDS), 'serializer')}(serializers.ModelSerializer):",
              "    class Meta:",
              f"        fields = [\"id\", \"name\", \"created_at\", \"{rng.pick(WORDS)}\"]",
              "        read_only_fields = [\"id\", \"created_at\"]", "", ""]
    for _ in range(3 + rng.next(4)):
        f, flag = f"{rng.pick(WORDS)}_{rng.pick(WORDS)}_{rng.pick(WORDS)}", rng.pick(WORDS)
        lines.append(f"def {f}(queryset, team_id: int, limit: int = 100, include_{flag}: bool = False) -> list[dict[str, Any]]:")
        lines += function_body(rng, f, 1, flag)
        lines += ["", ""]
    for use in uses:
        lines += use + ["", ""]
    return "\n".join(lines).rstrip() + "\n"


def import_forms(product, module, classes, k):
    """The import lines an importer has (old module path) and a function using them."""
    c1, c2 = classes[k % len(classes)], classes[(k + 1) % len(classes)]
    forms = [
        [f"from {module} import {c1}, {c2}"],
        [f"from {module}.{product} import {c1}"],
        [f"from {module} import (", f"    {c1},", f"    {c2},", ")"],
        [f"import {module}.sql as {product}_sql"],
    ]
    imports = forms[k % len(forms)]
    if k % len(forms) == 3:
        use = [f"def {product}_table_sql() -> str:", f"    return {product}_sql.TABLE_SQL"]
    else:
        use = [f"def latest_{product}_rows(team_id: int) -> list:",
               f"    return list({c1}.objects.filter(team_id=team_id).order_by(\"-created_at\")[:20])"]
    return imports, use


def file_paths(n, product):
    """Paths of master's files, package excluded: ~96% Python, some others."""
    paths = ["manage.py", "README.md", "requirements.txt", "pyproject.toml", "posthog/__init__.py",
             "posthog/settings/__init__.py", "posthog/settings/web.py", "posthog/models/__init__.py",
             "bin/start-worker", "bin/migrate-check", "posthog/test/fixtures/events.json"]
    rng = Rng(7)
    i = 0
    area_count = {}
    while len(paths) < n:
        i += 1
        if i % 25 == 0:
            paths.append(f"posthog/migrations/{i // 25:04d}_{rng.pick(WORDS)}_{rng.pick(WORDS)}.py")
            continue
        if i % 41 == 0:
            paths.append(f"frontend/src/scenes/{rng.pick(WORDS)}/{rng.pick(WORDS)}_{i}.json")
            continue
        area = AREAS[i % len(AREAS)]
        top = "ee" if i % 9 == 0 else "posthog"
        if i % 13 == 0:
            top = f"products/{rng.pick(WORDS)}s/backend"
        area_count[(top, area)] = area_count.get((top, area), 0) + 1
        sub = f"group_{area_count[(top, area)] // 60}"
        name = f"{rng.pick(WORDS)}_{rng.pick(WORDS)}_{i}"
        test = "test/test_" if i % 5 == 0 else ""
        paths.append(f"{top}/{area}/{sub}/{test}{name}.py")
    return sorted(set(paths))


def package_files(rng, product, classes):
    """posthog/models/<product>/: the models, SQL, helpers and tests."""
    module = package_module(product)
    files = {}
    init = [f"from .{product} import ("] + [f"    {c}," for c in classes] + [")", ""]
    files["__init__.py"] = "\n".join(init)
    model_lines = ['"""The models of the product."""', "", "from django.db import models", "",
                   "from posthog.models.utils import UUIDModel, sane_repr", "", ""]
    for c in classes:
        model_lines += [f"class {c}(UUIDModel):"]
        for i, (fname, ftype) in enumerate(MODEL_FIELDS[:7]):
            model_lines.append(f"    {fname} = {ftype}")
        model_lines += ["", "    class Meta:", f"        db_table = \"posthog_{c.lower()}\"", "", ""]
    files[f"{product}.py"] = "\n".join(model_lines)
    files["sql.py"] = f'TABLE_SQL = """CREATE TABLE IF NOT EXISTS {product}_issue_fingerprint (team_id Int64, fingerprint String)"""\n'
    for k in range(PACKAGE_MODULES - 3):
        name = f"{rng.pick(WORDS)}_{k}.py"
        extra = [f"from {module}.{product} import {classes[k % len(classes)]}"]
        if k % 4 == 0:
            name = f"test/test_{name}"
        files[name] = make_module(rng, f"{package_name(product)}/{name}", extra, [])
    files["test/__init__.py"] = ""
    return files


def model_migration_files(product, pkg_files, classes):
    moves = [f'product = "{product}"', ""]
    for rel in sorted(pkg_files):
        moves += ["[[file_moves]]", f'from = "{package_name(product)}/{rel}"',
                  f'to = "{target_dir(product)}/{rel}"', ""]
    config = {"migrations": [{"name": product, "status": "todo", "models": classes},
                             {"name": "experiments", "status": "skip"}]}
    script = "\n".join([
        '"""Moves one product\'s models out of posthog/models (see moves.toml)."""',
        "import json", "import subprocess", "import sys", "", "",
        "def main() -> int:",
        "    config = json.load(open(\"model_migration/migration_config.json\"))",
        "    todo = [m for m in config[\"migrations\"] if m[\"status\"] == \"todo\"]",
        "    for migration in todo:",
        "        print(f\"migrating {migration['name']}\")",
        "    return 0", "", "",
        "if __name__ == \"__main__\":", "    sys.exit(main())", ""])
    return {
        "model_migration/moves.toml": "\n".join(moves),
        "model_migration/migration_config.json": json.dumps(config, indent=4) + "\n",
        "model_migration/migrate_models.py": script,
        "model_migration/README.md": "# model_migration\n\nScripts of the model migration; never merged.\n",
    }


def other_file(rng, path, classes):
    if path == "manage.py":
        return "#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"posthog.settings\")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n"
    if path == "posthog/settings/web.py":
        return "INSTALLED_APPS = [\n    \"django.contrib.admin\",\n    \"posthog.apps.PostHogConfig\",\n]\n\nPRODUCTS_APPS = [\n    \"products.early_access_features.backend.apps.EarlyAccessFeaturesConfig\",\n]\n"
    if path.startswith("bin/"):
        return f"#!/usr/bin/env bash\nset -e\nexec python manage.py {os.path.basename(path).replace('-', '_')} \"$@\"\n"
    if path.endswith(".json"):
        return json.dumps({"name": rng.pick(WORDS), "items": [rng.pick(WORDS) for _ in range(20)]}, indent=2) + "\n"
    if path.endswith(".md"):
        return "# PostHog-like monorepo\n\nA generated benchmark repository.\n"
    if path.endswith(".txt"):
        return "Django==4.2.15\ndjangorestframework==3.15.1\nstructlog==23.2.0\n"
    if path.endswith(".toml"):
        return "[project]\nname = \"posthog\"\nrequires-python = \">=3.11\"\n"
    return ""


class FastImport:
    def __init__(self, repo):
        self.proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo,
                                     stdin=subprocess.PIPE)
        self.mark = 0
        self.clock = 0

    def w(self, data):
        self.proc.stdin.write(data)

    def data(self, text):
        b = text.encode() if isinstance(text, str) else text
        self.w(b"data %d\n" % len(b) + b + b"\n")

    def commit(self, ref, message, parent, changes, deletes=()):
        """changes: {path: (mode, text)}; returns the commit's mark."""
        self.mark += 1
        self.clock += 1
        when = BASE_TIME + 600 * self.clock
        self.w(f"commit {ref}\nmark :{self.mark}\n".encode())
        self.w(f"author Dev Eloper <dev@example.com> {when} +0000\n".encode())
        self.w(f"committer Dev Eloper <dev@example.com> {when} +0000\n".encode())
        self.data(message)
        if parent:
            self.w(f"from :{parent}\n".encode())
        for path in sorted(deletes):
            self.w(f"D {path}\n".encode())
        for path in sorted(changes):
            mode, text = changes[path]
            if mode == "120000":
                self.w(f"M 120000 inline {path}\n".encode())
            else:
                self.w(f"M {mode} inline {path}\n".encode())
            self.data(text)
        return self.mark

    def finish(self):
        self.w(b"done\n")
        self.proc.stdin.close()
        if self.proc.wait() != 0:
            sys.exit("git fast-import failed")


def migrate_tree(files, product):
    """The migration on a {path: (mode, text)} tree: package moved, imports rewritten."""
    old_dir, new_dir = package_name(product) + "/", target_dir(product) + "/"
    old_mod, new_mod = package_module(product), target_module(product)
    changes, deletes = {}, []
    for path, (mode, text) in files.items():
        if path.startswith(old_dir):
            deletes.append(path)
            changes[new_dir + path[len(old_dir):]] = (mode, text.replace(old_mod, new_mod))
        elif path.endswith(".py") and old_mod in text:
            changes[path] = (mode, text.replace(old_mod, new_mod))
    changes[f"{new_dir}apps.py"] = ("100644", "from django.apps import AppConfig\n\n\n"
                                    f"class {camel(*product.split('_'))}Config(AppConfig):\n"
                                    f"    name = \"{new_mod}\"\n    label = \"{product}\"\n")
    web = files["posthog/settings/web.py"][1]
    changes["posthog/settings/web.py"] = ("100644", web.replace(
        "PRODUCTS_APPS = [\n", f"PRODUCTS_APPS = [\n    \"{new_mod}.apps.{camel(*product.split('_'))}Config\",\n"))
    return changes, deletes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="directory to create (must not exist or be empty)")
    ap.add_argument("--files", type=int, default=5200, help="files on master (default 5200)")
    ap.add_argument("--product", default="error_tracking", help="product whose package moves (default error_tracking)")
    args = ap.parse_args()
    product = args.product
    if not product.isidentifier():
        sys.exit("--product must be a Python identifier")
    if os.path.exists(args.dir) and os.listdir(args.dir):
        sys.exit(f"{args.dir}: exists and is not empty")
    os.makedirs(args.dir, exist_ok=True)
    env_run = dict(cwd=args.dir, check=True)
    subprocess.run(["git", "init", "-q", "-b", "master"], **env_run)

    rng = Rng(42)
    classes = package_class_names(product)
    pkg = package_files(rng, product, classes)
    paths = file_paths(max(args.files - len(pkg), 50), product)
    files = {}  # master's tree: path -> (mode, text)
    py_index = 0
    for path in paths:
        mode = "100755" if path.startswith("bin/") or path == "manage.py" else "100644"
        if path.endswith(".py") and path != "manage.py":
            py_index += 1
            extra, uses = [], []
            if py_index % 50 == 7 or path == "posthog/models/__init__.py":  # ~2% import the package
                imports, use = import_forms(product, package_module(product), classes, py_index // 50)
                extra, uses = imports, [use]
            files[path] = (mode, make_module(rng, path, extra, uses))
        else:
            files[path] = (mode, other_file(rng, path, classes))
    for rel, text in pkg.items():
        files[f"{package_name(product)}/{rel}"] = ("100644", text)
    files["docs/settings.py"] = ("120000", "../posthog/settings/web.py")

    fi = FastImport(args.dir)
    head = fi.commit("refs/heads/master", "Initial import\n", None, files)
    history = [head]
    edit_rng = Rng(1234)
    py_paths = sorted(p for p in files if p.endswith(".py") and files[p][0] == "100644")
    for n in range(COMMITS_BEFORE_FORK + COMMITS_AFTER_FORK):
        changes = {}
        for _ in range(1 + edit_rng.next(3)):
            path = edit_rng.pick(py_paths)
            mode, text = files[path]
            fn, flag = f"{edit_rng.pick(WORDS)}_{edit_rng.pick(WORDS)}_{n}", edit_rng.pick(WORDS)
            text += "\n\n" + "\n".join([f"def {fn}(queryset, team_id: int, limit: int = 100, include_{flag}: bool = False) -> list[dict[str, Any]]:"] + function_body(edit_rng, fn, 1, flag)) + "\n"
            files[path] = (mode, text)
            changes[path] = files[path]
        head = fi.commit("refs/heads/master", f"feat({edit_rng.pick(WORDS)}): update {edit_rng.pick(WORDS)} handling (#{1000 + n})\n", head, changes)
        history.append((head, dict(files)) if n == COMMITS_BEFORE_FORK - 1 else head)

    fork_mark, fork_files = history[COMMITS_BEFORE_FORK]
    tooling = model_migration_files(product, pkg, classes)
    tooling_changes = {p: ("100644", t) for p, t in tooling.items()}
    tooling_changes["model_migration/migrate_models.py"] = ("100755", tooling["model_migration/migrate_models.py"])

    fi.commit("refs/heads/chore/model-migration-baseline", "feat(migration-scripts): add model_migration tooling\n", head, tooling_changes)

    changes, deletes = migrate_tree(files, product)
    changes.update(tooling_changes)
    fi.commit(f"refs/heads/chore/models-migrations-{product}-fresh",
              f"chore(models): migrate {product} models to products app\n", head, changes, deletes)

    changes, deletes = migrate_tree(fork_files, product)
    review = fi.commit(f"refs/heads/chore/models-migrations-{product}",
                       f"chore(models): migrate {product} models to products app\n", fork_mark, changes, deletes)
    # A review fix-up on the stale branch, as PR reviews produce.
    fixed = f"{target_dir(product)}/apps.py"
    fi.commit(f"refs/heads/chore/models-migrations-{product}", "fix: address review comments\n", review,
              {fixed: ("100644", changes[fixed][1] + "    verbose_name = \"Error tracking\"\n")})
    fi.finish()
    # fast-import's pack chains deltas in write order (chains of 50 and more
    # across unrelated files); git's documentation asks for a repack, which
    # gives the pack a clone or `git gc` would have.
    subprocess.run(["git", "repack", "-q", "-a", "-d", "-f"], **env_run)
    subprocess.run(["git", "checkout", "-q", "-f", "master"], **env_run)


if __name__ == "__main__":
    main()
