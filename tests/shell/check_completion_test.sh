#!/usr/bin/env bash
# Completions of git migrate-check in the real shells: bash (through git's
# completion and for the dashed executable), zsh (compinit, git user-command)
# and fish (complete -C). Also checks that every option of the long help is
# in the man page and in each completion file.
# Usage: bash check_completion_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
source "$2/tests/shell/lib.sh"
shell_lib_init "$1" "$2"

exe="$SHELL_LIB_BUILD/cmd/git-migrate-check"
[[ -x $exe ]] || { echo "missing $exe"; exit 1; }

# A repository with branches, a tag, a remote and a remote-tracking branch.
repo="$SHELL_LIB_TMP/repo"
git init -q "$repo" && cd "$repo" || exit 1
mkdir -p model_migration tools
echo 'x' >model_migration/moves.toml
echo 'y' >tools/run.sh
git add -A && git commit -q -m base
git branch chore/models-migrations-demo
git tag v1
git remote add origin https://example.com/repo.git
git update-ref refs/remotes/origin/master HEAD

options=(--artifact-pattern= --baseline= --color= --deletion-threshold= --exclude= --format= --help
	--install-hook --main= --moves= --no-progress --pre-push --progress --rules --uninstall-hook --version
	--warn-only --worktree)
refs=(HEAD chore/models-migrations-demo master origin/master v1)

# --- bash: `git migrate-check` goes through git's completion, which loads
# completions/bash/git-migrate-check on demand; the dashed form too.
for cmd in "git migrate-check" "git-migrate-check"; do
	expect_candidates bash "$cmd --" "${options[@]}"
	expect_candidates bash "$cmd --f" --format=
	expect_candidates bash "$cmd --format=" json sarif text
	expect_candidates bash "$cmd --format=s" sarif
	expect_candidates bash "$cmd --color=" always auto never
	expect_candidates bash "$cmd --format " json sarif text
	expect_candidates bash "$cmd --pre-push " origin
	expect_candidates bash "$cmd --pre-push origin " ""
	expect_candidates bash "$cmd --rules " ""
	expect_candidates bash "$cmd " "${refs[@]}"
	expect_candidates bash "$cmd chore/models-migrations-d" chore/models-migrations-demo
	expect_candidates bash "$cmd master..or" master..origin/master
	expect_candidates bash "$cmd --main " "${refs[@]}"
	expect_candidates bash "$cmd --exclude too" tools tools/run.sh
	expect_candidates bash "$cmd --moves model_migration/m" model_migration/moves.toml
	expect_candidates bash "$cmd --deletion-threshold " ""
done

# --- zsh: the #compdef file for the dashed name, and `git migrate-check` as
# a git user-command (lib.sh sets the user-commands style).
zsh_options=(--artifact-pattern --baseline --color --deletion-threshold --exclude --format --help
	--install-hook --main --moves --no-progress --pre-push --progress --rules --uninstall-hook --version
	--warn-only --worktree)
zsh_refs=(chore/models-migrations-demo master origin/master v1)
for cmd in "git migrate-check" "git-migrate-check"; do
	expect_candidates zsh "$cmd --" "${zsh_options[@]}"
	expect_candidates zsh "$cmd --format=" --format=json --format=sarif --format=text
	expect_candidates zsh "$cmd --color=n" --color=never
	expect_candidates zsh "$cmd --pre-push " origin
	expect_candidates zsh "$cmd " "${zsh_refs[@]}"
	expect_candidates zsh "$cmd master..or" master..origin/master
	expect_candidates zsh "$cmd --exclude=too" --exclude=tools --exclude=tools/run.sh
done
expect_candidates zsh "git migrate-ch" migrate-check

# --- fish: completions for the dashed executable.
fish_options=(--artifact-pattern --baseline --color --deletion-threshold --exclude --format --help
	--install-hook --main --moves --no-progress --pre-push --progress --rules --uninstall-hook --version
	--warn-only --worktree)
expect_candidates fish "git-migrate-check --" "${fish_options[@]}"
expect_candidates fish "git-migrate-check --format=" --format=json --format=sarif --format=text
expect_candidates fish "git-migrate-check --pre-push " origin
expect_candidates fish "git-migrate-check " "${zsh_refs[@]}"
expect_candidates fish "git-migrate-check master " ""
expect_candidates fish "git-migrate-check --exclude too" tools tools/run.sh
# fish hands `git migrate-check ...` to the dashed completions from 3.7 on;
# 3.6's git.fish never matches custom commands, so the git form is checked
# only where fish can do it.
if fish -c 'exit (string match -qr "^3\.[0-6]\." $version; and echo 1; or echo 0)'; then
	expect_candidates fish "git migrate-check --" "${fish_options[@]}"
	expect_candidates fish "git migrate-check " "${zsh_refs[@]}"
else
	echo "note: fish $(fish -c 'echo $version') cannot hand 'git migrate-check' to custom completions; dashed form checked"
fi

# --- every option of the long help is in the man page and the completions.
help_options=$("$exe" --help | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u)
check "the long help lists options" test -n "$help_options"
man_text=$(sed 's/\\-/-/g' "$SHELL_LIB_SOURCE/man/git-migrate-check.1")
for opt in $help_options; do
	check "man page documents $opt" grep -qe "$opt" <<<"$man_text"
	long=${opt#--}
	if [[ $opt == --* ]]; then
		check "bash completes $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/bash/git-migrate-check"
		check "zsh completes $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/zsh/_git-migrate-check"
		check "fish completes $opt" grep -qe "-l $long" "$SHELL_LIB_SOURCE/completions/fish/git-migrate-check.fish"
	else
		check "zsh completes $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/zsh/_git-migrate-check"
		check "fish completes $opt" grep -qe "-s ${opt#-}" "$SHELL_LIB_SOURCE/completions/fish/git-migrate-check.fish"
	fi
done
# And every rule id of --rules is in the man page.
for rule in $("$exe" --rules | cut -d' ' -f1); do
	check "man page documents rule $rule" grep -qe "^\.BR $rule " <<<"$man_text"
done

finish
