// The run lock of git migrate-fresh and the recovery after a crash: a
// second git migrate-fresh for the same product refuses while one runs,
// and the next one after a kill -9 clears what the dead one left.
#pragma once

#include <string>
#include <vector>

#include "cmd/fresh/state.h"
#include "gitops/repository.h"

namespace migrate::cmd {

// An exclusive lock on the product's run, held while phases run: a second
// `git migrate-fresh` for the same product refuses instead of interleaving.
// flock() is released by the kernel when the process dies, even by kill -9.
// The lock file is removed when the lock is released and no state remains
// (a refused or finished run leaves no .lock behind); a process that opened
// a file since removed from its name takes the lock again on the new file.
class RunLock {
 public:
  explicit RunLock(const std::string& state_file);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  bool locked() const { return locked_; }
  // Whether a live process holds the lock (without taking it).
  static bool held_by_other(const std::string& state_file);

 private:
  std::string state_file_, path_;
  int fd_ = -1;
  bool locked_ = false;
};

// After a crash (kill -9, a power cut) of the process that ran the phases:
// stops a command group it left running and removes the lock files it left,
// each with a line saying so. Runs with the run lock held, so no other
// git migrate-fresh is at work; a lock file counts as left by the crash when
// the recorded process is gone, the file is no older than the state's last
// write (the interrupted phase's start) and no process has it open.
std::vector<std::string> recover_after_crash(const gitops::Repository& repo, State& st, const std::string& state_file);

}  // namespace migrate::cmd
