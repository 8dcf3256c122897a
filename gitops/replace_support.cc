#include "gitops/replace_support.h"

#include <git2.h>

namespace migrate::gitops {

void cache_blobs(std::size_t max_blob_bytes) {
  check(git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, max_blob_bytes), "set blob cache limit");
}

void keep_reflog(Repository& repo, const RefName& ref) {
  check(git_reference_ensure_log(repo.raw(), ref.full().c_str()), "create reflog", ref.full());
}

}  // namespace migrate::gitops
