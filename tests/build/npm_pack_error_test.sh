#!/usr/bin/env bash
# When `npm pack` of the grammar fails at configure time (cmake/Grammar.cmake),
# CMake's error carries npm's own reason. npm is pointed at a closed port on
# loopback with an empty cache, so the fetch fails at once, offline.
#
#   bash tests/build/npm_pack_error_test.sh SOURCE_DIR
set -euo pipefail
source_dir=$(cd "$1" && pwd)
if ! command -v npm >/dev/null; then
	echo "SKIP: npm is not installed"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/npm-pack-error.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export npm_config_registry=http://127.0.0.1:9/ npm_config_cache="$tmp/npm-cache"
export npm_config_fetch_retries=0 npm_config_offline=false npm_config_prefer_offline=false
export HOME="$tmp/home"
mkdir -p "$HOME"
if cmake -S "$source_dir" -B "$tmp/build" -DGIT_MIGRATE_TESTS=OFF >"$tmp/out" 2>&1; then
	echo "FAIL: configure succeeded although the registry is unreachable"
	exit 1
fi
status=0
expect() {  # expect ERE: a line of the configure output matches
	if grep -qE -- "$1" "$tmp/out"; then
		echo "ok: $1"
	else
		echo "FAIL: the configure error lacks: $1"
		status=1
	fi
}
expect "npm pack tree-sitter-python@0\.23\.6 failed \(exit 1\)"
# npm 9 (Debian 12) writes "npm ERR! code ...", npm 10 and later "npm error code ...".
expect "npm (ERR!|error) code ECONNREFUSED"
expect "-DTSPY_TARBALL_INPUT=<path to the \.tgz>"
((status == 0)) || cat "$tmp/out"
exit $status
