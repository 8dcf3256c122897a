#!/usr/bin/env bash
# Benchmark of `git migrate-fresh rewrite` (issue 3, "Speed and memory"), in
# the shared benchmark repository (bench/make_repo.py: >= 5,000 files,
# ~32 MB of Python, ~2% of the files import the package that moves).
#
# The package moves with `git mv` as in the workflow, the moves file comes
# from the baseline branch, and then, each from the same starting state:
#   1. `git migrate-fresh rewrite` (all cores; prefiltered), against
#      `git grep -l <last segment>` over the same tree, the floor of reading
#      the files; the ratio is the first figure (target: within 3x);
#   2. every Python file forced through the parser (hidden
#      --debug-parse-all, nothing written) on one thread and on all cores:
#      MB of Python parsed per second per core (target: >= 25 MB/s);
#   3. the floor under both figures: the tree-sitter runtime alone
#      (bench/parse_floor.cc, built here) parsing every Python file on one
#      thread, and parsing only the files the rewrite changes on all cores.
# Also the peak resident memory of one rewrite run (GNU time when present).
# Prints medians over RUNS runs (default 9, after one warm-up).
#
# Usage: bench/rewrite.sh BUILD_DIR [RUNS]
set -euo pipefail

source "$(dirname "$0")/lib.sh"
build=${1:?usage: bench/rewrite.sh BUILD_DIR [RUNS]}
runs=${2:-9}
bench_exe bench/rewrite.sh "$build" git-migrate-fresh
cmake --build "$build" --target bench-parse-floor >/dev/null
floor=$(cd "$build" && pwd)/bench/bench-parse-floor
bench_tmp rewrite
bench_fixed_dates
bench_make_repo make_repo.py >/dev/null
product=error_tracking
git show chore/model-migration-baseline:model_migration/moves.toml > "$tmp/moves.toml"
mkdir -p products/$product
git mv posthog/models/$product products/$product/backend
git commit -qm "move $product"
py_files=$(git ls-files '*.py' | wc -l)
py_bytes=$(git ls-files -z '*.py' | xargs -0 cat | wc -c)
cores=$(nproc)

# median_of CMD...: runs CMD once to warm up, then RUNS times, resetting the
# worktree before each; prints the median wall time in seconds.
median_of() {
  local times=()
  for ((i = 0; i <= runs; i++)); do
    git reset -q --hard HEAD
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || [[ $? -le 1 ]]
    t1=$(date +%s.%N)
    ((i == 0)) || times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%.4f\n' "$(printf '%s\n' "${times[@]}" | median)"
}

echo "repository: $py_files Python files, $(echo "scale=1; $py_bytes / 1000000" | bc) MB of Python; $cores cores; $runs runs"
"$exe" rewrite --moves "$tmp/moves.toml" | tail -1
git reset -q --hard HEAD

t_rewrite=$(median_of "$exe" rewrite --moves "$tmp/moves.toml")
t_grep=$(median_of git grep -l $product)
printf 'rewrite (prefiltered, all cores)   %8.3f s\n' "$t_rewrite"
printf 'git grep -l %-22s %8.3f s\n' "$product" "$t_grep"
printf 'ratio rewrite / git grep            %8.2f x   (target <= 3)\n' "$(echo "$t_rewrite / $t_grep" | bc -l)"

t_parse1=$(median_of "$exe" rewrite --moves "$tmp/moves.toml" --debug-parse-all --debug-threads 1)
t_parseN=$(median_of "$exe" rewrite --moves "$tmp/moves.toml" --debug-parse-all)
printf 'forced parse, 1 thread              %8.3f s  %7.1f MB/s per core  (target >= 25)\n' \
  "$t_parse1" "$(echo "$py_bytes / 1000000 / $t_parse1" | bc -l)"
printf 'forced parse, %d threads             %8.3f s  %7.1f MB/s per core\n' \
  "$cores" "$t_parseN" "$(echo "$py_bytes / 1000000 / $t_parseN / $cores" | bc -l)"

# The floor: tree-sitter alone, no rewriting, files already in memory.
git ls-files '*.py' > "$tmp/all.txt"
"$exe" rewrite --moves "$tmp/moves.toml" >/dev/null || true
git diff --name-only > "$tmp/changed.txt"
git reset -q --hard HEAD
read -r _ _ _ _ f_all _ all_rate _ <<<"$("$floor" 1 "$runs" < "$tmp/all.txt")"
read -r n_changed _ changed_bytes _ f_changed _ <<<"$("$floor" "$cores" "$runs" < "$tmp/changed.txt")"
printf 'tree-sitter alone, every file, 1 thread %6.3f s  %7.1f MB/s per core  (the ceiling of the forced parse)\n' \
  "$f_all" "$all_rate"
printf 'tree-sitter alone, the %d changed files (%.1f MB), %d threads %6.3f s = %.2f x git grep (the floor of any parsing rewrite)\n' \
  "$n_changed" "$(echo "$changed_bytes / 1000000" | bc -l)" "$cores" "$f_changed" "$(echo "$f_changed / $t_grep" | bc -l)"

if [[ -x /usr/bin/time ]]; then
  git reset -q --hard HEAD
  rss=$(/usr/bin/time -f %M "$exe" rewrite --moves "$tmp/moves.toml" 2>&1 >/dev/null | tail -1)
  echo "peak resident memory of a rewrite run: $((rss / 1024)) MB"
fi
