#!/usr/bin/env bash
# Completions of git migrate-fresh in the real shells: bash (through git's
# completion and for the dashed executable), zsh (compinit, git user-command)
# and fish (complete -C), for the pipeline and its subcommands scan, rewrite
# and save-scripts. Also checks that every option the long help lists is in
# each completion file and the man page.
# Usage: bash fresh_completion_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
source "$2/tests/shell/lib.sh"
shell_lib_init "$1" "$2"

exe="$SHELL_LIB_BUILD/cmd/git-migrate-fresh"
[[ -x $exe ]] || { echo "missing $exe"; exit 1; }

# A repository with a baseline whose JSON config lists two products, and a
# run in progress for a third.
repo="$SHELL_LIB_TMP/repo"
git init -q "$repo" && cd "$repo" || exit 1
mkdir -p posthog/models
echo 'x = 1' >posthog/models/team.py
git add -A && git commit -q -m base
git checkout -q -b chore/model-migration-baseline
mkdir model_migration
printf '{\n  "migrations": [\n    {"name": "error_tracking", "status": "todo"},\n    {"name": "surveys", "status": "skip"}\n  ]\n}\n' >model_migration/migration_config.json
git add -A && git commit -q -m scripts
git checkout -q master
mkdir -p .git/migrate && : >.git/migrate/experiments.toml

products=(error_tracking experiments surveys)
first=("${products[@]}" rewrite save-scripts scan)
phases=(branch commit configure generate move prepare rewrite run validate)
heads=(chore/model-migration-baseline master)
paths=(posthog posthog/models posthog/models/team.py)
options=(--abort --base= --baseline= --branch= --color= --dry-run --exclude= --force --help --message=
	--moves= --no-pause --no-progress --pause-after= --phase= --progress --reset --resume --run= --status
	--version)

for cmd in "git migrate-fresh" "git-migrate-fresh"; do
	expect_candidates bash "$cmd " "${first[@]}"
	expect_candidates bash "$cmd err" error_tracking
	expect_candidates bash "$cmd --" "${options[@]}"
	expect_candidates bash "$cmd --re" --reset --resume
	expect_candidates bash "$cmd --phase=" "${phases[@]}"
	expect_candidates bash "$cmd --phase=v" validate
	expect_candidates bash "$cmd --pause-after " "${phases[@]}" none
	expect_candidates bash "$cmd --baseline " "${heads[@]}"
	expect_candidates bash "$cmd --color=" always auto never
	expect_candidates bash "$cmd --exclude posthog/m" posthog/models posthog/models/team.py
	expect_candidates bash "$cmd --resume error_tracking " ""
	expect_candidates bash "$cmd -m " ""
	expect_candidates bash "$cmd scan --" --dry-run --force --from= --help --output= --product= --to=
	expect_candidates bash "$cmd scan --from " "${paths[@]:0:2}"
	expect_candidates bash "$cmd rewrite --" --diff --dry-run --help --moves= --no-progress --no-strings --progress --strings
	expect_candidates bash "$cmd rewrite posthog/m" posthog/models posthog/models/team.py
	expect_candidates bash "$cmd save-scripts --" --baseline= --color= --dry-run --force --help --message=
	expect_candidates bash "$cmd save-scripts " "${products[@]}"
	expect_candidates bash "$cmd save-scripts error_tracking " ""
done

zsh_options=(--abort --base --baseline --branch --color --dry-run --exclude --force --help --message
	--moves --no-pause --no-progress --pause-after --phase --progress --reset --resume --run --status
	--version)
for cmd in "git migrate-fresh" "git-migrate-fresh"; do
	expect_candidates zsh "$cmd " "${first[@]}"
	expect_candidates zsh "$cmd --" "${zsh_options[@]}"
	expect_candidates zsh "$cmd --phase=" "${phases[@]/#/--phase=}"
	expect_candidates zsh "$cmd --baseline=" "${heads[@]/#/--baseline=}"
	expect_candidates zsh "$cmd scan --" --dry-run --force --from --help --output --product --to
	expect_candidates zsh "$cmd rewrite --" --diff --dry-run --help --moves --no-progress --no-strings --progress --strings
	expect_candidates zsh "$cmd save-scripts " "${products[@]}"
	expect_candidates zsh "$cmd save-scripts --" --baseline --color --dry-run --force --help --message
done
expect_candidates zsh "git migrate-f" migrate-fresh

fish_options=(--abort --base --baseline --branch --color --dry-run --exclude --force --help --message
	--moves --no-pause --no-progress --pause-after --phase --progress --reset --resume --run --status
	--version)
expect_candidates fish "git-migrate-fresh " "${first[@]}"
expect_candidates fish "git-migrate-fresh --" "${fish_options[@]}"
expect_candidates fish "git-migrate-fresh --phase " "${phases[@]}"
expect_candidates fish "git-migrate-fresh --pause-after " "${phases[@]}" none
expect_candidates fish "git-migrate-fresh error_tracking " ""
expect_candidates fish "git-migrate-fresh scan --" --dry-run --force --from --help --output --product --to
expect_candidates fish "git-migrate-fresh rewrite --" --diff --dry-run --help --moves --no-progress --no-strings --progress --strings
expect_candidates fish "git-migrate-fresh save-scripts " "${products[@]}"
expect_candidates fish "git-migrate-fresh save-scripts --" --baseline --color --dry-run --force --help --message
if fish -c 'exit (string match -qr "^3\.[0-6]\." $version; and echo 1; or echo 0)'; then
	expect_candidates fish "git migrate-fresh --" "${fish_options[@]}"
	expect_candidates fish "git migrate-fresh " "${first[@]}"
else
	echo "note: fish $(fish -c 'echo $version') cannot hand 'git migrate-fresh' to custom completions; dashed form checked"
fi

# --- every option of each long help is in the completions and the man page.
man_text=$(sed 's/\\-/-/g' "$SHELL_LIB_SOURCE/man/git-migrate-fresh.1" 2>/dev/null)
check "the man page exists" test -n "$man_text"
subcommands=$("$exe" --help | sed -n '/^Subcommands:/,/^$/p' | sed -n 's/^  \([a-z-]*\).*/\1/p')
check "the long help lists save-scripts" grep -qx save-scripts <<<"$subcommands"
for sub in "" $subcommands; do
	help_options=$("$exe" $sub --help 2>/dev/null | sed -n '/^Options:/,/^$/p' | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u)
	check "the long help of '$sub' lists options" test -n "$help_options"
	for opt in $help_options; do
		check "man page documents $sub $opt" grep -qe "$opt" <<<"$man_text"
		if [[ $opt == --* ]]; then
			check "bash completes $sub $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/bash/git-migrate-fresh"
			check "zsh completes $sub $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/zsh/_git-migrate-fresh"
			check "fish completes $sub $opt" grep -qe "-l ${opt#--}" "$SHELL_LIB_SOURCE/completions/fish/git-migrate-fresh.fish"
		else
			check "zsh completes $sub $opt" grep -qe "$opt" "$SHELL_LIB_SOURCE/completions/zsh/_git-migrate-fresh"
			check "fish completes $sub $opt" grep -qe "-s ${opt#-}" "$SHELL_LIB_SOURCE/completions/fish/git-migrate-fresh.fish"
		fi
	done
done

finish
