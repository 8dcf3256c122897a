#!/usr/bin/env bash
# The Debian package (cmake/Package.cmake): builds it with CPack from the
# build tree into a temporary directory, compares its whole file list and its
# dependencies with the expected ones (deb_contents.txt, deb_depends.txt),
# unpacks it with dpkg -x into a temporary root and runs the executables from
# there, through git as a user would, finds the man pages and the completions
# where Debian's man, bash-completion and zsh look, and runs lintian, which
# must report no error.
#
#   bash tests/package/deb_test.sh BUILD_DIR SOURCE_DIR
#
# Exit 77 (ctest: skipped) when the Debian packaging tools are missing.
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
here="$source_dir/tests/package"

for tool in cpack dpkg-deb dpkg-shlibdeps lintian; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed (scripts/setup installs dpkg-dev and lintian)"
		exit 77
	fi
done

source "$source_dir/tests/harness/hermetic.sh"
hermetic_init "$build" deb-test
export LC_ALL=C  # the file list's sort order

if ! (cd "$build" && cpack --config CPackConfig.cmake -G DEB -B "$tmp/out") >"$tmp/cpack.log" 2>&1; then
	cat "$tmp/cpack.log"
	echo "FAIL: cpack could not build the package"
	exit 1
fi
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
arch=$(dpkg --print-architecture)
deb="$tmp/out/git-migrate_${version}_${arch}.deb"
check "package file name" "$deb" "$(ls "$tmp"/out/*.deb)"

# The whole file list: mode, owner and path of every entry.
check "file list (tests/package/deb_contents.txt)" "$(cat "$here/deb_contents.txt")" \
	"$(dpkg-deb -c "$deb" | awk '{print $1, $2, $6}' | sort -k3)"

# Depends: git, and the library packages dpkg-shlibdeps found, each with the
# minimum version it computed.
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends package names (tests/package/deb_depends.txt)" "$(cat "$here/deb_depends.txt")" \
	"$(sed 's/, /\n/g' <<<"$depends" | sed 's/ (.*//' | sort)"
check "Depends: every library with a version from dpkg-shlibdeps" "" \
	"$(sed 's/, /\n/g' <<<"$depends" | grep -v '^git$' | grep -v ' (>= [^)]*)$' || true)"
check "Package, Version, Architecture, Section" "git-migrate $version $arch vcs" \
	"$(dpkg-deb -f "$deb" Package Version Architecture Section | sed 's/^[^:]*: //' | tr '\n' ' ' | sed 's/ $//')"

# Installed into a temporary root, the executables run from there.
root="$tmp/root"
dpkg -x "$deb" "$root"
export PATH="$root/usr/bin:/usr/bin:/bin"
for cmd in fresh replace check; do
	check "git migrate-$cmd --version" "git-migrate-$cmd $version" "$(git "migrate-$cmd" --version 2>&1)"
	check "git-migrate-$cmd --help from the package = from the build tree" \
		"$("$build/cmd/git-migrate-$cmd" --help 2>&1)" "$("$root/usr/bin/git-migrate-$cmd" --help 2>&1)"
	check "git-migrate-$cmd -h usage line" "Usage: git migrate-$cmd" \
		"$("$root/usr/bin/git-migrate-$cmd" -h 2>&1 | grep -o '^Usage: git migrate-[a-z]*')"
	# man finds the compressed page where the package puts it.
	check "man -w git-migrate-$cmd" "$root/usr/share/man/man1/git-migrate-$cmd.1.gz" \
		"$(MANPATH="$root/usr/share/man" man -w "git-migrate-$cmd" 2>&1)"
	# bash-completion loads the package's file through XDG_DATA_DIRS.
	check "bash-completion loads _git_migrate_$cmd" "_git_migrate_$cmd" \
		"$(XDG_DATA_DIRS="$root/usr/share" bash --norc -c \
			'source /usr/share/bash-completion/bash_completion; __load_completion git-migrate-'"$cmd"'; declare -F _git_migrate_'"$cmd" 2>&1)"
done
check "man -w 7 git-migrate" "$root/usr/share/man/man7/git-migrate.7.gz" \
	"$(MANPATH="$root/usr/share/man" man -w 7 git-migrate 2>&1)"
if command -v zsh >/dev/null; then
	# Debian's zsh has /usr/share/zsh/vendor-completions on its $fpath.
	check "zsh vendor-completions is on Debian's fpath" "/usr/share/zsh/vendor-completions" \
		"$(zsh -fc 'print -l $fpath' | grep -x /usr/share/zsh/vendor-completions)"
fi
# The grammar is linked in: the package needs no tree-sitter-python file.
check "no grammar library outside the executables" "" \
	"$(cd "$root" && find . -name '*tree-sitter-python*' -o -name '*.so*' | sort)"

# lintian: no error (warnings and notes are printed, not fatal).
lintian_out=$(lintian --fail-on error "$deb" 2>&1) && lintian_rc=0 || lintian_rc=$?
lintian_out=$(grep -v 'running with root privileges' <<<"$lintian_out" || true)
[[ -n $lintian_out ]] && printf 'lintian:\n%s\n' "$lintian_out"
check "lintian exit status (0: no error)" 0 "$lintian_rc"

finish
