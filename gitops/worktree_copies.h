// Worktree files known to hold exactly a blob. Reading a tree's file from
// the object database means inflating it (and its delta chain); when the
// tree is the one checked out, the same bytes sit in the worktree, one
// read(2) away. git itself reads them there when it can (diff's
// reuse_worktree_file). A file counts as the blob's copy when the index
// records that blob at its path, the file's stat data matches the index
// entry (git's test, racily clean entries excluded) and no filter or
// end-of-line conversion changes it on checkout: when core.autocrlf is set
// or a gitattributes line that may match such a file names a conversion
// attribute (text, eol, crlf, filter, ident, working-tree-encoding, or a
// macro of them), the worktree is not used at all.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "gitops/repository.h"
#include "gitops/types.h"

namespace migrate::gitops {

class WorktreeCopies {
 public:
  // A snapshot of the index entries (stage 0) of regular files whose name
  // ends with `suffix` (".py"). Empty (every read() says nullopt) in a bare
  // repository, without an index, or when a conversion may apply.
  WorktreeCopies(const Repository& repo, const std::string& suffix);

  // The worktree's copy of `blob` at `path`, or nullopt when the file is not
  // known to hold exactly that blob (read it from the object database then).
  // Safe to call from several threads at once.
  std::optional<std::string> read(const std::string& path, const Oid& blob) const;
  // The same into `out` (its old content replaced, its capacity reused: a
  // loop over many files then touches no new memory); false, `out`
  // unspecified, where read() says nullopt.
  bool read_into(const std::string& path, const Oid& blob, std::string& out) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Oid oid;
    std::int32_t mtime_sec = 0, ctime_sec = 0;
    std::uint32_t mtime_nsec = 0, size = 0, ino = 0, uid = 0, gid = 0, mode = 0;
  };
  std::string workdir_;
  struct timespec index_mtime_ {};
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace migrate::gitops
