#include "gitops/promisor.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <algorithm>
#include <map>
#include <new>
#include <optional>
#include <regex>
#include <sstream>

#include "gitops/error.h"
#include "gitops/handles.h"
#include "gitops/repository.h"

extern char** environ;

namespace migrate::gitops {
namespace {

// The promisor remotes of `repo`, from its config.
std::vector<std::string> promisor_remotes(git_repository* repo) {
  std::vector<std::string> found;
  ConfigHandle cfg;
  const int rc = git_repository_config_snapshot(out(cfg), repo);
  if (rc < 0) return found;
  ConfigIteratorHandle it;
  const int glob = git_config_iterator_glob_new(out(it), cfg.get(), "^(remote\\..*\\.promisor|extensions\\.partialclone)$");
  if (glob < 0) return found;
  git_config_entry* e = nullptr;
  while (git_config_next(&e, it.get()) == 0) {
    const std::string name = e->name ? e->name : "";
    const std::string value = e->value ? e->value : "";
    std::string remote;
    if (name == "extensions.partialclone") {
      remote = value;
    } else {
      int on = 0;
      if (git_config_parse_bool(&on, value.c_str()) == 0 && on)
        remote = name.substr(7, name.size() - 7 - std::string(".promisor").size());
    }
    if (!remote.empty() && std::find(found.begin(), found.end(), remote) == found.end()) found.push_back(remote);
  }
  return found;
}

// The backend: a `git cat-file --batch` child on one socket (its stdin and
// stdout), so a child that died gives EPIPE instead of SIGPIPE.
// What git said when it could not fetch an object, for the hints.
std::string g_last_failure;

struct PromisorBackend {
  git_odb_backend parent;  // first: libgit2 hands back this pointer
  std::string git_dir;
  pid_t pid = -1;
  int fd = -1;
  int err_fd = -1;    // its stderr (and its `git fetch`'s), non-blocking
  std::string said;   // what it wrote there since the last answer
  bool broken = false;
  std::string pending;  // bytes read past the last answer

  bool start() {
    if (fd >= 0) return true;
    if (broken) return false;
    int sv[2], ev[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return broken = true, false;
    if (pipe2(ev, O_CLOEXEC) != 0) {
      close(sv[0]);
      close(sv[1]);
      return broken = true, false;
    }
    fcntl(ev[0], F_SETFL, O_NONBLOCK);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 0);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 1);
    posix_spawn_file_actions_adddup2(&actions, ev[1], 2);
    const std::string dir_arg = "--git-dir=" + git_dir;
    const char* argv[] = {"git", dir_arg.c_str(), "cat-file", "--batch", nullptr};
    const int rc = posix_spawnp(&pid, "git", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(sv[1]);
    close(ev[1]);
    if (rc != 0) {
      close(sv[0]);
      close(ev[0]);
      pid = -1;
      return broken = true, false;
    }
    fd = sv[0];
    err_fd = ev[0];
    return true;
  }

  // Takes what the child wrote to stderr so far (it never blocks on a full
  // pipe: this runs after every answer).
  void drain_stderr() {
    if (err_fd < 0) return;
    char buf[4096];
    for (;;) {
      const ssize_t n = read(err_fd, buf, sizeof buf);
      if (n > 0) {
        if (said.size() < 16384) said.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      break;
    }
  }

  void stop() {
    if (fd >= 0) {
      shutdown(fd, SHUT_WR);  // EOF on its stdin: cat-file exits
      close(fd);
      fd = -1;
    }
    if (err_fd >= 0) {
      close(err_fd);  // a late write gets EPIPE, never blocks
      err_fd = -1;
    }
    if (pid > 0) {
      while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
      pid = -1;
    }
  }

  bool write_all(const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
      const ssize_t n = send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads until `pending` holds at least `n` bytes.
  bool fill(std::size_t n) {
    char buf[65536];
    while (pending.size() < n) {
      const ssize_t got = read(fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      pending.append(buf, static_cast<std::size_t>(got));
    }
    return true;
  }

  // Asks for `id`: its type and content, or false (missing, or the child failed).
  bool fetch(const git_oid* id, git_object_t& type, std::string& content) {
    said.clear();
    const bool ok = ask(id, type, content);
    drain_stderr();
    if (!ok) {
      // Keep git's own words (its last lines) for missing_object_hints().
      while (!said.empty() && said.back() == '\n') said.pop_back();
      // A later ask after the child ended has nothing to say: keep the reason.
      if (!said.empty()) g_last_failure = said;
    }
    return ok;
  }

  bool ask(const git_oid* id, git_object_t& type, std::string& content) {
    if (!start()) return false;
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, id);
    if (!write_all(std::string(hex) + "\n")) return fail();
    std::size_t eol;
    while ((eol = pending.find('\n')) == std::string::npos) {
      drain_stderr();
      if (!fill(pending.size() + 1)) return fail();
    }
    const std::string header = pending.substr(0, eol);
    pending.erase(0, eol + 1);
    // "<id> <type> <size>" or "<id> missing".
    const auto s1 = header.find(' ');
    const auto s2 = header.find(' ', s1 == std::string::npos ? s1 : s1 + 1);
    if (s1 == std::string::npos || s2 == std::string::npos) return false;
    type = git_object_string2type(header.substr(s1 + 1, s2 - s1 - 1).c_str());
    const std::size_t size = std::stoull(header.substr(s2 + 1));
    if (!fill(size + 1)) return fail();
    content = pending.substr(0, size);
    pending.erase(0, size + 1);
    return type != GIT_OBJECT_INVALID;
  }

  bool fail() {
    drain_stderr();  // cat-file ends when a lazy fetch fails: keep its reason
    stop();
    broken = true;
    return false;
  }
};

int not_found(const git_oid* id) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, id);
  git_error_set_str(GIT_ERROR_ODB,
                    (std::string("object not found - the promisor remote did not send it (") + hex + ")").c_str());
  return GIT_ENOTFOUND;
}

int backend_read(void** data, std::size_t* len, git_object_t* type, git_odb_backend* b, const git_oid* id) {
  auto* self = reinterpret_cast<PromisorBackend*>(b);
  std::string content;
  if (!self->fetch(id, *type, content)) return not_found(id);
  void* buf = git_odb_backend_data_alloc(b, content.size());
  if (!buf) return -1;
  std::memcpy(buf, content.data(), content.size());
  *data = buf;
  *len = content.size();
  return 0;
}

int backend_read_header(std::size_t* len, git_object_t* type, git_odb_backend* b, const git_oid* id) {
  auto* self = reinterpret_cast<PromisorBackend*>(b);
  std::string content;
  if (!self->fetch(id, *type, content)) return not_found(id);
  *len = content.size();
  return 0;
}

void backend_free(git_odb_backend* b) {
  auto* self = reinterpret_cast<PromisorBackend*>(b);
  self->stop();
  delete self;
}

std::string short_hex(const std::string& hex) { return hex.substr(0, 7); }

}  // namespace

bool install_promisor_backend(git_repository* repo) {
  if (promisor_remotes(repo).empty()) return false;
  OdbHandle odb;
  const int opened = git_repository_odb(out(odb), repo);
  check(opened, "open object database", git_repository_path(repo));
  auto* backend = new PromisorBackend();
  check(git_odb_init_backend(&backend->parent, GIT_ODB_BACKEND_VERSION), "open object database", "promisor");
  backend->git_dir = git_repository_path(repo);
  backend->parent.read = backend_read;
  backend->parent.read_header = backend_read_header;
  backend->parent.free = backend_free;
  // Priority 0: after the loose (1) and packed (2) objects.
  const int rc = git_odb_add_backend(odb.get(), &backend->parent, 0);
  if (rc < 0) {
    delete backend;
    check(rc, "open object database", "promisor");
  }
  return true;
}

std::vector<std::string> shallow_boundary(const std::string& common_dir) {
  std::vector<std::string> out;
  std::ifstream in(common_dir + (common_dir.empty() || common_dir.back() == '/' ? "" : "/") + "shallow");
  for (std::string line; std::getline(in, line);)
    if (line.size() >= 40) out.push_back(line.substr(0, 40));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> missing_object_hints(const GitError& e) {
  const std::string what = e.what();
  if (what.find("object not found") == std::string::npos && e.code() != GIT_ENOTFOUND) return {};
  std::optional<Repository> repo;
  try {
    repo.emplace(Repository::discover("."));
  } catch (const GitError&) {
    return {};
  }
  std::vector<std::string> hints;
  const auto boundary = shallow_boundary(repo->common_dir());
  if (!boundary.empty()) {
    // Name the boundary commits, with the refs that point at them.
    std::map<std::string, std::vector<std::string>> names;
    for (const auto& [ref, id] : repo->refs_with_prefix("refs/")) names[id.hex()].push_back(ref.shorthand());
    std::string list;
    for (std::size_t i = 0; i < boundary.size() && i < 5; ++i) {
      list += (i ? ", " : "") + short_hex(boundary[i]);
      if (auto it = names.find(boundary[i]); it != names.end()) {
        std::string refs;
        for (const auto& n : it->second) refs += (refs.empty() ? "" : ", ") + n;
        list += " (" + refs + ")";
      }
    }
    if (boundary.size() > 5) list += " and " + std::to_string(boundary.size() - 5) + " more";
    hints.push_back("this clone is shallow: its history stops at " + list +
                    ", and the command needs commits beyond that boundary");
    hints.push_back("fetch more history with `git fetch --deepen=<n>` (n more commits), or all of it with "
                    "`git fetch --unshallow`");
    hints.push_back("in CI, check out the whole history (GitHub actions/checkout: `fetch-depth: 0`)");
  }
  const auto remotes = promisor_remotes(repo->raw());
  if (!remotes.empty()) {
    std::smatch m;
    static const std::regex kId("[0-9a-f]{40}");
    std::string id = "<id>";
    // The last id in the message is the missing object (the first may be the
    // subject of the operation).
    for (auto it = std::sregex_iterator(what.begin(), what.end(), kId); it != std::sregex_iterator(); ++it)
      id = it->str();
    hints.push_back("this is a partial clone: its promisor remote " + remotes.front() +
                    " did not send a missing object (offline, or the remote does not serve it)");
    if (!g_last_failure.empty()) {
      std::istringstream said(g_last_failure);
      for (std::string line; std::getline(said, line);)
        if (!line.empty()) hints.push_back("  git: " + line);
    }
    hints.push_back("fetch it, then run the command again: git -c fetch.negotiationAlgorithm=noop fetch " +
                    remotes.front() + " " + id);
    hints.push_back("without access to " + remotes.front() + ", run it in a full clone (git clone without --filter)");
  }
  return hints;
}

}  // namespace migrate::gitops
