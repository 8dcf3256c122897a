# Shared setup of the benchmark scripts (sourced, not run): the hermetic
# temporary directory and git identity, the executable under test, building
# a benchmark repository, and medians of timings.
# shellcheck shell=bash

# The source tree (the parent of bench/).
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# bench_exe SCRIPT BUILD_DIR TOOL: sets $exe to BUILD_DIR/cmd/TOOL, exits if it
# was not built.
bench_exe() {
	exe=$(cd "$2" && pwd)/cmd/$3
	[[ -x $exe ]] || { echo "$1: build first (missing $exe)" >&2; exit 1; }
}

# bench_options SCRIPT TOOL ARGS...: parses "[BUILD_DIR] [--runs N]
# [--files N]" into $build (default: build/ of the source tree), $runs (10)
# and $files (5200), then sets $exe with bench_exe and checks that hyperfine
# is installed.
bench_options() {
	local script=$1 tool=$2
	shift 2
	build=$src/build
	runs=10
	files=5200
	while (($#)); do
		case "$1" in
		--runs) runs=$2; shift 2 ;;
		--files) files=$2; shift 2 ;;
		*) build=$1; shift ;;
		esac
	done
	bench_exe "$script" "$build" "$tool"
	command -v hyperfine >/dev/null || { echo "$script: needs hyperfine (scripts/setup --bench)" >&2; exit 1; }
}

# bench_tmp NAME [USER_NAME]: creates $tmp (removed on exit) and makes git
# hermetic: HOME in $tmp, no system config, C locale, UTC, the given
# committer name (default "Bench").
bench_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-$1.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home" LC_ALL=C TZ=UTC
	mkdir -p "$HOME"
	git config --global user.name "${2:-Bench}"
	git config --global user.email bench@example.com
}

# bench_fixed_dates: the commits made during the benchmark get fixed dates.
bench_fixed_dates() {
	export GIT_AUTHOR_DATE="@1700000000 +0000" GIT_COMMITTER_DATE="@1700000000 +0000"
}

# bench_make_repo GENERATOR [ARGS...]: builds $tmp/repo with bench/GENERATOR
# (make_repo.py or graph_make_repo.py), sets $repo and changes into it.
bench_make_repo() {
	repo="$tmp/repo"
	python3 "$src/bench/$1" "$repo" "${@:2}"
	cd "$repo" || exit
}

# median: the median of the numbers read one a line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# time_ms COMMAND...: "WALL CPU" milliseconds (CPU: user + system) of one run
# of COMMAND (its output discarded, its status ignored; its stdin is
# $time_ms_stdin when set, else inherited). The machine may be shared: CPU
# time shows the work done, wall time what a user waits. GNU time writes
# "Command exited with non-zero status N" before its figures when COMMAND
# fails (a check that reports findings exits 1), so only its last line is
# read.
time_ms() {
	if [[ -v time_ms_stdin ]]; then
		/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" <<<"$time_ms_stdin" >/dev/null 2>&1 || true
	else
		/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
	fi
	tail -n 1 "$tmp/time" | awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }'
}

# medians: reads "WALL CPU" lines, prints "WALL_MEDIAN CPU_MEDIAN".
medians() {
	local all
	all=$(cat)
	echo "$(cut -d' ' -f1 <<<"$all" | median) $(cut -d' ' -f2 <<<"$all" | median)"
}

# time_medians COMMAND...: two warm-ups, then $runs timed runs of COMMAND;
# prints "WALL_MEDIAN CPU_MEDIAN" in milliseconds.
time_medians() {
	for _ in 1 2; do time_ms "$@" >/dev/null; done
	for _ in $(seq "$runs"); do time_ms "$@"; done | medians
}

# bench_hyperfine WIDTH LABEL TAIL NAME COMMAND [NAME COMMAND]...: times the
# commands with hyperfine (2 warm-ups, $runs runs, $reset before each; its
# report on stderr), then prints the median of the first as
# "median LABEL  N ms TAIL" and of each other with the ratio of the first to
# it, labels padded to WIDTH; with each, the mean CPU time (user + system,
# all threads) and its ratio, which a loaded machine distorts less than wall
# time.
bench_hyperfine() {
	local width=$1 label=$2 tail=$3 args=()
	shift 3
	while (($#)); do args+=(-n "$1" "$2"); shift 2; done
	hyperfine --style basic --warmup 2 --runs "$runs" --prepare "$reset" --export-json "$tmp/times.json" \
		"${args[@]}" >&2
	python3 - "$tmp/times.json" "$width" "$label" "$tail" <<'PY'
import json, statistics, sys
path, width, label, tail = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
runs = json.load(open(path))["results"]
# hyperfine 1.15 exports user and system time as means over the runs.
medians = [(r["command"], statistics.median(r["times"]), r["user"] + r["system"]) for r in runs]
ours, ours_cpu = medians[0][1], medians[0][2]
print(f"median {label:<{width}} {ours * 1000:8.1f} ms  (mean CPU {ours_cpu * 1000:7.1f} ms){tail}")
for name, t, cpu in medians[1:]:
    print(f"median {name:<{width}} {t * 1000:8.1f} ms  (mean CPU {cpu * 1000:7.1f} ms)   ratio {ours / t:.2f} (CPU {ours_cpu / cpu:.2f})")
PY
}
