#!/usr/bin/env bash
# Benchmark of git-migrate-check as a pre-push hook (issue 5, "Speed"): in the
# shared benchmark repository (bench/make_repo.py, >= 5,000 files), the push
# of a new branch whose single commit changes 200 Python files, audited with
# `git-migrate-check --pre-push origin <url>` reading git's pre-push line on
# stdin. The baseline branch carries model_migration/moves.toml, so the
# stale-import rule looks for a moves file as it would in the workflow.
#
# Two commits: an import rewrite (an import line changed and a function
# appended in each file: the line-diff prefilter of vanished-definition lets
# such files go unparsed), and a worst case where a function or method is
# inserted in the middle of every file, so that both versions of all 200
# files are parsed. A third
# case pushes the benchmark's fresh migration branch, where stale-import
# scans the whole final tree (not the 200-file scenario; shown for scale).
#
# Prints, per case, the median wall time over RUNS runs (default 15, after 2
# warm-ups) and, as the floor of the same diff work done by git itself, the
# median of `git diff --numstat -M <base> <tip>`, with the ratio.
#
# Usage: bench/check.sh BUILD_DIR [RUNS]
set -euo pipefail

build=$(cd "${1:?usage: bench/check.sh BUILD_DIR [RUNS]}" && pwd)
runs=${2:-15}
src=$(cd "$(dirname "$0")/.." && pwd)
exe="$build/cmd/git-migrate-check"
[[ -x $exe ]] || { echo "missing $exe (build first)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home" LC_ALL=C TZ=UTC
mkdir -p "$HOME"
git config --global user.name Bench
git config --global user.email bench@example.com
export GIT_AUTHOR_DATE="@1700000000 +0000" GIT_COMMITTER_DATE="@1700000000 +0000"

repo="$tmp/repo"
python3 "$src/bench/make_repo.py" "$repo" >/dev/null
cd "$repo"
echo "repository: $(git ls-files | wc -l) files on master, $(git ls-files '*.py' | wc -l) Python"

# The remote already has master (tracking ref); each pushed branch is new.
git update-ref refs/remotes/origin/master master

# make_branch NAME MODE: a branch from master with one commit changing 200
# Python modules (not migrations, not __init__). MODE "imports": what an
# import rewrite does, an import line rewritten and a function appended.
# MODE "defs": a function or method inserted in the middle of every module
# as well, so that both versions of every file must be parsed (the worst
# case).
make_branch() {
	git checkout -q -b "$1" master
	MODE=$2 python3 - <<'PY'
import os, pathlib, re, subprocess
files = [p for p in subprocess.run(["git", "ls-files", "*.py"], capture_output=True, text=True,
                                   check=True).stdout.split()
         if "/migrations/" not in p and not p.endswith("__init__.py")][:200]
assert len(files) == 200, len(files)
for p in files:
    path = pathlib.Path(p)
    text = path.read_text()
    if "from posthog." in text:
        text = text.replace("from posthog.", "from posthog_core.", 1)
    else:
        text = "import posthog_core\n" + text
    if os.environ["MODE"] == "defs":
        # A new function or method inserted before the module's last def.
        lines = text.split("\n")
        for i in range(len(lines) - 1, -1, -1):
            m = re.match(r"^(\s*)def \w", lines[i])
            if m:
                ind = m.group(1)
                lines[i:i] = [ind + "def bench_inserted(*args):", ind + "    return args", ""]
                break
        else:
            raise SystemExit(f"no def in {p}")
        text = "\n".join(lines)
    text += "\n\ndef bench_added_helper():\n    return 1\n"
    path.write_text(text)
PY
	git commit -q -am "rewrite 200 modules ($2)"
}
make_branch imports imports
make_branch defs defs
base=$(git rev-parse master)

# Wall and CPU (user + system) milliseconds of "$@", stdin from $line (set by
# run_case): "WALL CPU". The machine may be shared: CPU time shows the work
# done, wall time what a user waits.
time_ms() {
	/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" <<<"$line" >/dev/null 2>&1 || true
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$tmp/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
medians() {  # reads "WALL CPU" lines, prints "WALL_MEDIAN CPU_MEDIAN"
	local all
	all=$(cat)
	echo "$(cut -d' ' -f1 <<<"$all" | median) $(cut -d' ' -f2 <<<"$all" | median)"
}

run_case() {  # run_case BRANCH DESCRIPTION
	local tip line check check_cpu diffm diff_cpu
	tip=$(git rev-parse "$1")
	line="refs/heads/$1 $tip refs/heads/$1 0000000000000000000000000000000000000000"
	echo "== $2: $(git diff --name-only "$base" "$tip" | wc -l) files changed in 1 commit"
	{ "$exe" --pre-push origin "$tmp/remote.git" <<<"$line" || true; } | tail -1
	for _ in 1 2; do time_ms "$exe" --pre-push origin "$tmp/remote.git" >/dev/null; done
	read -r check check_cpu < <(for _ in $(seq "$runs"); do time_ms "$exe" --pre-push origin "$tmp/remote.git"; done | medians)
	for _ in 1 2; do time_ms git diff --numstat -M "$base" "$tip" >/dev/null; done
	read -r diffm diff_cpu < <(for _ in $(seq "$runs"); do time_ms git diff --numstat -M "$base" "$tip"; done | medians)
	echo "git-migrate-check --pre-push: median ${check} ms wall, ${check_cpu} ms CPU over $runs runs (target < 300 ms wall)"
	echo "git diff --numstat -M (same range, the floor): median ${diffm} ms wall, ${diff_cpu} ms CPU"
	awk -v a="$check" -v b="$diffm" 'BEGIN { if (b > 0) printf "ratio check / git diff (wall): %.1fx\n", a / b }'
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
run_case imports "import rewrite"
run_case defs "worst case, every file parsed"
# The migration itself: the fresh branch of make_repo.py (the package moved,
# importers rewritten, model_migration/ still in the tree). Its moves are
# applied, so stale-import reads every Python file of the final tree.
run_case chore/models-migrations-error_tracking-fresh "the fresh migration branch, stale-import scanning the tree"
