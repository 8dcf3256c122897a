#include "gitops/replace_support.h"

#include <git2.h>

namespace migrate::gitops {

void keep_reflog(Repository& repo, const RefName& ref) {
  check(git_reference_ensure_log(repo.raw(), ref.full().c_str()), "create reflog", ref.full());
}

}  // namespace migrate::gitops
