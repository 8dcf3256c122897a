// Running the commands a repository configures (validate, generate, a team's
// own script): through /bin/sh -c in a given folder, output streamed as it
// comes and its last lines kept for the record. SIGINT and SIGTERM received
// while a command runs are forwarded to it and reported, so the caller can
// record an interrupted phase instead of dying with the state half written.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate {

struct ProcessResult {
  int exit_code = -1;        // the command's exit status; -1 when killed by a signal
  int term_signal = 0;       // the signal that ended it, 0 when it exited
  bool interrupted = false;  // we received SIGINT/SIGTERM while it ran
  std::vector<std::string> tail;  // its last output lines (stdout and stderr merged)
  bool ok() const { return exit_code == 0 && !interrupted; }
  // "exited with 3", "killed by signal 9", "interrupted"
  std::string describe() const;
};

// Runs `command` with /bin/sh -c in `cwd`. Its merged output goes to `sink`
// chunk by chunk as it arrives; the last `keep_lines` lines are returned.
// Throws std::system_error when the process cannot be started.
//
// The command runs in a process group of its own, led by a small guardian
// process (a fork of this one, which waits for the shell and passes on its
// exit status). The guardian asks Linux for a signal when its parent dies
// (PR_SET_PDEATHSIG) and then kills the whole group, so a `kill -9` of the
// command leaves no shell or grandchild running on: nothing changes the
// worktree behind a later --resume. `started` gets the group's id (the
// guardian's pid) as soon as it exists, for the caller to record; SIGINT and
// SIGTERM are forwarded to the whole group.
ProcessResult run_shell(const std::string& command, const std::string& cwd,
                        const std::function<void(std::string_view)>& sink,
                        std::size_t keep_lines = 20,
                        const std::function<void(int pgid)>& started = {});

// True when a process of group `pgid` is still alive.
bool process_group_alive(int pgid);
// SIGKILLs every process of group `pgid` and waits (up to about two seconds)
// until none is left; true when the group is gone.
bool kill_process_group(int pgid);
// True when process `pid` exists (it may belong to another user).
bool process_alive(int pid);
// True when a process we may inspect (/proc/<pid>/fd) has `path` open.
bool file_open_by_any_process(const std::string& path);

// Interrupt handling for long work: install_interrupt_handlers() makes SIGINT
// and SIGTERM set a flag instead of killing the process; interrupt_signal()
// returns the signal received (0 when none). Work checks it at safe points.
void install_interrupt_handlers();
int interrupt_signal();

}  // namespace migrate
