#include "common/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <deque>
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

ProcessResult run_shell(const std::string& command, const std::string& cwd,
                        const std::function<void(std::string_view)>& sink,
                        std::size_t keep_lines) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  // The child gets default signal dispositions: our flag-setting handlers
  // are not inherited across exec anyway, but ignored signals would be.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  // Read before the child exists: a child that signals us at once must count.
  const int signal_before = g_signal;
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    throw std::system_error(rc, std::generic_category(), "cannot run /bin/sh -c " + command);
  }

  bool forwarded = false;
  LineTail tail(keep_lines);
  char buf[8192];
  for (;;) {
    if (g_signal != 0 && g_signal != signal_before && !forwarded) {
      kill(pid, g_signal);
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
      kill(pid, g_signal);
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
