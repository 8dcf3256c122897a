"""The CI recipes of the README, run as the CI services would run them.

    python3 ci_recipe_test.py BUILD_DIR SOURCE_DIR

Reads the GitHub Actions workflow and the GitLab CI job from README.md (the
```yaml blocks whose first line is "# .github/workflows/migrate-check.yml" or
"# .gitlab-ci.yml"), checks that git-migrate-check(1) shows the same recipes,
and runs their steps against a local repository: a bare "origin" with a
pull request that commits model_migration/ and one that does not.

The emulation is small and strict: a step it does not know (a `uses:` other
than checkout and upload-sarif, an `if:`, an expression other than the ones
below) fails the test, so the recipes cannot grow what is not run here.
- "Install git-migrate" / before_script install the package from the team's
  URL: skipped; PATH starts with the build tree's executables instead.
- actions/checkout: a clone of origin (`fetch-depth: 0` full, else that
  depth), at the pull request's merge commit as GitHub checks it out.
  GitLab: a clone (GIT_DEPTH) at the merge request's head.
- run steps: `bash --noprofile --norc -eo pipefail`, as GitHub runs them;
  GitLab's script lines: one `bash -eo pipefail` script. A failing step ends
  the job; later steps are skipped.
- upload-sarif: the file must be a SARIF 2.1.0 log; its results are counted.
Exit 77 (ctest: skipped) when python3-yaml is missing.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("SKIP: python3 has no yaml module (apt-get install python3-yaml; scripts/setup installs it)")
    sys.exit(77)

build_dir = pathlib.Path(sys.argv[1]).resolve()
source_dir = pathlib.Path(sys.argv[2]).resolve()
GITHUB_FILE = "# .github/workflows/migrate-check.yml"
GITLAB_FILE = "# .gitlab-ci.yml"
checks = failures = 0


def check(name, expected, actual):
    global checks, failures
    checks += 1
    if expected != actual:
        failures += 1
        print(f"FAIL: {name}\n    expected: {expected!r}\n    actual:   {actual!r}")


# --- the recipes, from the README and the man page ----------------------------
def readme_blocks():
    text = (source_dir / "README.md").read_text(encoding="utf-8")
    return {b.splitlines()[0]: b for b in re.findall(r"```yaml\n(.*?)```", text, re.S)}


def roff_unescape(s):
    for escaped, plain in ((r"\-", "-"), (r"\(aq", "'"), (r"\(dq", '"'), (r"\e", "\\"), (r"\&", "")):
        s = s.replace(escaped, plain)
    return s


def man_blocks():
    text = (source_dir / "man" / "git-migrate-check.1").read_text(encoding="utf-8")
    blocks = [roff_unescape(b) for b in re.findall(r"^\.EX\n(.*?)^\.EE$", text, re.S | re.M)]
    return {b.splitlines()[0]: b for b in blocks if b}


readme = readme_blocks()
man = man_blocks()
for first in (GITHUB_FILE, GITLAB_FILE):
    check(f"README has the recipe {first}", True, first in readme)
    check(f"git-migrate-check(1) shows the README's {first}", readme.get(first), man.get(first))
if failures:
    print(f"{checks - failures} passed, {failures} failed")
    sys.exit(1)
github = yaml.safe_load(readme[GITHUB_FILE])
gitlab = yaml.safe_load(readme[GITLAB_FILE])

# --- a local origin with two pull requests -------------------------------------
tmp = pathlib.Path(tempfile.mkdtemp(prefix="ci-recipe-test."))
env = {
    "HOME": str(tmp / "home"), "XDG_CONFIG_HOME": str(tmp / "home/.config"), "GIT_CONFIG_NOSYSTEM": "1",
    "LC_ALL": "C.UTF-8", "TZ": "UTC", "TERM": "dumb",
    "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Committer", "GIT_COMMITTER_EMAIL": "committer@example.com",
    "GIT_AUTHOR_DATE": "@1112911993 +0000", "GIT_COMMITTER_DATE": "@1112911993 +0000",
    "PATH": f"{build_dir / 'cmd'}:/usr/local/bin:/usr/bin:/bin",
}
(tmp / "home/.config").mkdir(parents=True)


def git(*args, cwd=tmp):
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


git("config", "--global", "init.defaultBranch", "master")
origin = tmp / "origin.git"
work = tmp / "work"
git("init", "-q", "--bare", str(origin))
git("init", "-q", str(work))
(work / "posthog").mkdir()
(work / "posthog/api.py").write_text("def team_name(team):\n    return team.name\n")
git("add", "-A", cwd=work)
git("commit", "-q", "-m", "initial", cwd=work)
base = git("rev-parse", "HEAD", cwd=work)
pulls = {}
for number, (branch, path, content) in enumerate([
        ("chore/models-migrations-x", "model_migration/moves.toml", 'product = "x"\n'),
        ("fix/team-names", "posthog/api.py", "def team_name(team):\n    return team.name.strip()\n")], 1):
    git("checkout", "-q", "-b", branch, base, cwd=work)
    (work / path).parent.mkdir(parents=True, exist_ok=True)
    (work / path).write_text(content)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", f"change {path}", cwd=work)
    head = git("rev-parse", "HEAD", cwd=work)
    # master moves on after the branch, as it does: the pull request's base
    # is then the merge base, not master's tip.
    pulls[branch] = {"number": number, "head": head}
git("checkout", "-q", "master", cwd=work)
(work / "README").write_text("later\n")
git("add", "-A", cwd=work)
git("commit", "-q", "-m", "later on master", cwd=work)
master = git("rev-parse", "HEAD", cwd=work)
git("push", "-q", str(origin), "master", *pulls, cwd=work)
for branch, pr in pulls.items():
    # GitHub's refs/pull/<n>/merge: the pull request merged into its base.
    git("checkout", "-q", "--detach", master, cwd=work)
    git("merge", "-q", "--no-ff", "-m", f"Merge {pr['head']} into {master}", pr["head"], cwd=work)
    git("push", "-q", str(origin), f"HEAD:refs/pull/{pr['number']}/merge", cwd=work)


def expand(value, expressions):
    def one(m):
        if m.group(1) not in expressions:
            raise SystemExit(f"FAIL: the recipe uses ${{{{ {m.group(1)} }}}}, which this test does not provide")
        return expressions[m.group(1)]
    return re.sub(r"\$\{\{\s*([^}]*?)\s*\}\}", one, str(value))


def clone(dest, depth, commit, fetch_ref=None):
    args = ["clone", "-q", "--no-local"] + (["--depth", str(depth)] if depth else []) + [f"file://{origin}", str(dest)]
    git(*args)
    if fetch_ref:
        git("fetch", "-q", *(["--depth", str(depth)] if depth else []), "origin", fetch_ref, cwd=dest)
    git("checkout", "-q", "--detach", commit, cwd=dest)


def run_script(script, cwd, extra_env, shell):
    r = subprocess.run(shell + [script], cwd=cwd, env={**env, **extra_env}, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def sarif_results(path):
    log = json.loads(path.read_text(encoding="utf-8"))
    if log.get("version") != "2.1.0":
        raise ValueError("not a SARIF 2.1.0 log")
    return [r["ruleId"] for r in log["runs"][0]["results"]]


# --- GitHub Actions --------------------------------------------------------------
def run_github(workflow, branch, name):
    """Runs the job for the pull request of `branch`; returns (exit, failed step, uploaded rule ids)."""
    pr = pulls[branch]
    merge = git("rev-parse", f"refs/pull/{pr['number']}/merge", cwd=origin)
    # base.sha is the base branch's tip, not the merge base: the range
    # base..head still audits only the pull request's commits.
    expressions = {"github.event.pull_request.base.sha": master,
                   "github.event.pull_request.head.sha": pr["head"],
                   "vars.GIT_MIGRATE_DEB_URL": "https://packages.invalid/git-migrate.deb"}
    (job,) = workflow["jobs"].values()
    ws = tmp / f"github-{name}"
    out_file = tmp / f"github-{name}.output"
    out_file.touch()
    job_env = {k: expand(v, expressions) for k, v in job.get("env", {}).items()}
    job_env.update(GITHUB_WORKSPACE=str(ws), GITHUB_OUTPUT=str(out_file), CI="true", GITHUB_ACTIONS="true")
    uploaded = None
    for step in job["steps"]:
        label = step.get("name") or step.get("uses")
        if "if" in step:
            raise SystemExit(f"FAIL: step {label!r} has an if:, which this test does not emulate")
        uses = step.get("uses", "")
        if step.get("name") == "Install git-migrate":
            continue
        if uses.startswith("actions/checkout@"):
            clone(ws, int(step.get("with", {}).get("fetch-depth", 1)), merge, f"refs/pull/{pr['number']}/merge")
        elif uses.startswith("github/codeql-action/upload-sarif@"):
            uploaded = sarif_results(ws / step["with"]["sarif_file"])
        elif "run" in step:
            step_env = {**job_env, **{k: expand(v, expressions) for k, v in step.get("env", {}).items()}}
            rc, output = run_script(step["run"], ws, step_env, ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"])
            if rc:
                return rc, label, uploaded, output
        else:
            raise SystemExit(f"FAIL: step {label!r} is not one this test knows how to run")
    return 0, None, uploaded, ""


rc, step, uploaded, output = run_github(github, "chore/models-migrations-x", "bad")
check("GitHub, pull request committing model_migration/: the job fails", 1, rc)
check("GitHub, bad: at the last step", "Fail on error-severity findings", step)
check("GitHub, bad: the findings are uploaded first", ["excluded-path"], uploaded)
check("GitHub, bad: the job log names the finding", True,
      "error: added or changed under the excluded folder model_migration/ [excluded-path]" in output)
rc, step, uploaded, output = run_github(github, "fix/team-names", "clean")
check("GitHub, clean pull request: the job passes", (0, None), (rc, step))
check("GitHub, clean: an empty SARIF log is uploaded", [], uploaded)
# The README says a shallow checkout fails with exit 128 and uploads nothing.
shallow = json.loads(json.dumps(github))
(job,) = shallow["jobs"].values()
for s in job["steps"]:
    if s.get("uses", "").startswith("actions/checkout@"):
        s["with"]["fetch-depth"] = 1
rc, step, uploaded, output = run_github(shallow, "chore/models-migrations-x", "shallow")
# git-migrate-check exits 128; `[ $? -eq 1 ]` turns that into the step's 1.
check("GitHub, fetch-depth 1: the audit step fails, nothing is uploaded", (1, "Audit the pull request", None),
      (rc, step, uploaded))
# Only the merge commit was fetched: the pull request's head is missing.
missing = f"git-migrate-check: fatal: resolve revision '{pulls['chore/models-migrations-x']['head']}': "
check("GitHub, fetch-depth 1: the log says which revision is missing", missing, output[:len(missing)])
check("GitHub, fetch-depth 1: the log says the clone is shallow and what to fetch", True,
      "\nhint: this clone is shallow: its history stops at " in output
      and "\nhint: in CI, check out the whole history (GitHub actions/checkout: `fetch-depth: 0`)\n" in output)


# --- GitLab CI ---------------------------------------------------------------------
def run_gitlab(pipeline, branch, name):
    (job,) = [j for k, j in pipeline.items() if isinstance(j, dict) and "script" in j]
    pr = pulls[branch]
    ws = tmp / f"gitlab-{name}"
    depth = int(job.get("variables", {}).get("GIT_DEPTH", 20))  # GitLab's default depth is 20
    clone(ws, depth, pr["head"])
    job_env = {k: str(v) for k, v in job.get("variables", {}).items()}
    job_env.update(CI="true", GITLAB_CI="true", CI_PIPELINE_SOURCE="merge_request_event",
                   CI_MERGE_REQUEST_DIFF_BASE_SHA=git("merge-base", master, pr["head"], cwd=origin),
                   CI_COMMIT_SHA=pr["head"], GIT_MIGRATE_DEB_URL="https://packages.invalid/git-migrate.deb")
    # before_script installs the package: skipped, PATH has the build tree's.
    rc, output = run_script("\n".join(job["script"]), ws, job_env, ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"])
    artifacts = [sarif_results(ws / p) for p in job["artifacts"]["paths"]]
    return rc, artifacts, output


rc, artifacts, output = run_gitlab(gitlab, "chore/models-migrations-x", "bad")
check("GitLab, merge request committing model_migration/: the job fails with 1", 1, rc)
check("GitLab, bad: the SARIF artifact holds the finding", [["excluded-path"]], artifacts)
check("GitLab, bad: the job log names the finding", True,
      "error: added or changed under the excluded folder model_migration/ [excluded-path]" in output)
rc, artifacts, output = run_gitlab(gitlab, "fix/team-names", "clean")
check("GitLab, clean merge request: the job passes", 0, rc)
check("GitLab, clean: an empty SARIF artifact", [[]], artifacts)

shutil.rmtree(tmp)
print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
