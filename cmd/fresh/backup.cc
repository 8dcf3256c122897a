#include "cmd/fresh/backup.h"

#include <string>

namespace migrate::cmd {

gitops::RefName write_backup(gitops::Repository& repo, std::string_view branch, const gitops::Oid& value,
                             std::string_view why) {
  const std::string prefix = "refs/migrate/backup/" + std::string(branch) + "/";
  long next = 1;
  for (const auto& [ref, oid] : repo.refs_with_prefix(prefix)) {
    const std::string tail = ref.full().substr(prefix.size());
    if (tail.empty() || tail.find_first_not_of("0123456789") != std::string::npos) continue;
    next = std::max(next, std::stol(tail) + 1);
  }
  const gitops::RefName ref(prefix + std::to_string(next));
  repo.update_ref(ref, value, std::nullopt, "migrate-fresh: backup of " + std::string(branch) + " (" + std::string(why) + ")");
  return ref;
}

}  // namespace migrate::cmd
