# Helpers for testing shell completions in the real shells (bash with
# bash-completion and git's completion, zsh with compinit, fish).
#
#   source tests/shell/lib.sh
#   shell_lib_init BUILD_DIR SOURCE_DIR   # temporary HOME, PATH with the built
#                                        # executables, completion dirs
#   candidates bash "git migrate-replace --d"   # one candidate per line, sorted
#   candidates zsh  "git-migrate-replace -"
#   candidates fish "git migrate-replace "
#   expect_candidates bash "git migrate-replace --c" "--color="   # compare whole list
#   finish                                 # prints the summary, exit status
#
# Run `candidates` in the directory the completion should see (e.g. a test
# repository). A line ending in a space completes a new word. Candidates are
# printed without descriptions and without the trailing space bash adds.

shell_lib_init() {
	SHELL_LIB_BUILD=$(cd "$1" && pwd)
	SHELL_LIB_SOURCE=$(cd "$2" && pwd)
	SHELL_LIB_TMP=$(mktemp -d "${TMPDIR:-/tmp}/shell-completion-test.XXXXXX")
	trap 'rm -rf "$SHELL_LIB_TMP"' EXIT
	export HOME="$SHELL_LIB_TMP/home" XDG_CONFIG_HOME="$SHELL_LIB_TMP/home/.config"
	export XDG_DATA_HOME="$SHELL_LIB_TMP/home/.local/share"
	mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
	export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC TERM=dumb
	export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL=author@example.com
	export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL=committer@example.com
	export GIT_AUTHOR_DATE="@1112911993 +0000" GIT_COMMITTER_DATE="@1112911993 +0000"
	export PATH="$SHELL_LIB_BUILD/cmd:/usr/local/bin:/usr/bin:/bin"
	git config --global init.defaultBranch master
	# bash-completion looks in $BASH_COMPLETION_USER_DIR/completions first.
	export BASH_COMPLETION_USER_DIR="$SHELL_LIB_TMP/bash-completion"
	mkdir -p "$BASH_COMPLETION_USER_DIR/completions"
	local f
	for f in "$SHELL_LIB_SOURCE"/completions/bash/*; do
		ln -s "$f" "$BASH_COMPLETION_USER_DIR/completions/$(basename "$f")"
	done
	SHELL_LIB_FAILURES=0
	SHELL_LIB_CHECKS=0
}

# candidates SHELL LINE
candidates() {
	case "$1" in
	bash) _shell_lib_bash "$2" ;;
	zsh) _shell_lib_zsh "$2" ;;
	fish) _shell_lib_fish "$2" ;;
	*) echo "candidates: unknown shell $1" >&2; return 2 ;;
	esac | sed -e 's/[[:space:]]*$//' | LC_ALL=C sort -u
}

# expect_candidates SHELL LINE EXPECTED...  (the whole list, any order)
expect_candidates() {
	local shell=$1 line=$2
	shift 2
	local expected actual
	expected=$(printf '%s\n' "$@" | sed '/^$/d' | LC_ALL=C sort -u)
	actual=$(candidates "$shell" "$line")
	SHELL_LIB_CHECKS=$((SHELL_LIB_CHECKS + 1))
	if [[ "$actual" != "$expected" ]]; then
		SHELL_LIB_FAILURES=$((SHELL_LIB_FAILURES + 1))
		echo "FAIL [$shell] '$line'"
		diff <(echo "$expected") <(echo "$actual") | sed 's/^/    /'
	fi
}

# check DESCRIPTION COMMAND...: counts a failure when COMMAND fails.
check() {
	local what=$1
	shift
	SHELL_LIB_CHECKS=$((SHELL_LIB_CHECKS + 1))
	if ! "$@"; then
		SHELL_LIB_FAILURES=$((SHELL_LIB_FAILURES + 1))
		echo "FAIL $what"
	fi
}

finish() {
	echo "$SHELL_LIB_CHECKS checks, $SHELL_LIB_FAILURES failed"
	[[ $SHELL_LIB_FAILURES -eq 0 ]]
}

# bash: readline's word splitting (blanks, then COMP_WORDBREAKS characters
# '=' and ':' as words of their own), then the function `complete -p` names.
_shell_lib_bash() {
	LINE="$1" bash --norc --noprofile -c '
		source /usr/share/bash-completion/bash_completion
		words=()
		for w in $LINE; do
			while [[ $w =~ ^([^=:]*)([=:])(.*)$ ]]; do
				[[ -n ${BASH_REMATCH[1]} ]] && words+=("${BASH_REMATCH[1]}")
				words+=("${BASH_REMATCH[2]}")
				w=${BASH_REMATCH[3]}
			done
			[[ -n $w ]] && words+=("$w")
		done
		[[ $LINE == *" " || ${LINE: -1} == "=" || ${LINE: -1} == ":" ]] && words+=("")
		COMP_WORDS=("${words[@]}")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$LINE
		COMP_POINT=${#LINE}
		COMP_TYPE=9
		COMP_KEY=9
		cmd=${COMP_WORDS[0]}
		complete -p "$cmd" >/dev/null 2>&1 || _completion_loader "$cmd"
		spec=$(complete -p "$cmd" 2>/dev/null) || exit 3
		func=$(sed -E "s/.*-F ([^ ]+).*/\1/" <<<"$spec")
		prev=""
		(( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}
		"$func" "$cmd" "${COMP_WORDS[COMP_CWORD]}" "$prev"
		printf "%s\n" "${COMPREPLY[@]}"
	'
}

# zsh: an interactive zsh in a pseudo-terminal with compinit; compadd is
# wrapped to print every match (the technique of zsh-capture-completion).
_shell_lib_zsh() {
	LINE="$1" FPATH_DIR="$SHELL_LIB_SOURCE/completions/zsh" zsh -f -c '
		zmodload zsh/zpty || exit 3
		zpty z zsh -f -i
		init=$(mktemp)
		cat >"$init" <<-"INIT"
			PROMPT=
			fpath=($FPATH_DIR $fpath)
			autoload -U compinit
			compinit -u -d "$HOME/.zcompdump"
			zstyle ":completion:*:*:git:*" user-commands ${${(M)${(k)commands}:#git-migrate-*}#git-}
			bindkey "^M" undefined
			bindkey "^J" undefined
			bindkey "^I" complete-word
			null-line () { echo -E - $'"'"'\0'"'"' }
			compprefuncs=( null-line )
			comppostfuncs=( null-line exit )
			zstyle ":completion:*" list-grouped false
			zstyle ":completion:*" insert-tab false
			zstyle ":completion:*" list-separator ""
			zmodload zsh/zutil
			compadd () {
				if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
					builtin compadd "$@"
					return $?
				fi
				typeset -a __hits
				builtin compadd -A __hits "$@"
				setopt localoptions norcexpandparam extendedglob
				typeset -A apre hpre hsuf asuf
				zparseopts -E P:=apre p:=hpre S:=asuf s:=hsuf
				[[ -n $__hits ]] || return
				for i in {1..$#__hits}; do
					echo -E - $IPREFIX$apre$hpre$__hits[$i]$hsuf
				done
			}
			echo ok
		INIT
		zpty -w z "source $init"
		repeat 8; do
			zpty -r z line
			[[ $line == ok* ]] && break
		done
		zpty -w z "$LINE"$'"'"'\t'"'"'
		integer tog=0
		while zpty -r z; do :; done | while IFS= read -r line; do
			if [[ $line == *$'"'"'\0\r'"'"' ]]; then
				(( tog++ )) && break || continue
			fi
			(( tog )) && echo -E - ${line%$'"'"'\r'"'"'}
		done
		rm -f "$init"
	'
}

# fish: `complete -C` with the source tree's completions first on the path
# (no --no-config: it leaves fish_complete_path empty; HOME is temporary).
_shell_lib_fish() {
	LINE="$1" DIR="$SHELL_LIB_SOURCE/completions/fish" fish -c '
		set -p fish_complete_path $DIR
		complete -C "$LINE"
	' | cut -f1
}
