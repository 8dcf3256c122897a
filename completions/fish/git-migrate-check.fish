# fish completion for git-migrate-check; fish's git completion hands
# `git migrate-check ...` to it (the executable must be on PATH).

function __git_migrate_check_wants_range
    # No positional yet, and not a mode that takes none.
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $t
            case --format --color --main --exclude --deletion-threshold --artifact-pattern --moves --baseline
                set skip 1
            case --pre-push --rules --install-hook --uninstall-hook
                return 1
            case '-*'
            case '*'
                return 1
        end
    end
    return 0
end

function __git_migrate_check_after_pre_push
    set -l tokens (commandline -opc)
    test "$tokens[-1]" = --pre-push
end

complete -c git-migrate-check -f
complete -c git-migrate-check -n __git_migrate_check_wants_range -a '(git for-each-ref --format="%(refname:short)" refs/heads refs/remotes refs/tags 2>/dev/null)' -d 'Range or revision'
complete -c git-migrate-check -n __git_migrate_check_after_pre_push -a '(git remote 2>/dev/null)' -d 'Remote'
complete -c git-migrate-check -l pre-push -d 'Read the pushed refs from stdin (pre-push hook)'
complete -c git-migrate-check -l format -x -a 'text json sarif' -d 'Output format'
complete -c git-migrate-check -l color -x -a 'always never auto' -d 'Colour output'
complete -c git-migrate-check -l warn-only -d 'Exit 0 even when errors are found'
complete -c git-migrate-check -l progress -d 'Show progress on stderr, even when not a terminal'
complete -c git-migrate-check -l no-progress -d 'Show no progress'
complete -c git-migrate-check -l worktree -d 'Migration-graph rules read the worktree'
complete -c git-migrate-check -l rules -d 'List the rules and exit'
complete -c git-migrate-check -l install-hook -d 'Add the check to the pre-push hook'
complete -c git-migrate-check -l uninstall-hook -d 'Remove the check from the pre-push hook'
complete -c git-migrate-check -l main -x -a '(git for-each-ref --format="%(refname:short)" refs/heads refs/remotes 2>/dev/null)' -d 'Main branch of the default range'
complete -c git-migrate-check -l exclude -x -a '(git ls-tree -r -t --name-only HEAD 2>/dev/null)' -d 'Excluded folder'
complete -c git-migrate-check -l deletion-threshold -x -d 'Lines a file may lose'
complete -c git-migrate-check -l artifact-pattern -x -d 'RE2 pattern of artifact paths'
complete -c git-migrate-check -l moves -x -a '(git ls-tree -r -t --name-only HEAD 2>/dev/null)' -d 'Moves file'
complete -c git-migrate-check -l baseline -x -a '(git for-each-ref --format="%(refname:short)" refs/heads refs/remotes 2>/dev/null)' -d 'Branch to read the moves file from'
complete -c git-migrate-check -s h -d 'Show the usage'
complete -c git-migrate-check -l help -d 'Show the full help'
complete -c git-migrate-check -l version -d 'Print the version'
