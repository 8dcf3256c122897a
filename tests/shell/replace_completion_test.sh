#!/usr/bin/env bash
# Completions of git migrate-replace in the real shells: bash (through git's
# completion and for the dashed executable), zsh (compinit, git user-command)
# and fish (complete -C). Also checks that every option the long help lists
# is in the man page and in each completion file.
# Usage: bash replace_completion_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
source "$2/tests/shell/lib.sh"
shell_lib_init "$1" "$2"

exe="$SHELL_LIB_BUILD/cmd/git-migrate-replace"
[[ -x $exe ]] || { echo "missing $exe"; exit 1; }

# A repository with local branches, a tag and a remote-tracking branch.
repo="$SHELL_LIB_TMP/repo"
git init -q "$repo" && cd "$repo" || exit 1
mkdir -p model_migration "docs dir"
echo 'x' >model_migration/moves.toml
echo 'y' >"docs dir/a.md"
git add -A && git commit -q -m base
git branch chore/models-migrations-demo
git branch chore/models-migrations-demo-fresh
git tag v1
git update-ref refs/remotes/origin/master HEAD

options=(--color= --deletion-threshold= --dry-run --exclude= --help --message= --no-progress --progress --undo --version)
refs=(HEAD chore/models-migrations-demo chore/models-migrations-demo-fresh master origin/master v1)
heads=(chore/models-migrations-demo chore/models-migrations-demo-fresh master)
paths=("docs dir" "docs dir/a.md" model_migration model_migration/moves.toml)

# --- bash: `git migrate-replace` goes through git's completion, which loads
# completions/bash/git-migrate-replace on demand; the dashed form too.
for cmd in "git migrate-replace" "git-migrate-replace"; do
	expect_candidates bash "$cmd --" "${options[@]}"
	expect_candidates bash "$cmd --d" --deletion-threshold= --dry-run
	expect_candidates bash "$cmd --color=" always auto never
	expect_candidates bash "$cmd --color=n" never
	expect_candidates bash "$cmd " "${refs[@]}"
	expect_candidates bash "$cmd chore/models-migrations-demo-f" chore/models-migrations-demo-fresh
	expect_candidates bash "$cmd chore/models-migrations-demo-fresh " "${heads[@]}"
	expect_candidates bash "$cmd -n --exclude x chore/models-migrations-demo-fresh " "${heads[@]}"
	expect_candidates bash "$cmd chore/models-migrations-demo-fresh master " ""
	expect_candidates bash "$cmd --undo " "${heads[@]}"
	expect_candidates bash "$cmd --undo master " ""
	expect_candidates bash "$cmd -m " ""
	expect_candidates bash "$cmd --exclude model" model_migration model_migration/moves.toml
done

# --- zsh: the #compdef file for the dashed name, and `git migrate-replace`
# as a git user-command (lib.sh sets the user-commands style).
zsh_options=(--color --deletion-threshold --dry-run --exclude --help --message --no-progress --progress --undo
	--version)
zsh_refs=(chore/models-migrations-demo chore/models-migrations-demo-fresh master origin/master v1)
for cmd in "git migrate-replace" "git-migrate-replace"; do
	expect_candidates zsh "$cmd --" "${zsh_options[@]}"
	expect_candidates zsh "$cmd --color=" --color=always --color=auto --color=never
	expect_candidates zsh "$cmd " "${zsh_refs[@]}"
	expect_candidates zsh "$cmd chore/models-migrations-demo-f" chore/models-migrations-demo-fresh
	expect_candidates zsh "$cmd chore/models-migrations-demo-fresh " "${heads[@]}"
	expect_candidates zsh "$cmd --undo " "${heads[@]}"
	expect_candidates zsh "$cmd --exclude=model" --exclude=model_migration --exclude=model_migration/moves.toml
done
expect_candidates zsh "git migrate-r" migrate-replace

# --- fish: completions for the dashed executable.
fish_options=(--color --deletion-threshold --dry-run --exclude --help --message --no-progress --progress --undo
	--version)
expect_candidates fish "git-migrate-replace --" "${fish_options[@]}"
expect_candidates fish "git-migrate-replace --color=" --color=always --color=auto --color=never
expect_candidates fish "git-migrate-replace " "${zsh_refs[@]}"
expect_candidates fish "git-migrate-replace chore/models-migrations-demo-fresh " "${heads[@]}"
expect_candidates fish "git-migrate-replace chore/models-migrations-demo-fresh master " ""
expect_candidates fish "git-migrate-replace --undo " "${heads[@]}"
expect_candidates fish "git-migrate-replace --exclude model" model_migration model_migration/moves.toml
# fish hands `git migrate-replace ...` to the dashed completions from 3.7 on;
# 3.6's git.fish registers custom commands under their dashed name and never
# matches them, so the git form is checked only where fish can do it.
if fish -c 'exit (string match -qr "^3\.[0-6]\." $version; and echo 1; or echo 0)'; then
	expect_candidates fish "git migrate-replace --" "${fish_options[@]}"
	expect_candidates fish "git migrate-replace " "${zsh_refs[@]}"
else
	echo "note: fish $(fish -c 'echo $version') cannot hand 'git migrate-replace' to custom completions; dashed form checked"
fi

# --- every option of the long help is in the man page and the completions.
help_options=$("$exe" --help | sed -n '/^Options:/,/^$/p' | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u)
check "the long help lists options" test -n "$help_options"
man_text=$(sed 's/\\-/-/g' "$SHELL_LIB_SOURCE/man/git-migrate-replace.1")
for opt in $help_options; do
	check "man page documents $opt" grep -qe "$opt" <<<"$man_text"
	long=${opt#--}
	if [[ $opt == --* ]]; then
		check "bash completes $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/bash/git-migrate-replace"
		check "zsh completes $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/zsh/_git-migrate-replace"
		check "fish completes $opt" grep -qe "-l $long" "$SHELL_LIB_SOURCE/completions/fish/git-migrate-replace.fish"
	else
		check "zsh completes $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/zsh/_git-migrate-replace"
		check "fish completes $opt" grep -qe "-s ${opt#-}" "$SHELL_LIB_SOURCE/completions/fish/git-migrate-replace.fish"
	fi
done

# --- the man page renders without warnings and has every section and key.
man_page="$SHELL_LIB_SOURCE/man/git-migrate-replace.1"
man_err=$(MANWIDTH=80 man --warnings -l "$man_page" 2>&1 >/dev/null)
check "man page renders without warnings: $man_err" test -z "$man_err"
rendered=$(MANWIDTH=80 man -l "$man_page" 2>/dev/null)
for section in NAME SYNOPSIS DESCRIPTION OPTIONS CONFIGURATION "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
	check "man page section $section" grep -qx "$section" <<<"$rendered"
done
for key in exclude replace.message deletion_threshold migrate.exclude migrate.replace.message migrate.deletionThreshold; do
	check "man page documents configuration key $key" grep -qw -e "$key" <<<"$rendered"
done

finish
