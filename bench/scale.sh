#!/usr/bin/env bash
# How each command's cost grows with the repository (issue 11: "the cost must
# grow linearly"): bench/make_repo.py at several sizes, and at each size every
# flow of bench/real_repo.sh (pre-push, check of a range, rewrite, replace,
# fresh end to end) against its floor in the same run.
#
#   bench/scale.sh [BUILD_DIR] [--sizes "5000 20000 50000"] [--runs N]
#
# The product moved is make_repo.py's (posthog/models/error_tracking to
# products/error_tracking/backend). Prints, per size, real_repo.sh's median
# lines; then one table: each command's median wall and CPU time per size,
# and the CPU time per 1,000 files, which stays flat when the cost is linear.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sizes="5000 20000 50000"
runs=3
build=$src/build
while (($#)); do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	*) build=$1; shift ;;
	esac
done
bench_tmp scale
out=$tmp/out
mkdir -p "$out"
for n in $sizes; do
	echo "building the generated repository with $n files..." >&2
	python3 "$src/bench/make_repo.py" "$tmp/gen-$n" --files "$n" >/dev/null
	"$src/bench/real_repo.sh" "$tmp/gen-$n" posthog/models/error_tracking products/error_tracking/backend "$build" \
		--runs "$runs" --deleted-mb "" 2>"$out/$n.err" | tee "$out/$n.out"
	rm -rf "$tmp/gen-$n"
done

# One row per command: its median (and mean CPU) at each size, and the CPU
# per 1,000 files.
python3 - "$out" $sizes <<'PY'
import re, sys
out, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
rows = {}
for n in sizes:
    for line in open(f"{out}/{n}.out"):
        m = re.match(r"median (.+?)\s+([\d.]+) ms(?:\s+\(mean CPU\s+([\d.]+) ms\))?", line)
        if not m or m.group(1).startswith(("git grep", "recipe", "python3")):
            continue
        rows.setdefault(m.group(1).strip(), {})[n] = (float(m.group(2)), float(m.group(3) or 0))
head = "".join(f" | {n:>6} files wall / CPU" for n in sizes)
print(f"\n{'command':<28}{head} | CPU ms per 1,000 files")
for name, by in rows.items():
    cells = "".join(f" | {by[n][0]:>9.0f} / {by[n][1]:>7.0f} ms" if n in by else " | " + " " * 23 for n in sizes)
    per = ", ".join(f"{by[n][1] / n * 1000:.1f}" for n in sizes if n in by and by[n][1])
    print(f"{name:<28}{cells} | {per}")
PY
