#include "gitops/error.h"

#include <git2.h>

namespace migrate::gitops {
namespace {
std::string compose(const std::string& op, const std::string& subject, const std::string& detail) {
  std::string msg = op;
  if (!subject.empty()) msg += " '" + subject + "'";
  if (!detail.empty()) msg += ": " + detail;
  return msg;
}
}  // namespace

GitError::GitError(std::string operation, std::string subject, std::string detail, int code)
    : std::runtime_error(compose(operation, subject, detail)),
      operation_(std::move(operation)),
      subject_(std::move(subject)),
      detail_(std::move(detail)),
      code_(code) {}

bool GitError::not_found() const { return code_ == GIT_ENOTFOUND; }

GitError GitError::missing_blob(const std::string& hex) {
  return GitError("read blob", hex, "object not found (" + hex + ")", GIT_ENOTFOUND);
}

void check(int rc, const char* operation, const std::string& subject) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  throw GitError(operation, subject, e && e->message ? e->message : "unknown libgit2 error", rc);
}

}  // namespace migrate::gitops
