# fish completion for git-migrate-replace; fish's git completion hands
# `git migrate-replace ...` to it (the executable must be on PATH).

function __git_migrate_replace_positionals
    # Words after the command that are not options or option values.
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l count 0
    set -l skip 0
    for t in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $t
            case -m --message --exclude --deletion-threshold --color
                set skip 1
            case '-*'
            case '*'
                set count (math $count + 1)
        end
    end
    echo $count
end

function __git_migrate_replace_undo
    contains -- --undo (commandline -opc)
end

function __git_migrate_replace_wants_fresh
    not __git_migrate_replace_undo; and test (__git_migrate_replace_positionals) -eq 0
end

function __git_migrate_replace_wants_branch
    set -l n (__git_migrate_replace_positionals)
    if __git_migrate_replace_undo
        test $n -eq 0
    else
        test $n -eq 1
    end
end

complete -c git-migrate-replace -f
complete -c git-migrate-replace -n __git_migrate_replace_wants_fresh -a '(git for-each-ref --format="%(refname:short)" refs/heads refs/remotes refs/tags 2>/dev/null)' -d 'Fresh branch or commit'
complete -c git-migrate-replace -n __git_migrate_replace_wants_branch -a '(git for-each-ref --format="%(refname:short)" refs/heads 2>/dev/null)' -d 'Branch to replace'
complete -c git-migrate-replace -s m -l message -x -d 'Message of the merge commit'
complete -c git-migrate-replace -l exclude -x -a '(git ls-tree -r -t --name-only HEAD 2>/dev/null)' -d 'Leave a path out of the adopted tree'
complete -c git-migrate-replace -l deletion-threshold -x -d 'Warn about files that lose more than N lines'
complete -c git-migrate-replace -s n -l dry-run -d 'Show the planned commit, write nothing'
complete -c git-migrate-replace -l undo -d 'Put the branch back to its backup'
complete -c git-migrate-replace -l color -x -a 'always never auto' -d 'Colour output'
complete -c git-migrate-replace -l progress -d 'Show progress on stderr, even when not a terminal'
complete -c git-migrate-replace -l no-progress -d 'Show no progress'
complete -c git-migrate-replace -s h -d 'Show the usage'
complete -c git-migrate-replace -l help -d 'Show the full help'
complete -c git-migrate-replace -l version -d 'Print the version'
