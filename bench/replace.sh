#!/usr/bin/env bash
# Times `git migrate-replace <fresh>` against the command-line recipe of
# docs/workflow.md (step 5)
# on the shared benchmark repository (bench/make_repo.py), from the same
# starting state: the stale review branch checked out, clean, no backup ref.
# Prints the median of each and the ratio (target: <= 1.0).
#
#   bench/replace.sh [BUILD_DIR] [--runs N] [--files N]
#
# The recipe is timed alone and followed by the check the recipe asks for
# after the merge (`git diff HEAD~1 HEAD --stat | sort -k2 -n -r`), which the
# command does as part of its output.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_options bench/replace.sh git-migrate-replace "$@"
bench_tmp replace "Bench Mark"

echo "building the benchmark repository ($files files)..." >&2
bench_make_repo make_repo.py --files "$files" >&2
review=chore/models-migrations-error_tracking
fresh=$review-fresh
git checkout -q "$review"
start=$(git rev-parse HEAD)
echo "repository: $(git ls-files | wc -l) files; $fresh vs $review: $(git diff --shortstat "$start" "$fresh")" >&2

reset="git reset -q --hard $start && git update-ref -d refs/migrate/backup/$review 2>/dev/null; true"
ours="$exe $fresh"
recipe="git merge -q -s ours --no-commit $fresh && git read-tree -u --reset $fresh && git rm -rfq --ignore-unmatch model_migration/ && git commit -q -m 'merge: adopt fresh migration validation branch'"
check="git diff HEAD~1 HEAD --stat | sort -k2 -n -r | head -20"

# Same result first: the command's tree is the recipe's.
eval "$reset"; $ours >/dev/null 2>&1; ours_tree=$(git rev-parse HEAD^{tree})
eval "$reset"; eval "$recipe" >/dev/null; recipe_tree=$(git rev-parse HEAD^{tree})
eval "$reset"
if [[ $ours_tree != "$recipe_tree" ]]; then
	echo "bench/replace.sh: trees differ: $ours_tree (migrate-replace) vs $recipe_tree (recipe)" >&2
	exit 1
fi

bench_hyperfine 28 migrate-replace "" \
	migrate-replace "$ours" \
	recipe "$recipe" \
	"recipe + diff --stat check" "$recipe && $check"
