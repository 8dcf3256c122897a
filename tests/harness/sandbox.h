// Hermetic sandboxes for end-to-end tests: a temporary directory with its own
// HOME and XDG config, GIT_CONFIG_NOSYSTEM=1, fixed author and committer dates,
// LC_ALL=C, TZ=UTC and no editor. Commands run with exactly that environment.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Absolute path of the sandbox root, and of a path inside it.
  const std::string& root() const { return root_; }
  std::string path(std::string_view rel) const;

  // Runs argv[0] (looked up on PATH, which starts with the built executables)
  // in `cwd` (relative to the root, "" for the root) with the hermetic
  // environment plus `extra_env` (a value of "\x01" unsets the variable).
  RunResult run(const std::vector<std::string>& argv, std::string_view cwd = "",
                std::string_view stdin_data = "",
                const std::map<std::string, std::string>& extra_env = {}) const;

  // Runs argv like run() with a pseudo-terminal as standard input, output
  // and error (raw mode: bytes pass as written, "\n" is not turned into
  // "\r\n"): `out` is everything written to the terminal, `err` is empty.
  RunResult run_pty(const std::vector<std::string>& argv, std::string_view cwd = "",
                    const std::map<std::string, std::string>& extra_env = {}) const;
  RunResult migrate_pty(std::string_view command, const std::vector<std::string>& args, std::string_view cwd = "",
                        const std::map<std::string, std::string>& extra_env = {}) const;

  // `git <args>` in `cwd`; fails the current test when git exits non-zero.
  std::string git(std::string_view cwd, const std::vector<std::string>& args) const;
  // `git <args>` without asserting success.
  RunResult git_result(std::string_view cwd, const std::vector<std::string>& args) const;

  // Runs the built executable git-migrate-<command>.
  RunResult migrate(std::string_view command, const std::vector<std::string>& args,
                    std::string_view cwd = "", std::string_view stdin_data = "",
                    const std::map<std::string, std::string>& extra_env = {}) const;

  // Files relative to the root; write_file creates parent directories.
  void write_file(std::string_view rel, std::string_view content) const;
  std::string read_file(std::string_view rel) const;
  bool exists(std::string_view rel) const;
  void remove(std::string_view rel) const;

  // `git init` of a new repository at `rel` with branch `branch`.
  void init_repo(std::string_view rel, std::string_view branch = "master",
                 const std::vector<std::string>& extra_init_args = {}) const;
  // Stages everything and commits with `message`; returns the new commit id.
  // Each commit advances the fixed clock by one minute so ids are stable.
  std::string commit_all(std::string_view repo, std::string_view message) const;
  std::string rev_parse(std::string_view repo, std::string_view rev) const;

  // A snapshot of what a refusal must leave unchanged: every ref with its
  // value, the index (`git ls-files -s`), `git status --porcelain`, and the
  // content of every file in the worktree outside .git.
  std::string snapshot(std::string_view repo) const;

  std::map<std::string, std::string> environment() const;

 private:
  std::string root_;
  mutable int clock_ = 0;
};

// Directory holding the built git-migrate-* executables.
std::string bin_dir();
// The source tree (for fixtures).
std::string source_dir();

}  // namespace migrate::testing
