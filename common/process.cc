#include "common/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <deque>
#include <filesystem>
#include <system_error>

extern char** environ;

namespace migrate {
namespace {

volatile std::sig_atomic_t g_signal = 0;

void on_signal(int sig) { g_signal = sig; }

// Keeps the last `keep` complete lines of a byte stream (plus a partial one).
class LineTail {
 public:
  explicit LineTail(std::size_t keep) : keep_(keep) {}
  void feed(std::string_view data) {
    for (char c : data) {
      if (c == '\n') {
        push(std::move(partial_));
        partial_.clear();
      } else if (c != '\r') {
        partial_ += c;
      }
    }
  }
  std::vector<std::string> finish() {
    if (!partial_.empty()) push(std::move(partial_));
    return {lines_.begin(), lines_.end()};
  }

 private:
  void push(std::string line) {
    if (keep_ == 0) return;
    lines_.push_back(std::move(line));
    if (lines_.size() > keep_) lines_.pop_front();
  }
  std::size_t keep_;
  std::deque<std::string> lines_;
  std::string partial_;
};

}  // namespace

std::string ProcessResult::describe() const {
  if (interrupted) return "interrupted";
  if (term_signal != 0) return "killed by signal " + std::to_string(term_signal);
  return "exited with " + std::to_string(exit_code);
}

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking reads return EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int interrupt_signal() { return g_signal; }

namespace {

// The guardian's handler for its parent's death: the whole group goes.
void kill_own_group(int) { kill(0, SIGKILL); }

// In the forked child, before exec: only async-signal-safe calls.
[[noreturn]] void guardian(pid_t parent, int out_fd, const char* cwd, char* const argv[]) {
  setpgid(0, 0);
  struct sigaction sa {};
  sa.sa_handler = kill_own_group;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGUSR1);
  if (getppid() != parent) kill_own_group(0);  // the parent died before prctl
  // Signals forwarded to the group are for the shell; the guardian stays
  // to report how it ended.
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  const pid_t shell = fork();
  if (shell < 0) _exit(127);
  if (shell == 0) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGUSR1, SIG_DFL);
    dup2(out_fd, 1);
    dup2(out_fd, 2);
    if (chdir(cwd) != 0) _exit(127);
    execve("/bin/sh", argv, environ);
    _exit(127);
  }
  int status = 0;
  while (waitpid(shell, &status, 0) < 0) {
    if (errno != EINTR) _exit(127);
  }
  if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
  const int sig = WTERMSIG(status);
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  kill(getpid(), sig);
  _exit(128 + sig);
}

}  // namespace

bool file_open_by_any_process(const std::string& path) {
  std::error_code ec;
  const auto target = std::filesystem::canonical(path, ec);
  if (ec) return false;
  for (const auto& proc : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = proc.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code fec;
    for (const auto& fd : std::filesystem::directory_iterator(proc.path() / "fd", fec)) {
      std::error_code lec;
      if (std::filesystem::read_symlink(fd.path(), lec) == target) return true;
    }
  }
  return false;
}

bool process_alive(int pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

bool process_group_alive(int pgid) { return pgid > 0 && (kill(-pgid, 0) == 0 || errno == EPERM); }

bool kill_process_group(int pgid) {
  if (pgid <= 0) return true;
  kill(-pgid, SIGKILL);
  for (int i = 0; i < 200 && process_group_alive(pgid); ++i) {
    // Our own child (the guardian) must be reaped to disappear.
    waitpid(pgid, nullptr, WNOHANG);
    usleep(10000);
  }
  return !process_group_alive(pgid);
}

ProcessResult run_shell(const std::string& command, const std::string& cwd,
                        const std::function<void(std::string_view)>& sink,
                        std::size_t keep_lines, const std::function<void(int)>& started) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  // Everything the child needs is prepared before fork().
  std::string sh = "/bin/sh", dash_c = "-c", cmd = command;
  char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
  const pid_t parent = getpid();

  // Read before the child exists: a child that signals us at once must count.
  const int signal_before = g_signal;
  const pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    close(fds[0]);
    close(fds[1]);
    throw std::system_error(err, std::generic_category(), "cannot run /bin/sh -c " + command);
  }
  if (pid == 0) guardian(parent, fds[1], cwd.c_str(), argv);
  setpgid(pid, pid);  // also here: the group exists before we name it
  close(fds[1]);
  if (started) started(pid);

  bool forwarded = false;
  LineTail tail(keep_lines);
  char buf[8192];
  for (;;) {
    if (g_signal != 0 && g_signal != signal_before && !forwarded) {
      kill(-pid, g_signal);
      forwarded = true;
    }
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) {
      std::string_view chunk(buf, static_cast<std::size_t>(n));
      sink(chunk);
      tail.feed(chunk);
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    break;
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    if (!forwarded && g_signal != 0) {
      kill(-pid, g_signal);
      forwarded = true;
    }
  }
  ProcessResult r;
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.term_signal = WTERMSIG(status);
  }
  r.interrupted = g_signal != 0 && g_signal != signal_before;
  r.tail = tail.finish();
  return r;
}

}  // namespace migrate
