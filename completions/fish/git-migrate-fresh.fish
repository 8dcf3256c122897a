# fish completion for git-migrate-fresh; fish's git completion hands
# `git migrate-fresh ...` to it (the executable must be on PATH).

set -l __gmf_subcommands scan rewrite save-scripts
set -l __gmf_phases branch configure prepare move rewrite run validate generate commit

function __git_migrate_fresh_products
    set -l dir (git rev-parse --git-dir 2>/dev/null); or return
    for f in $dir/migrate/*.toml
        basename $f .toml
    end
    set -l baseline (git config migrate.baseline 2>/dev/null; or echo chore/model-migration-baseline)
    set -l tooling (git config migrate.tooling 2>/dev/null; or echo model_migration)
    git show $baseline:$tooling/migration_config.json 2>/dev/null | sed -n 's/.*"name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p'
end

function __git_migrate_fresh_positionals
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
            case --phase --pause-after --run --base --baseline --branch --moves -m --message --exclude --color --from --to --product -o --output
                set skip 1
            case '-*'
            case '*'
                set count (math $count + 1)
        end
    end
    echo $count
end

function __git_migrate_fresh_main
    not __fish_seen_subcommand_from scan rewrite save-scripts
end

function __git_migrate_fresh_wants_first
    __git_migrate_fresh_main; and test (__git_migrate_fresh_positionals) -eq 0
end


complete -c git-migrate-fresh -f
complete -c git-migrate-fresh -n __git_migrate_fresh_wants_first -a '(__git_migrate_fresh_products)' -d Product
complete -c git-migrate-fresh -n __git_migrate_fresh_wants_first -a scan -d 'Write a moves file for moving a package folder'
complete -c git-migrate-fresh -n __git_migrate_fresh_wants_first -a rewrite -d 'Rewrite Python imports from a moves file'
complete -c git-migrate-fresh -n __git_migrate_fresh_wants_first -a save-scripts -d "Commit the tooling folder's changes onto the baseline"

# The pipeline.
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l status -d 'Show the phases of the run'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l resume -d 'Continue from the first phase not completed'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l phase -x -a "$__gmf_phases" -d 'Run only this phase (again)'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l pause-after -x -a "$__gmf_phases none" -d 'Pause after this phase'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l no-pause -d 'Do not pause'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l reset -d "Forget the run's state"
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l abort -d 'Return to the starting branch, delete the fresh branch'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l run -x -d 'Run this command in place of move and rewrite'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -s n -l dry-run -d 'Print the plan, write nothing'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -s f -l force -d 'Replace an existing fresh branch'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l base -x -a '(git for-each-ref --format="%(refname:short)" refs/heads refs/remotes refs/tags 2>/dev/null)' -d 'The commit to pin the fresh branch to'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l baseline -x -a '(git for-each-ref --format="%(refname:short)" refs/heads 2>/dev/null)' -d 'The baseline branch'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l branch -x -d 'The fresh branch name template'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l moves -x -a '(git ls-tree -r -t --name-only HEAD 2>/dev/null)' -d 'The moves file'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -s m -l message -x -d 'The commit message template'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l exclude -x -a '(git ls-tree -r -t --name-only HEAD 2>/dev/null)' -d 'A path never committed'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l color -x -a 'always never auto' -d 'Colour output'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l progress -d 'Show progress on stderr, even when not a terminal'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l no-progress -d 'Show no progress'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -s h -d 'Show the usage'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l help -d 'Show the full help'
complete -c git-migrate-fresh -n __git_migrate_fresh_main -l version -d 'Print the version'

# scan
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from scan' -l from -x -a '(git ls-tree -r -d --name-only HEAD 2>/dev/null)' -d 'The package folder that moves'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from scan' -l to -x -a '(git ls-tree -r -d --name-only HEAD 2>/dev/null)' -d 'Where it goes'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from scan' -l product -x -d 'The product name'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from scan' -s o -l output -r -d 'Where to write the moves file'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from scan' -s n -l dry-run -d 'Print the moves file instead'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from scan' -s f -l force -d 'Replace an existing moves file that differs'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from scan' -s h -l help -d 'Show the help'

# rewrite
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -a '(git ls-tree -r -t --name-only HEAD 2>/dev/null)' -d Path
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -l moves -x -a '(git ls-tree -r -t --name-only HEAD 2>/dev/null)' -d 'The moves file'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -s n -l dry-run -d 'Show which files would change'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -l diff -d 'Print the changes as a unified diff'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -l no-strings -d 'Leave dotted strings alone'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -l strings -d 'Rewrite dotted strings'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -l progress -d 'Show progress on stderr, even when not a terminal'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -l no-progress -d 'Show no progress'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from rewrite' -s h -l help -d 'Show the help'

# save-scripts
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from save-scripts; and test (__git_migrate_fresh_positionals) -eq 1' -a '(__git_migrate_fresh_products)' -d Product
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from save-scripts' -s m -l message -x -d 'Commit message'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from save-scripts' -l baseline -x -a '(git for-each-ref --format="%(refname:short)" refs/heads 2>/dev/null)' -d 'The baseline branch'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from save-scripts' -s n -l dry-run -d 'Show what would be committed'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from save-scripts' -s f -l force -d 'Save even though the baseline moved'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from save-scripts' -l color -x -a 'always never auto' -d 'Colour output'
complete -c git-migrate-fresh -n '__fish_seen_subcommand_from save-scripts' -s h -l help -d 'Show the help'
