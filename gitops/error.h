// The one error type of the gitops core. Every failed git operation throws a
// GitError naming the operation, the ref or path it was about, and libgit2's
// own message. Commands catch it at the top and exit 128 (ARCHITECTURE.md, exit codes).
#pragma once

#include <stdexcept>
#include <string>

namespace migrate::gitops {

class GitError : public std::runtime_error {
 public:
  GitError(std::string operation, std::string subject, std::string detail, int code = -1);
  const std::string& operation() const { return operation_; }  // e.g. "update ref"
  const std::string& subject() const { return subject_; }      // e.g. "refs/heads/main"
  const std::string& detail() const { return detail_; }        // libgit2's message
  int code() const { return code_; }                           // libgit2 error code
  // The object, ref or path does not exist (GIT_ENOTFOUND): for a blob, it is
  // missing from the object database (a partial clone, a damaged repository).
  bool not_found() const;
  // The error reading a blob missing from the object database gives.
  static GitError missing_blob(const std::string& hex);

 private:
  std::string operation_, subject_, detail_;
  int code_;
};

// Throws GitError with libgit2's last error message when rc < 0.
void check(int rc, const char* operation, const std::string& subject = "");

}  // namespace migrate::gitops
