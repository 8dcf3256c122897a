#!/usr/bin/env bash
# Benchmarks on a real repository (issue 11): every flow of the workflow,
# timed with hyperfine against its floor in the same run, on a scratch clone
# of a checkout you provide (the checkout itself is never touched).
#
#   bench/real_repo.sh REPO FROM TO [BUILD_DIR] [--runs N] [--behind N]
#                      [--deleted-mb "MB..."] [--keep]
#
# REPO is a checkout (or a bare repository) of a Python/Django monorepo, FROM
# the package to move and TO its destination, both repository-relative
# folders (saleor: saleor/giftcard products/giftcard/backend). The product is
# the last segment of FROM. Scenarios, built once in the scratch clone:
#
#   master        the repository's HEAD (plus, when the snapshot lacks some
#                 blobs, one commit dropping the files whose blobs are
#                 missing, so that every command can read the whole tree);
#                 origin/master and origin/HEAD point at it.
#   baseline      chore/model-migration-baseline: master + model_migration/
#                 (moves.toml with one file move per file of FROM, and
#                 migration_config.json).
#   feature       a new branch of 2 commits on master: the package moved with
#                 `git mv` and its importers rewritten (git migrate-fresh
#                 rewrite), then one top-level function deleted from a module
#                 whose function is imported elsewhere.
#   deleted-N     master + a generated module of one-line functions of about
#                 N MB, then a commit deleting it.
#   review        chore/models-migrations-<product>: forked from master~BEHIND
#                 (default 300), the same migration done there (moves of that
#                 tree) plus a review fix-up commit.
#   fresh         chore/models-migrations-<product>-fresh, made by
#                 `git migrate-fresh --no-pause <product>` from the baseline.
#
# Timed (hyperfine, 2 warm-ups, --runs runs, default 10; the deleted modules
# of more than 5 MB 3 runs), each against its floor:
#
#   pre-push      git-migrate-check --pre-push origin <url> with git's line
#                 for the new branch on stdin   vs git grep -c <FROM's root>
#   check range   git-migrate-check master..feature    vs the same git grep
#   deleted       git-migrate-check deleted-N (its last commit)
#                 vs python3 ast.parse of the module (CPython's parser)
#   rewrite       git migrate-fresh rewrite of the package move (FROM moved
#                 with git mv, from the same state each run)
#                 vs git grep -l <product>
#   replace       git-migrate-replace <fresh> on the review branch
#                 vs the CLI recipe (merge -s ours, read-tree -u, rm, commit)
#   fresh         git migrate-fresh --no-pause <product>, end to end
#                 vs the recipe's git commands alone (no rewriting); < 1 s
#
# Prints the median of each command and the ratio to each floor; hyperfine's
# own report goes to stderr. Nothing is written outside a temporary directory,
# which is removed at the end unless --keep is given (to profile a scenario
# by hand: its path is printed).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage="usage: bench/real_repo.sh REPO FROM TO [BUILD_DIR] [--runs N] [--behind N] [--deleted-mb \"MB...\"] [--keep]"
(($# >= 3)) || { echo "$usage" >&2; exit 2; }
source_repo=$(cd "$1" && pwd)
from=${2%/}
to=${3%/}
shift 3
behind=300
deleted_mb="1.7 21"
keep=false
rest=()
while (($#)); do
	case "$1" in
	--behind) behind=$2; shift 2 ;;
	--deleted-mb) deleted_mb=$2; shift 2 ;;
	--keep) keep=true; shift ;;
	*) rest+=("$1"); shift ;;
	esac
done
bench_options bench/real_repo.sh git-migrate-check "${rest[@]}"
check_exe=$exe
bench_exe bench/real_repo.sh "$build" git-migrate-fresh
fresh_exe=$exe
bench_exe bench/real_repo.sh "$build" git-migrate-replace
replace_exe=$exe
product=${from##*/}
root=${from%%/*}
bench_tmp real-repo "Bench Mark"
if $keep; then
	trap - EXIT
	echo "scratch directory (kept): $tmp (HOME=$HOME)" >&2
fi
bench_fixed_dates

echo "cloning $source_repo..." >&2
git clone -q --no-checkout "$source_repo" "$tmp/repo"
repo=$tmp/repo
cd "$repo"
# Only the one branch: the clone's other remote-tracking refs would count as
# already pushed commits.
git symbolic-ref --delete refs/remotes/origin/HEAD 2>/dev/null || true
git for-each-ref --format='delete %(refname)' refs/remotes/ refs/tags/ | git update-ref --stdin

# complete_tree COMMIT MESSAGE: COMMIT when every blob of its tree is in the
# object database, else a new commit on it without the files whose blobs are
# missing (a snapshot may lack its largest blobs).
complete_tree() {
	local missing tree
	missing=$(git ls-tree -r -z "$1" | python3 -c '
import subprocess, sys
entries = [e.split("\t", 1) for e in sys.stdin.buffer.read().decode().split("\0") if e]
blobs = [(meta.split()[2], path) for meta, path in entries if meta.split()[1] == "blob"]
out = subprocess.run(["git", "cat-file", "--batch-check=%(objectname) %(objecttype)"],
                     input="".join(oid + "\n" for oid, _ in blobs), capture_output=True, text=True,
                     check=True).stdout.splitlines()
for (oid, path), line in zip(blobs, out):
    if line.endswith(" missing"):
        print(path)
')
	if [[ -z $missing ]]; then
		echo "$1"
		return
	fi
	echo "dropped (blob missing from the snapshot): $(tr '\n' ' ' <<<"$missing")" >&2
	GIT_INDEX_FILE=$tmp/index git read-tree "$1"
	tr '\n' '\0' <<<"$missing" | GIT_INDEX_FILE=$tmp/index git update-index -z --force-remove --stdin
	tree=$(GIT_INDEX_FILE=$tmp/index git write-tree)
	rm -f "$tmp/index"
	git commit-tree "$tree" -p "$1" -m "$2"
}

upstream=$(git rev-parse HEAD)
master=$(complete_tree "$upstream" "bench: drop the files whose blobs the snapshot lacks")
git update-ref refs/heads/master "$master"
git symbolic-ref HEAD refs/heads/master
git checkout -q -f master
git for-each-ref --format='delete %(refname)' refs/heads/ | grep -v ' refs/heads/master$' | git update-ref --stdin || true
git update-ref refs/remotes/origin/master master
git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/master
[[ -d $from ]] || { echo "bench/real_repo.sh: $from is not a folder of $source_repo" >&2; exit 1; }
py_files=$(git ls-files '*.py' | wc -l)
py_bytes=$(git ls-files -z '*.py' | xargs -0 cat | wc -c)
echo "repository: $(git ls-files | wc -l) files, $py_files Python ($(awk -v b="$py_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB); $(git ls-files "$from" | wc -l) files in $from; $(nproc) cores" >&2

# moves_toml TREEISH: the moves file of FROM -> TO for the files of TREEISH.
moves_toml() {
	echo "product = \"$product\""
	git ls-tree -r --name-only "$1" -- "$from/" | while IFS= read -r f; do
		printf '\n[[file_moves]]\nfrom = "%s"\nto = "%s"\n' "$f" "$to/${f#"$from"/}"
	done
}

# The baseline: model_migration/ on master.
moves_toml master >"$tmp/moves.toml"
git checkout -q -b chore/model-migration-baseline master
mkdir -p model_migration
cp "$tmp/moves.toml" model_migration/moves.toml
printf '{\n    "migrations": [\n        {"name": "%s", "status": "todo"}\n    ]\n}\n' "$product" >model_migration/migration_config.json
git add model_migration
git commit -qm "chore: model migration tooling"

# migrate MOVES: FROM moved to TO with git mv and the importers rewritten,
# committed.
migrate() {
	mkdir -p "$(dirname "$to")"
	git mv "$from" "$to"
	"$fresh_exe" rewrite --moves "$1" >/dev/null
	git add -A
	git commit -qm "move $from to $to"
}

# feature: the migration, then one function deleted.
git checkout -q -b feature master
migrate "$tmp/moves.toml"
deleted=$(python3 - "$root" <<'PY'
import ast, subprocess, sys
root = sys.argv[1]
files = sorted(subprocess.run(["git", "ls-files", "--", f"{root}/*.py"], capture_output=True, text=True,
                              check=True).stdout.split())
for path in files:
    if "test" in path or "migrations/" in path or path.endswith("__init__.py"):
        continue
    text = open(path).read()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        continue
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        users = subprocess.run(["git", "grep", "-l", "-w", node.name, "--", "*.py"], capture_output=True,
                               text=True).stdout.split()
        if len(users) < 2:
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        lines = text.split("\n")
        del lines[first - 1:node.end_lineno]
        open(path, "w").write("\n".join(lines))
        print(f"{path}:{node.name}")
        sys.exit(0)
sys.exit("no function to delete")
PY
)
git commit -qam "delete ${deleted#*:}"
echo "feature: $from moved ($(git diff --name-only -M master~0 feature~1 | wc -l) paths), then $deleted deleted; $(git diff --shortstat master feature)" >&2

# deleted-N: a generated module of about N MB, added then deleted.
declare -A deleted_module
for mb in $deleted_mb; do
	module=$root/bench_generated_${mb/./_}.py
	python3 - "$module" "$mb" <<'PY'
import sys
path, mb = sys.argv[1], float(sys.argv[2])
out, size, i = [], 0, 0
while size < mb * 1e6:
    line = f"def generated_{i:07d}(value): return value + {i}\n"
    out.append(line); size += len(line); i += 1
open(path, "w").write("".join(out))
PY
	cp "$module" "$tmp/deleted-$mb.py"
	deleted_module[$mb]=$tmp/deleted-$mb.py
	git checkout -q -b "deleted-$mb" master
	git add "$module"
	git commit -qm "generated module of $mb MB"
	git rm -q "$module"
	git commit -qm "delete the generated module of $mb MB"
done

# review: forked BEHIND commits back, migrated there with that tree's moves,
# and a review fix-up.
review=chore/models-migrations-$product
fork=$(complete_tree "$(git rev-parse "master~$behind")" "bench: drop the files whose blobs the snapshot lacks")
git checkout -q -f -b "$review" "$fork"
moves_toml HEAD >"$tmp/review-moves.toml"
migrate "$tmp/review-moves.toml"
echo "# reviewed" >>"$to/__init__.py"
git commit -qam "review fix-up"

# fresh: the pipeline once, its branch kept for replace.
fresh=$review-fresh
git checkout -q master
"$fresh_exe" --no-pause "$product" >/dev/null
git branch -q -m "$fresh" bench-fresh
echo "fresh: $(git diff --shortstat master bench-fresh); $review vs fresh: $(git diff --shortstat "$review" bench-fresh)" >&2
git checkout -q -f master
git clean -fdq  # model_migration/ the pipeline leaves untracked
rm -rf .git/migrate
git for-each-ref --format='delete %(refname)' refs/migrate/ | git update-ref --stdin

printf '%s\n' "== $(basename "$source_repo"): $py_files Python files, $from -> $to, $(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg)"
width=30

# pre-push and check range on the feature branch.
git checkout -q feature
echo "refs/heads/feature $(git rev-parse feature) refs/heads/feature 0000000000000000000000000000000000000000" >"$tmp/push-line"
reset=true
grep_root="git grep -c $root >/dev/null"
"$check_exe" master..feature | tail -3 >&2 || true
bench_hyperfine $width "pre-push (new branch)" "" \
	pre-push "$check_exe --pre-push origin $tmp/remote.git <$tmp/push-line >/dev/null 2>&1 || true" \
	"git grep -c $root" "$grep_root"
bench_hyperfine $width "check master..feature" "" \
	check-range "$check_exe master..feature >/dev/null 2>&1 || true" \
	"git grep -c $root" "$grep_root"

# The deleted modules.
for mb in $deleted_mb; do
	git checkout -q "deleted-$mb"
	saved_runs=$runs
	[[ ${mb%.*} -le 5 ]] || runs=3
	bench_hyperfine $width "check (deleted $mb MB module)" "" \
		"check deleted-$mb" "$check_exe HEAD >/dev/null 2>&1 || true" \
		"python3 ast.parse" "python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read())' ${deleted_module[$mb]}"
	runs=$saved_runs
done

# rewrite of the package move.
git checkout -q -b bench-rewrite master
mkdir -p "$(dirname "$to")"
git mv "$from" "$to"
git commit -qm "move $from"
reset="git reset -q --hard HEAD"
"$fresh_exe" rewrite --moves "$tmp/moves.toml" | tail -1 >&2
echo "rewrite: $(git diff --name-only | wc -l) files changed" >&2
eval "$reset"
bench_hyperfine $width "rewrite" "" \
	rewrite "$fresh_exe rewrite --moves $tmp/moves.toml >/dev/null" \
	"git grep -l $product" "git grep -l $product >/dev/null"

# replace on the review branch.
git checkout -q -f "$review"
start=$(git rev-parse HEAD)
reset="git reset -q --hard $start && git update-ref -d refs/migrate/backup/$review 2>/dev/null; true"
recipe="git merge -q -s ours --no-commit bench-fresh && git read-tree -u --reset bench-fresh && git rm -rfq --ignore-unmatch model_migration/ && git commit -q -m 'merge: adopt fresh migration validation branch'"
eval "$reset"; "$replace_exe" bench-fresh >/dev/null 2>&1; ours_tree=$(git rev-parse HEAD^{tree})
eval "$reset"; eval "$recipe" >/dev/null; recipe_tree=$(git rev-parse HEAD^{tree})
eval "$reset"
[[ $ours_tree == "$recipe_tree" ]] || { echo "bench/real_repo.sh: replace and the recipe give different trees" >&2; exit 1; }
echo "replace: $(git diff --shortstat "$start" bench-fresh)" >&2
bench_hyperfine $width "replace" "" \
	replace "$replace_exe bench-fresh >/dev/null" \
	recipe "$recipe"

# fresh end to end.
git checkout -q -f master
reset="git checkout -q -f master && git clean -fdq && { git branch -q -D $fresh 2>/dev/null || true; } && rm -rf .git/migrate && git for-each-ref --format='delete %(refname)' refs/migrate/ | git update-ref --stdin"
moves=""
while IFS='"' read -r key value _; do
	case "$key" in
	"from = ") f=$value ;;
	"to = ") moves+="mkdir -p ${value%/*} && git mv $f $value && " ;;
	esac
done <"$tmp/moves.toml"
recipe="git checkout -q -b $fresh chore/model-migration-baseline && git reset -q --soft master && ${moves}git add -A ':(exclude)model_migration/' && git rm -r -q --cached model_migration && git commit -q -m 'chore(models): migrate $product models to products app'"
eval "$reset"
bench_hyperfine $width "fresh (end to end)" "   target < 1000 ms" \
	fresh "$fresh_exe --no-pause $product >/dev/null" \
	"recipe (git only, no rewriting)" "$recipe"
