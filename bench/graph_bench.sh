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

source "$(dirname "$0")/lib.sh"
build=${1:?usage: bench/graph_bench.sh BUILD_DIR [RUNS]}
runs=${2:-15}
bench_exe bench/graph_bench.sh "$build" git-migrate-check
bench_tmp graph
bench_fixed_dates
bench_make_repo graph_make_repo.py
echo "repository: $(git ls-files 'src/*/migrations/0*.py' | wc -l) Django migrations," \
	"$(git ls-files 'db/migrations/versions/*.py' | wc -l) Alembic revisions"

measure() {  # measure LABEL COMMAND...: prints the medians, sets $wall
	local cpu
	read -r wall cpu < <(time_medians "${@:2}")
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
