# Shell tests' hermetic environment and whole-value checks (the shell side of
# tests/harness/sandbox.h), for tests/package, tests/hooks and tests/sarif.
#
#   source tests/harness/hermetic.sh
#   hermetic_init BUILD_DIR NAME   # cd to $tmp (removed at exit), private HOME and
#                                  # git config, fixed identities and dates,
#                                  # PATH starting with BUILD_DIR/cmd
#   check "what" "$expected" "$actual"   # whole values; a diff when they differ
#   finish                         # "N passed, M failed"; exit status

hermetic_init() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_CACHE_HOME="$tmp/home/.cache"
	export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 TZ=UTC TERM=dumb NO_COLOR=1
	export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL=author@example.com
	export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL=committer@example.com
	export GIT_AUTHOR_DATE="@1112911993 +0000" GIT_COMMITTER_DATE="@1112911993 +0000"
	export PATH="$1/cmd:/usr/local/bin:/usr/bin:/bin"
	mkdir -p "$XDG_CONFIG_HOME"
	cd "$tmp"  # outside any repository, the source tree's included
	git config --global init.defaultBranch master
	git config --global advice.detachedHead false
	hermetic_checks=0 hermetic_failures=0
}

check() {
	hermetic_checks=$((hermetic_checks + 1))
	if [[ "$2" != "$3" ]]; then
		hermetic_failures=$((hermetic_failures + 1))
		echo "FAIL: $1"
		diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/    /' || true
	fi
}

finish() {
	echo "$((hermetic_checks - hermetic_failures)) passed, $hermetic_failures failed"
	((hermetic_failures == 0))
}
