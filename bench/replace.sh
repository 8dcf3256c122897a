#!/usr/bin/env bash
# Times `git migrate-replace <fresh>` against the seed's command-line recipe
# on the shared benchmark repository (bench/make_repo.py), from the same
# starting state: the stale review branch checked out, clean, no backup ref.
# Prints the median of each and the ratio (target: <= 1.0).
#
#   bench/replace.sh [BUILD_DIR] [--runs N] [--files N]
#
# The recipe is timed alone and followed by the check the seed asks for
# after the merge (`git diff HEAD~1 HEAD --stat | sort -k2 -n -r`), which the
# command does as part of its output.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
runs=10
files=5200
while (($#)); do
	case "$1" in
	--runs) runs=$2; shift 2 ;;
	--files) files=$2; shift 2 ;;
	*) build=$1; shift ;;
	esac
done
exe=$(cd "$build" && pwd)/cmd/git-migrate-replace
[[ -x $exe ]] || { echo "bench/replace.sh: build first (missing $exe)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench/replace.sh: needs hyperfine (scripts/setup --bench)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-replace.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home" LC_ALL=C TZ=UTC
mkdir -p "$HOME"
git config --global user.name "Bench Mark"
git config --global user.email bench@example.com

echo "building the benchmark repository ($files files)..." >&2
python3 "$root/bench/make_repo.py" "$tmp/repo" --files "$files" >&2
cd "$tmp/repo"
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

hyperfine --style basic --warmup 2 --runs "$runs" --prepare "$reset" --export-json "$tmp/times.json" \
	-n migrate-replace "$ours" \
	-n recipe "$recipe" \
	-n "recipe + diff --stat check" "$recipe && $check" >&2

python3 - "$tmp/times.json" <<'PY'
import json, statistics, sys
results = {r["command"]: statistics.median(r["times"]) for r in json.load(open(sys.argv[1]))["results"]}
ours = results["migrate-replace"]
print(f"median migrate-replace              {ours * 1000:8.1f} ms")
for name in ("recipe", "recipe + diff --stat check"):
    print(f"median {name:<28} {results[name] * 1000:8.1f} ms   ratio {ours / results[name]:.2f}")
PY
