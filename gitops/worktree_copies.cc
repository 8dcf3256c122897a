#include "gitops/worktree_copies.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

#include <git2.h>

#include "common/fs.h"
#include "gitops/internal.h"

namespace migrate::gitops {
namespace {

std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// An attribute's name without its state: "-text" "!eol" "eol=lf" -> text, eol.
std::string_view attribute_name(std::string_view token) {
  if (!token.empty() && (token.front() == '-' || token.front() == '!')) token.remove_prefix(1);
  return token.substr(0, token.find('='));
}

// Whether a gitattributes pattern may match a file whose name ends with
// `suffix` (".py": `*.py`, `*`, `src/**`, `a.py`): only a last component
// that cannot end so rules it out (`*.sh`, `dist/*.css`, `Makefile`).
bool may_match(std::string_view pattern, std::string_view suffix) {
  const std::size_t slash = pattern.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? pattern : pattern.substr(slash + 1);
  const std::size_t wild = base.find_last_of("*?]\\");
  const std::string_view tail = wild == std::string_view::npos ? base : base.substr(wild + 1);
  if (wild == std::string_view::npos) return tail.size() >= suffix.size() && tail.substr(tail.size() - suffix.size()) == suffix;
  // After the last wildcard, the literal tail must be a suffix of `suffix`
  // (or end with it).
  if (tail.size() <= suffix.size()) return suffix.substr(suffix.size() - tail.size()) == tail;
  return tail.substr(tail.size() - suffix.size()) == suffix;
}

// Whether gitattributes text may make the checkout of some file ending with
// `suffix` differ from its blob: a line whose pattern may match one and that sets,
// unsets or names an attribute of the conversions (text, eol, crlf, filter,
// ident, working-tree-encoding), directly or through a macro.
bool converts(const std::vector<std::string>& files, std::string_view suffix) {
  std::set<std::string, std::less<>> converting = {"text", "eol", "crlf", "filter", "ident", "working-tree-encoding"};
  // Macros first ([attr]name ...), in any file: a macro that names a
  // conversion attribute is one itself.
  for (bool changed = true; changed;) {
    changed = false;
    for (const std::string& text : files) {
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);) {
        const auto t = tokens(line);
        if (t.empty() || t[0].rfind("[attr]", 0) != 0) continue;
        const std::string name(t[0].substr(6));
        if (converting.count(name)) continue;
        for (std::size_t i = 1; i < t.size(); ++i) {
          if (converting.count(attribute_name(t[i]))) {
            converting.insert(name);
            changed = true;
            break;
          }
        }
      }
    }
  }
  for (const std::string& text : files) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      const auto t = tokens(line);
      if (t.empty() || t[0].front() == '#' || t[0].rfind("[attr]", 0) == 0) continue;
      // A quoted pattern (C-style escapes) is not worth decoding: assume it may match.
      if (t[0].front() != '"' && !may_match(t[0], suffix)) continue;
      for (std::size_t i = 1; i < t.size(); ++i) {
        if (converting.count(attribute_name(t[i]))) return true;
      }
    }
  }
  return false;
}

// Every gitattributes text git would consult for a checkout: the
// .gitattributes files of the worktree and the index, $GIT_DIR/info/
// attributes, core.attributesFile (default $XDG_CONFIG_HOME/git/attributes)
// and the system file.
std::vector<std::string> attribute_files(const Repository& repo, git_index* index, const std::string& workdir) {
  std::vector<std::string> out;
  const std::size_t n = git_index_entrycount(index);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index, i);
    const std::string_view path = e ? e->path : "";
    if (path != ".gitattributes" && !(path.size() > 15 && path.substr(path.size() - 15) == "/.gitattributes")) continue;
    if (auto f = read_file(workdir + std::string(path))) out.push_back(std::move(*f));
    git_blob* blob = nullptr;
    if (git_blob_lookup(&blob, repo.raw(), &e->id) == 0) {
      out.emplace_back(static_cast<const char*>(git_blob_rawcontent(blob)), static_cast<std::size_t>(git_blob_rawsize(blob)));
      git_blob_free(blob);
    } else {
      git_error_clear();
      out.emplace_back("* text");  // unreadable: assume the worst
    }
  }
  if (auto f = read_file(std::string(git_repository_commondir(repo.raw())) + "info/attributes")) out.push_back(std::move(*f));
  std::string global;
  if (auto configured = repo.config_string("core.attributesFile")) {
    global = *configured;
    if (global.rfind("~/", 0) == 0 && std::getenv("HOME")) global = std::getenv("HOME") + global.substr(1);
  } else if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    global = std::string(xdg) + "/git/attributes";
  } else if (const char* home = std::getenv("HOME")) {
    global = std::string(home) + "/.config/git/attributes";
  }
  if (!global.empty()) {
    if (auto f = read_file(global)) out.push_back(std::move(*f));
  }
  for (const char* system : {"/etc/gitattributes", "/usr/etc/gitattributes", "/usr/local/etc/gitattributes"}) {
    if (auto f = read_file(system)) out.push_back(std::move(*f));
  }
  return out;
}

}  // namespace

WorktreeCopies::WorktreeCopies(const Repository& repo, const std::string& suffix) {
  git_repository* raw = repo.raw();
  if (git_repository_is_bare(raw)) return;
  IndexHandle index;
  if (git_repository_index(out(index), raw) < 0) {
    git_error_clear();
    return;
  }
  const char* index_path = git_index_path(index.get());
  struct stat index_st {};
  if (!index_path || ::stat(index_path, &index_st) != 0) return;
  // core.autocrlf=true converts every text file on checkout; attributes
  // may convert some: then the worktree is not used at all (its reads are
  // an optimisation, never worth a wrong byte).
  if (auto autocrlf = repo.config_string("core.autocrlf")) {
    std::string v = *autocrlf;
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (v != "false" && v != "input" && v != "no" && v != "off" && v != "0") return;
  }
  const std::string workdir = repo.workdir();
  if (converts(attribute_files(repo, index.get(), workdir), suffix)) return;
  index_mtime_ = index_st.st_mtim;
  workdir_ = workdir;
  const std::size_t n = git_index_entrycount(index.get());
  entries_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index.get(), i);
    if (!e || GIT_INDEX_ENTRY_STAGE(e) != 0 || (e->mode & 0170000) != 0100000) continue;
    const std::string path = e->path;
    if (path.size() < suffix.size() || path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    Entry& out = entries_[path];
    out.oid = from_git(e->id);
    out.mtime_sec = e->mtime.seconds;
    out.mtime_nsec = e->mtime.nanoseconds;
    out.ctime_sec = e->ctime.seconds;
    out.size = e->file_size;
    out.ino = e->ino;
    out.uid = e->uid;
    out.gid = e->gid;
    out.mode = e->mode;
  }
}

std::optional<std::string> WorktreeCopies::read(const std::string& path, const Oid& blob) const {
  std::string content;
  if (!read_into(path, blob, content)) return std::nullopt;
  return content;
}

bool WorktreeCopies::read_into(const std::string& path, const Oid& blob, std::string& content) const {
  const auto it = entries_.find(path);
  if (it == entries_.end() || it->second.oid != blob) return false;
  const Entry& e = it->second;
  const std::string full = workdir_ + path;
  const int fd = ::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  git_index_entry entry{};
  entry.mtime.seconds = e.mtime_sec;
  entry.mtime.nanoseconds = e.mtime_nsec;
  entry.ctime.seconds = e.ctime_sec;
  entry.file_size = e.size;
  entry.ino = e.ino;
  entry.uid = e.uid;
  entry.gid = e.gid;
  entry.mode = e.mode;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !stat_matches(entry, st, index_mtime_)) {
    ::close(fd);
    return false;
  }
  content.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t r = ::read(fd, content.data() + done, content.size() - done);
    if (r <= 0) break;
    done += static_cast<std::size_t>(r);
  }
  ::close(fd);
  return done == content.size();
}

}  // namespace migrate::gitops
