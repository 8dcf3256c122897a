// The file layer every part of git-migrate shares: reading a whole file and
// writing one atomically. It depends on nothing but the C++ library and
// POSIX, so gitops and rewrite use it too (it builds as its own library,
// common_fs, below them).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace migrate {

// Why read_file could not read a file.
struct ReadError {
  int error = 0;             // errno of open or read (0 when not_regular)
  bool not_regular = false;  // a directory, a FIFO, a device...
  // There is no such file (ENOENT).
  bool missing() const;
  // "No such file or directory", "Permission denied", "not a regular file".
  std::string message() const;
};

// The whole content of the regular file at `path` (a symlink is followed).
// nullopt when it cannot be opened or read, and then `*error` (when given)
// says why. Never blocks on a FIFO: only regular files are read.
std::optional<std::string> read_file(const std::string& path, ReadError* error = nullptr);

// Writes `data` to `path` atomically: `path`.tmp-<pid> is written, fsynced
// and renamed over `path`, so a reader (or a run killed at any point) sees
// the old content or the new one, never a part. The file keeps the mode of
// the one it replaces (0644 for a new one); missing folders are created.
// Throws std::system_error (naming the temporary file) or
// std::filesystem::filesystem_error; no temporary file is left behind.
void write_file_atomic(const std::string& path, std::string_view data);

}  // namespace migrate
