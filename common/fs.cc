#include "common/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace migrate {

bool ReadError::missing() const { return error == ENOENT; }

std::string ReadError::message() const { return not_regular ? "not a regular file" : std::strerror(error); }

std::optional<std::string> read_file(const std::string& path, ReadError* error) {
  ReadError ignored;
  ReadError& why = error ? *error : ignored;
  why = ReadError{};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    why.error = errno;
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    why.not_regular = true;
    ::close(fd);
    return std::nullopt;
  }
  std::string out(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  char more[4096];
  for (;;) {
    // The size is read first, in one piece; a file that grew meanwhile (or
    // reports no size, as in /proc) is read on to its end.
    const bool sized = got < out.size();
    const ssize_t n = sized ? ::read(fd, out.data() + got, out.size() - got) : ::read(fd, more, sizeof more);
    if (n < 0) {
      if (errno == EINTR) continue;
      why.error = errno;
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    if (!sized) out.append(more, static_cast<std::size_t>(n));
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  ::close(fd);
  return out;
}

void write_file_atomic(const std::string& path, std::string_view data) {
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  mode_t mode = 0644;
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) mode = st.st_mode & 07777;
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot write " + tmp);
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      unlink(tmp.c_str());
      throw std::system_error(err, std::generic_category(), "cannot write " + tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  fchmod(fd, mode);
  fsync(fd);
  close(fd);
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    unlink(tmp.c_str());
    throw std::system_error(err, std::generic_category(), "cannot rename " + tmp + " to " + path);
  }
}

}  // namespace migrate
