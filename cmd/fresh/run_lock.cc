// The run lock and the recovery after a crash (cmd/fresh/run_lock.h).
#include "cmd/fresh/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "common/process.h"
#include "common/quote.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

RunLock::RunLock(const std::string& state_file) : state_file_(state_file), path_(state_file + ".lock") {
  fs::create_directories(fs::path(state_file).parent_path());
  for (int attempt = 0; attempt < 10; ++attempt) {
    fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return;
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) return;
    struct stat held {}, named {};
    if (fstat(fd_, &held) == 0 && stat(path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      locked_ = true;
      return;
    }
    close(fd_);  // removed by the previous holder: take the new file
    fd_ = -1;
  }
}

RunLock::~RunLock() {
  if (fd_ < 0) return;
  std::error_code ec;
  if (locked_ && !fs::exists(state_file_, ec)) unlink(path_.c_str());
  close(fd_);
}

bool RunLock::held_by_other(const std::string& state_file) {
  const int fd = open((state_file + ".lock").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool busy = flock(fd, LOCK_SH | LOCK_NB) != 0;
  close(fd);
  return busy;
}

std::vector<std::string> recover_after_crash(const gitops::Repository& repo, State& st, const std::string& state_file) {
  std::vector<std::string> said;
  const bool owner_gone = st.pid != 0 && st.pid != getpid() && !process_alive(static_cast<int>(st.pid));
  if (st.child != 0 && (st.pid == 0 || owner_gone) && process_group_alive(static_cast<int>(st.child))) {
    kill_process_group(static_cast<int>(st.child));
    said.push_back("stopped the command the interrupted run left running (process group " + std::to_string(st.child) + ")");
  }
  st.child = 0;
  if (!owner_gone) return said;
  std::error_code ec;
  const auto since = fs::last_write_time(state_file, ec);
  if (ec) return said;
  std::vector<fs::path> candidates;
  const fs::path git_dir(repo.git_dir()), common(repo.common_dir());
  for (const char* f : {"index.lock", "HEAD.lock", "ORIG_HEAD.lock"}) candidates.push_back(git_dir / f);
  for (const char* f : {"packed-refs.lock", "config.lock"}) candidates.push_back(common / f);
  for (const fs::path& dir : {common / "refs", common / "logs", git_dir / "logs"}) {
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->path().extension() == ".lock") candidates.push_back(it->path());
    ec.clear();
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (const auto& lock : candidates) {
    const auto when = fs::last_write_time(lock, ec);
    if (ec) { ec.clear(); continue; }
    if (when + std::chrono::seconds(2) < since || file_open_by_any_process(lock.string())) continue;
    if (!fs::remove(lock, ec)) continue;
    const std::string shown = lock.string().rfind(repo.workdir(), 0) == 0 ? lock.string().substr(repo.workdir().size()) : lock.string();
    said.push_back("removed " + quote_path(shown) + ", left by the interrupted run (its process " + std::to_string(st.pid) + " is gone)");
  }
  return said;
}

}  // namespace migrate::cmd
