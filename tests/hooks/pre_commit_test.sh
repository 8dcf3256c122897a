#!/usr/bin/env bash
# The pre-commit framework (https://pre-commit.com) runs this repository's
# .pre-commit-hooks.yaml for real: a project repository lists the hook in its
# .pre-commit-config.yaml, `pre-commit install --hook-type pre-push` installs
# pre-commit's own pre-push hook, and `git push` to a local bare remote runs
# git-migrate-check on the pushed range. A push that commits model_migration/
# is blocked (the remote keeps its old value), on an existing branch and on a
# new one; a clean push goes through.
#
# Offline: the hook repository is a local git repository holding a copy of
# .pre-commit-hooks.yaml, the hook's language is `system` (no environment is
# installed), and PRE_COMMIT_HOME is inside the temporary directory.
#
#   bash tests/hooks/pre_commit_test.sh BUILD_DIR SOURCE_DIR
#
# Exit 77 (ctest: skipped) when pre-commit is not installed.
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
if ! command -v pre-commit >/dev/null; then
	echo "SKIP: pre-commit is not installed (apt-get install pre-commit; scripts/setup installs it)"
	exit 77
fi

source "$source_dir/tests/harness/hermetic.sh"
hermetic_init "$build" pre-commit-test
export PRE_COMMIT_HOME="$tmp/pre-commit-home"

# The hook repository: this repository's .pre-commit-hooks.yaml, committed.
hooks="$tmp/hooks-repo"
git init -q "$hooks"
cp "$source_dir/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q -m "hooks"
hooks_rev=$(git -C "$hooks" rev-parse HEAD)

# The project, its bare remote, and master pushed before the hook exists.
git init -q --bare "$tmp/remote.git"
repo="$tmp/project"
git init -q "$repo"
cd "$repo"
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $hooks_rev
    hooks:
      - id: git-migrate-check
YAML
mkdir -p posthog
printf 'def team_name(team):\n    return team.name\n' >posthog/api.py
git add -A && git commit -q -m "initial"
git remote add origin "$tmp/remote.git"
git push -q origin master
base=$(git rev-parse HEAD)

check "pre-commit install --hook-type pre-push" "pre-commit installed at .git/hooks/pre-push" \
	"$(pre-commit install --hook-type pre-push 2>&1)"

# A commit of the migration tooling (excluded-path, an error); sets $bad.
commit_tooling() {
	mkdir -p model_migration
	printf 'product = "error_tracking"\n' >model_migration/moves.toml
	git add -A && git commit -q -m "chore: migrate error_tracking"
	bad=$(git rev-parse HEAD)
}

# What pre-commit and git print when the hook blocks $bad, audited from $1.
blocked_report() {
	cat <<-EOF
		git migrate-check........................................................Failed
		- hook id: git-migrate-check
		- exit code: 1

		model_migration/moves.toml
		  error: added or changed under the excluded folder model_migration/ [excluded-path] (${bad:0:10})

		1 error, 0 warnings, 0 infos in 1 commit ($1..$bad)

		error: failed to push some refs to '$tmp/remote.git'
	EOF
}

# A bad push: the migration tooling committed (excluded-path, an error).
commit_tooling
rc=0
out=$(git push origin master 2>&1) || rc=$?
check "bad push: exit status of git push" 1 "$rc"
check "bad push: the remote keeps master" "$base" "$(git --git-dir="$tmp/remote.git" rev-parse master)"
check "bad push: pre-commit's report" "[INFO] Initializing environment for $hooks.
$(blocked_report "$base")" "$out"

# The clean push: the tooling left out, a real change.
git reset -q --hard "$base"
printf 'def team_name(team):\n    return team.name.strip()\n' >posthog/api.py
git commit -q -am "fix: strip team names"
good=$(git rev-parse HEAD)
rc=0
out=$(git push origin master 2>&1) || rc=$?
check "clean push: exit status of git push" 0 "$rc"
check "clean push: the remote has the new master" "$good" "$(git --git-dir="$tmp/remote.git" rev-parse master)"
check "clean push: pre-commit's report" "\
git migrate-check........................................................Passed
To $tmp/remote.git
   ${base:0:7}..${good:0:7}  master -> master" "$out"

# A new branch (a pull request's first push) with the tooling committed:
# pre-commit audits the commits that no remote branch has.
git checkout -q -b chore/models-migrations-error_tracking
commit_tooling
rc=0
out=$(git push origin chore/models-migrations-error_tracking 2>&1) || rc=$?
check "new branch: exit status of git push" 1 "$rc"
check "new branch: not created on the remote" "" \
	"$(git --git-dir="$tmp/remote.git" for-each-ref refs/heads/chore/)"
check "new branch: pre-commit's report" "$(blocked_report "$good")" "$out"

finish
