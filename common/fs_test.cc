#include "common/fs.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <system_error>

#include <gtest/gtest.h>

#include "tests/harness/sandbox.h"

namespace migrate {
namespace {

namespace stdfs = std::filesystem;

std::set<std::string> names_in(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : stdfs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

TEST(Fs, ReadsAWholeFileByteForByte) {
  testing::Sandbox box;
  std::string content(100000, 'x');
  content[5] = '\0';
  content[99999] = '\n';
  box.write_file("a/big.bin", content);
  ReadError error;
  error.error = 1;  // cleared by a successful read
  EXPECT_EQ(read_file(box.path("a/big.bin"), &error), content);
  EXPECT_EQ(error.error, 0);
  box.write_file("empty", "");
  EXPECT_EQ(read_file(box.path("empty")), "");
}

TEST(Fs, ReadsAFileThatReportsNoSize) {
  // /proc files say they are empty and are not.
  const std::optional<std::string> status = read_file("/proc/self/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->rfind("Name:", 0), 0u);
}

TEST(Fs, AMissingFileIsReportedAsMissing) {
  testing::Sandbox box;
  ReadError error;
  EXPECT_EQ(read_file(box.path("nothing.txt"), &error), std::nullopt);
  EXPECT_TRUE(error.missing());
  EXPECT_FALSE(error.not_regular);
  EXPECT_EQ(error.message(), "No such file or directory");
  EXPECT_EQ(read_file(box.path("nothing.txt")), std::nullopt);  // without asking why
}

TEST(Fs, OnlyRegularFilesAreRead) {
  testing::Sandbox box;
  box.write_file("dir/file", "x");
  ReadError error;
  EXPECT_EQ(read_file(box.path("dir"), &error), std::nullopt);
  EXPECT_FALSE(error.missing());
  EXPECT_EQ(error.message(), "not a regular file");
  // A FIFO would block a reader waiting for a writer: it is refused at once.
  ASSERT_EQ(mkfifo(box.path("fifo").c_str(), 0644), 0);
  EXPECT_EQ(read_file(box.path("fifo"), &error), std::nullopt);
  EXPECT_TRUE(error.not_regular);
}

TEST(Fs, AReadErrorSaysWhy) {
  // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO, for
  // root too.
  ReadError error;
  EXPECT_EQ(read_file("/proc/self/mem", &error), std::nullopt);
  EXPECT_FALSE(error.missing());
  EXPECT_FALSE(error.not_regular);
  EXPECT_EQ(error.message(), "Input/output error");
}

// read_file on `path` as it goes for a user without root's right to read
// any file: the test itself, or (run as root, as CI is) a child process
// that has become `nobody`. "missing: " or "present: " and the error's
// message, or "read".
std::string read_unprivileged(const std::string& path) {
  auto attempt = [&] {
    ReadError error;
    if (read_file(path, &error)) return std::string("read");
    return std::string(error.missing() ? "missing: " : "present: ") + error.message();
  };
  if (geteuid() != 0) return attempt();
  int fds[2];
  if (pipe(fds) != 0) return "pipe failed";
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const std::string said = (setgid(65534) == 0 && setuid(65534) == 0) ? attempt() : "could not become nobody";
    (void)!write(fds[1], said.data(), said.size());
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return out;
}

TEST(Fs, AnUnreadableFileSaysWhy) {
  testing::Sandbox box;
  box.write_file("secret", "x");
  ASSERT_EQ(chmod(box.path("secret").c_str(), 0), 0);
  // The sandbox (mkdtemp's 0700) is opened to all, so only the file's mode stops the read.
  ASSERT_EQ(chmod(box.path("").c_str(), 0755), 0);
  EXPECT_EQ(read_unprivileged(box.path("secret")), "present: Permission denied");
}

TEST(Fs, AtomicWriteCreatesTheFileAndItsFoldersAndLeavesNoTemporaryFile) {
  testing::Sandbox box;
  write_file_atomic(box.path("new/folder/state.toml"), "one\n");
  EXPECT_EQ(box.read_file("new/folder/state.toml"), "one\n");
  EXPECT_EQ(names_in(box.path("new/folder")), (std::set<std::string>{"state.toml"}));
  struct stat st {};
  ASSERT_EQ(stat(box.path("new/folder/state.toml").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
}

TEST(Fs, AtomicWriteReplacesTheTargetAndKeepsItsMode) {
  testing::Sandbox box;
  box.write_file("d/run.sh", "old content, longer than the new one\n");
  ASSERT_EQ(chmod(box.path("d/run.sh").c_str(), 0750), 0);
  struct stat before {};
  ASSERT_EQ(stat(box.path("d/run.sh").c_str(), &before), 0);
  write_file_atomic(box.path("d/run.sh"), "new\n");
  EXPECT_EQ(box.read_file("d/run.sh"), "new\n");
  struct stat after {};
  ASSERT_EQ(stat(box.path("d/run.sh").c_str(), &after), 0);
  EXPECT_EQ(after.st_mode & 07777, 0750u);
  EXPECT_NE(after.st_ino, before.st_ino);  // a new file renamed over the old one
  EXPECT_EQ(names_in(box.path("d")), (std::set<std::string>{"run.sh"}));
}

TEST(Fs, AFailedAtomicWriteLeavesTheTargetAndNoTemporaryFile) {
  testing::Sandbox box;
  box.write_file("d/target/inside", "kept");  // the target is a folder: rename fails
  try {
    write_file_atomic(box.path("d/target"), "data");
    ADD_FAILURE() << "no error";
  } catch (const std::system_error& e) {
    const std::string tmp = box.path("d/target") + ".tmp-" + std::to_string(getpid());
    EXPECT_EQ(std::string(e.what()).rfind("cannot rename " + tmp + " to " + box.path("d/target") + ": ", 0), 0u) << e.what();
  }
  EXPECT_EQ(names_in(box.path("d")), (std::set<std::string>{"target"}));
  EXPECT_EQ(box.read_file("d/target/inside"), "kept");
}

}  // namespace
}  // namespace migrate
