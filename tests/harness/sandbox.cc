#include "tests/harness/sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <utmp.h>
#include <spawn.h>
#include <sys/stat.h>
#include <termios.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <algorithm>

#include <gtest/gtest.h>

namespace fs = std::filesystem;

namespace migrate::testing {
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

std::string bin_dir() { return GIT_MIGRATE_BIN_DIR; }
std::string source_dir() { return GIT_MIGRATE_SOURCE_DIR; }

Sandbox::Sandbox() {
  std::string tmpl = (fs::temp_directory_path() / "git-migrate-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  root_ = fs::canonical(tmpl).string();
  fs::create_directories(path("home/.config"));
  write_file("home/.gitconfig",
             "[user]\n\tname = Test Author\n\temail = author@example.com\n"
             "[init]\n\tdefaultBranch = master\n"
             "[advice]\n\tdetachedHead = false\n");
}

Sandbox::~Sandbox() {
  if (!std::getenv("GIT_MIGRATE_KEEP_SANDBOX")) {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
}

std::string Sandbox::path(std::string_view rel) const {
  if (rel.empty()) return root_;
  return root_ + "/" + std::string(rel);
}

std::map<std::string, std::string> Sandbox::environment() const {
  // Fixed clock: 2005-04-07 22:13:13 UTC plus one minute per commit made
  // through commit_all, so that commit ids are reproducible.
  const long when = 1112911993L + 60L * clock_;
  const std::string date = "@" + std::to_string(when) + " +0000";
  std::map<std::string, std::string> env = {
      {"HOME", path("home")},
      {"XDG_CONFIG_HOME", path("home/.config")},
      {"GIT_CONFIG_NOSYSTEM", "1"},
      {"GIT_AUTHOR_NAME", "Test Author"},
      {"GIT_AUTHOR_EMAIL", "author@example.com"},
      {"GIT_AUTHOR_DATE", date},
      {"GIT_COMMITTER_NAME", "Test Committer"},
      {"GIT_COMMITTER_EMAIL", "committer@example.com"},
      {"GIT_COMMITTER_DATE", date},
      {"LC_ALL", "C"},
      {"LANG", "C"},
      {"TZ", "UTC"},
      {"TERM", "dumb"},
      {"GIT_EDITOR", "true"},
      {"EDITOR", "true"},
      {"VISUAL", "true"},
      {"GIT_PAGER", "cat"},
      {"PAGER", "cat"},
      {"GIT_TERMINAL_PROMPT", "0"},
      {"PATH", bin_dir() + ":/usr/local/bin:/usr/bin:/bin"},
  };
  return env;
}

RunResult Sandbox::run(const std::vector<std::string>& argv, std::string_view cwd,
                       std::string_view stdin_data,
                       const std::map<std::string, std::string>& extra_env) const {
  auto env = environment();
  for (const auto& [k, v] : extra_env) {
    if (v == "\x01") env.erase(k); else env[k] = v;
  }
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& s : args) argp.push_back(s.data());
  argp.push_back(nullptr);

  static int counter = 0;
  const std::string io = path(".io-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  const std::string in_path = io + ".in", out_path = io + ".out", err_path = io + ".err";
  {
    std::ofstream in(in_path, std::ios::binary);
    in << stdin_data;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const std::string dir = path(cwd);
  // posix_spawn has no chdir before glibc 2.29's addchdir_np; Debian 12 has it.
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());

  // Resolve argv[0] on the sandbox PATH.
  std::string exe = args[0];
  if (exe.find('/') == std::string::npos) {
    std::istringstream p(env["PATH"]);
    std::string d;
    while (std::getline(p, d, ':')) {
      if (access((d + "/" + exe).c_str(), X_OK) == 0) { exe = d + "/" + exe; break; }
    }
  }
  pid_t pid;
  int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  RunResult r;
  if (rc != 0) {
    r.err = "spawn failed: " + exe;
  } else {
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out_path);
    r.err = slurp(err_path);
  }
  std::error_code ec;
  fs::remove(in_path, ec);
  fs::remove(out_path, ec);
  fs::remove(err_path, ec);
  return r;
}

RunResult Sandbox::git_result(std::string_view cwd, const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, cwd);
}

std::string Sandbox::git(std::string_view cwd, const std::vector<std::string>& args) const {
  RunResult r = git_result(cwd, args);
  if (r.exit_code != 0) {
    std::string cmd = "git";
    for (const auto& a : args) cmd += " " + a;
    ADD_FAILURE() << cmd << " failed (" << r.exit_code << "):\n" << r.out << r.err;
  }
  return r.out;
}

RunResult Sandbox::run_pty(const std::vector<std::string>& argv, std::string_view cwd,
                           const std::map<std::string, std::string>& extra_env) const {
  auto env = environment();
  for (const auto& [k, v] : extra_env) {
    if (v == "\x01") env.erase(k); else env[k] = v;
  }
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& s : args) argp.push_back(s.data());
  argp.push_back(nullptr);
  std::string exe = args[0];
  if (exe.find('/') == std::string::npos) {
    std::istringstream p(env["PATH"]);
    std::string d;
    while (std::getline(p, d, ':')) {
      if (access((d + "/" + exe).c_str(), X_OK) == 0) { exe = d + "/" + exe; break; }
    }
  }
  const std::string dir = path(cwd);
  termios raw{};
  cfmakeraw(&raw);
  winsize size{};
  size.ws_row = 24;
  size.ws_col = 200;
  RunResult r;
  int master = -1;
  int slave = -1;
  if (openpty(&master, &slave, nullptr, &raw, &size) != 0) {
    r.err = "openpty failed";
    return r;
  }
  // Only async-signal-safe calls in the child: everything is prepared above.
  const pid_t pid = fork();
  if (pid < 0) {
    close(master);
    close(slave);
    r.err = "fork failed";
    return r;
  }
  if (pid == 0) {
    close(master);
    if (login_tty(slave) != 0) _exit(127);
    if (chdir(dir.c_str()) != 0) _exit(127);
    execve(exe.c_str(), argp.data(), envp.data());
    _exit(127);
  }
  // The parent keeps the terminal's other end open, so reading never ends in
  // EIO while the kernel still holds output the child wrote just before it
  // exited (on some kernels that EIO came first and lost the end of the
  // output). Read while the child runs; once it is gone, read until the
  // terminal has been quiet for a while.
  char buf[4096];
  int status = 0;
  bool exited = false;
  for (;;) {
    pollfd p{master, POLLIN, 0};
    const int ready = poll(&p, 1, exited ? 200 : 50);
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0) {
      const ssize_t n = read(master, buf, sizeof buf);
      if (n > 0) {
        r.out.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (exited) break;
    } else if (ready == 0 && exited) {
      break;
    }
    if (!exited && waitpid(pid, &status, WNOHANG) == pid) exited = true;
  }
  close(master);
  close(slave);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

RunResult Sandbox::migrate_pty(std::string_view command, const std::vector<std::string>& args, std::string_view cwd,
                               const std::map<std::string, std::string>& extra_env) const {
  std::vector<std::string> argv = {bin_dir() + "/git-migrate-" + std::string(command)};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_pty(argv, cwd, extra_env);
}

RunResult Sandbox::migrate(std::string_view command, const std::vector<std::string>& args,
                           std::string_view cwd, std::string_view stdin_data,
                           const std::map<std::string, std::string>& extra_env) const {
  std::vector<std::string> argv = {bin_dir() + "/git-migrate-" + std::string(command)};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, cwd, stdin_data, extra_env);
}

void Sandbox::write_file(std::string_view rel, std::string_view content) const {
  fs::path p = path(rel);
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
}

std::string Sandbox::read_file(std::string_view rel) const { return slurp(path(rel)); }

bool Sandbox::exists(std::string_view rel) const {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path(rel), ec));
}

void Sandbox::remove(std::string_view rel) const {
  std::error_code ec;
  fs::remove_all(path(rel), ec);
}

void Sandbox::init_repo(std::string_view rel, std::string_view branch,
                        const std::vector<std::string>& extra_init_args) const {
  fs::create_directories(path(rel));
  std::vector<std::string> args = {"init", "-q", "-b", std::string(branch)};
  args.insert(args.end(), extra_init_args.begin(), extra_init_args.end());
  git(rel, args);
}

std::string Sandbox::commit_all(std::string_view repo, std::string_view message) const {
  ++clock_;
  git(repo, {"add", "-A"});
  git(repo, {"commit", "-q", "--allow-empty", "-m", std::string(message)});
  return rev_parse(repo, "HEAD");
}

std::string Sandbox::rev_parse(std::string_view repo, std::string_view rev) const {
  return trim_newline(git(repo, {"rev-parse", "--verify", "-q", std::string(rev)}));
}

std::string Sandbox::snapshot(std::string_view repo) const {
  std::ostringstream s;
  s << "== refs\n" << git(repo, {"for-each-ref", "--format=%(refname) %(objectname)"});
  s << "== HEAD\n" << git_result(repo, {"symbolic-ref", "-q", "HEAD"}).out
    << git(repo, {"rev-parse", "HEAD"});
  s << "== index\n" << git(repo, {"ls-files", "-s"});
  s << "== status\n" << git(repo, {"status", "--porcelain=v1", "--untracked-files=all", "--ignored"});
  s << "== files\n";
  const fs::path base = path(repo);
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(base); it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == ".git") { it.disable_recursion_pending(); continue; }
    if (it->is_symlink()) {
      files.push_back(fs::relative(it->path(), base).string() + " -> " + fs::read_symlink(it->path()).string());
    } else if (it->is_regular_file()) {
      const auto perms = it->status().permissions();
      const bool exec = (perms & fs::perms::owner_exec) != fs::perms::none;
      files.push_back(fs::relative(it->path(), base).string() + (exec ? " (x)" : "") + "\n" + slurp(it->path()));
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) s << f << "\n";
  return s.str();
}

}  // namespace migrate::testing
