#!/usr/bin/env bash
# Benchmark of the migration-graph rules of git-migrate-check (issue 6,
# "Scope and speed"): a repository with several hundred migrations per app
# (bench/graph_make_repo.py: 4 Django apps x 500 migrations with squashes and
# merges, and a 1,000-revision Alembic history), where branch `feature` adds
# one migration and one revision. `git migrate-check` audits the whole graph
# of the final tree at every run; `--worktree` reads the files from disk.
#
# Prints the median wall and CPU time over RUNS runs (default 15, after 2
# warm-ups) and, as the floor of reading the same files, the median of
# `git grep` over the final tree's migration files, with the ratio.
#
# Usage: bench/graph_bench.sh BUILD_DIR [RUNS]
set -euo pipefail

build=$(cd "${1:?usage: bench/graph_bench.sh BUILD_DIR [RUNS]}" && pwd)
runs=${2:-15}
src=$(cd "$(dirname "$0")/.." && pwd)
exe="$build/cmd/git-migrate-check"
[[ -x $exe ]] || { echo "missing $exe (build first)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-graph.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home" LC_ALL=C TZ=UTC
mkdir -p "$HOME"
git config --global user.name Bench
git config --global user.email bench@example.com
export GIT_AUTHOR_DATE="@1700000000 +0000" GIT_COMMITTER_DATE="@1700000000 +0000"

repo="$tmp/repo"
python3 "$src/bench/graph_make_repo.py" "$repo"
cd "$repo"
echo "repository: $(git ls-files 'src/*/migrations/0*.py' | wc -l) Django migrations," \
	"$(git ls-files 'db/migrations/versions/*.py' | wc -l) Alembic revisions"

time_ms() {  # "WALL CPU" in milliseconds
	/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$tmp/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
medians() {
	local all
	all=$(cat)
	echo "$(cut -d' ' -f1 <<<"$all" | median) $(cut -d' ' -f2 <<<"$all" | median)"
}
measure() {  # measure LABEL COMMAND...: prints the medians, sets $wall
	local cpu
	for _ in 1 2; do time_ms "${@:2}" >/dev/null; done
	read -r wall cpu < <(for _ in $(seq "$runs"); do time_ms "${@:2}"; done | medians)
	echo "$1: median ${wall} ms wall, ${cpu} ms CPU over $runs runs"
}

echo "== the output (the graphs are healthy)"
"$exe" master..feature | tail -1
measure "git migrate-check master..feature" "$exe" master..feature
check_wall=$wall
measure "git migrate-check master..feature --worktree" "$exe" master..feature --worktree
worktree_wall=$wall
measure "git grep (reading the same files from the tree, the floor)" \
	git grep -c -e dependencies -e down_revision feature -- 'src/*/migrations/*.py' 'db/migrations/versions/*.py'
grep_wall=$wall
awk -v a="$check_wall" -v w="$worktree_wall" -v b="$grep_wall" 'BEGIN {
	if (b > 0) printf "ratio check / git grep (wall): %.1fx; --worktree / git grep: %.1fx\n", a / b, w / b }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
