#!/usr/bin/env bash
# Times the whole `git migrate-fresh` pipeline without user commands (branch,
# configure, prepare, move, rewrite, commit; validate and generate have no
# commands) on the shared benchmark repository (bench/make_repo.py), against
# the git command-line part of the manual recipe (docs/workflow.md) doing the same branch work
# without any import rewriting (checkout -b from the baseline, reset --soft,
# one `git mv` per file move, add -A with the tooling folder excluded, rm
# --cached of the folder, commit), and against `git grep -l` of the moved
# package's name (the floor of reading the files once).
# Target: the pipeline under 2 s wall. Prints medians and ratios.
#
#   bench/fresh.sh [BUILD_DIR] [--runs N] [--files N]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_options bench/fresh.sh git-migrate-fresh "$@"
bench_tmp fresh "Bench Mark"

echo "building the benchmark repository ($files files)..." >&2
bench_make_repo make_repo.py --files "$files" >&2
product=error_tracking
baseline=chore/model-migration-baseline
fresh=chore/models-migrations-$product-fresh
# make_repo.py's own fresh branch is the expected result; keep it aside.
git branch -q -m "$fresh" expected-fresh
echo "repository: $(git ls-files | wc -l) files, $(git show "$baseline:model_migration/moves.toml" | grep -c '^from =') file moves" >&2

reset="git checkout -q -f master && git clean -fdq && { git branch -q -D $fresh 2>/dev/null || true; } && rm -rf .git/migrate && git for-each-ref --format='delete %(refname)' refs/migrate/ | git update-ref --stdin"
ours="$exe --no-pause $product >/dev/null"
moves=""
while IFS='"' read -r key value _; do
	case "$key" in
	"from = ") from=$value ;;
	"to = ") moves+="mkdir -p ${value%/*} && git mv $from $value && " ;;
	esac
done < <(git show "$baseline:model_migration/moves.toml")
recipe="git checkout -q -b $fresh $baseline && git reset -q --soft master && ${moves}git add -A ':(exclude)model_migration/' && git rm -r -q --cached model_migration && git commit -q -m 'chore(models): migrate $product models to products app'"
grep_floor="git grep -l -w $product >/dev/null"

# The result first: the pipeline's commit against make_repo.py's fresh branch
# (which keeps model_migration/ in its tree).
eval "$reset"
"$exe" --no-pause $product >/dev/null
differ=$(git diff --name-only expected-fresh HEAD -- . ':(exclude)model_migration' | wc -l)
echo "pipeline commit vs make_repo.py's fresh branch (model_migration/ aside): $differ paths differ" >&2
git diff --stat expected-fresh HEAD -- . ':(exclude)model_migration' | tail -1 >&2
eval "$reset"

bench_hyperfine 37 "migrate-fresh (whole pipeline)" "   target < 2000 ms" \
	migrate-fresh "$ours" \
	"recipe (git only, no rewriting)" "$recipe" \
	"git grep -l (read floor)" "$grep_floor"
