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

source "$(dirname "$0")/lib.sh"
build=${1:?usage: bench/check.sh BUILD_DIR [RUNS]}
runs=${2:-15}
bench_exe bench/check.sh "$build" git-migrate-check
bench_tmp check
bench_fixed_dates
bench_make_repo make_repo.py >/dev/null
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

run_case() {  # run_case BRANCH DESCRIPTION
	local tip time_ms_stdin check check_cpu diffm diff_cpu
	tip=$(git rev-parse "$1")
	# git's pre-push line, the stdin of every timed run.
	time_ms_stdin="refs/heads/$1 $tip refs/heads/$1 0000000000000000000000000000000000000000"
	echo "== $2: $(git diff --name-only "$base" "$tip" | wc -l) files changed in 1 commit"
	{ "$exe" --pre-push origin "$tmp/remote.git" <<<"$time_ms_stdin" || true; } | tail -1
	read -r check check_cpu < <(time_medians "$exe" --pre-push origin "$tmp/remote.git")
	read -r diffm diff_cpu < <(time_medians git diff --numstat -M "$base" "$tip")
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
