#include "common/errors.h"

#include <iostream>
#include <string>

#include "common/config.h"
#include "common/exit_codes.h"
#include "gitops/error.h"
#include "gitops/promisor.h"
#include "gitops/repository.h"

namespace migrate {

int guarded_main(std::string_view command_name, const std::function<int()>& body) {
  const std::string name(command_name);
  // libgit2 stays initialised while the handlers below look at the
  // repository (missing_object_hints).
  gitops::Library library;
  try {
    return body();
  } catch (const gitops::GitError& e) {
    std::cerr << name << ": fatal: " << e.what() << std::endl;
    // A missing object in a shallow or partial clone: say what to run.
    for (const auto& h : gitops::missing_object_hints(e)) std::cerr << "hint: " << h << '\n';
    return kExitGitFailed;
  } catch (const ConfigError& e) {
    std::cerr << name << ": error: " << e.what() << std::endl;
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << name << ": fatal: " << e.what() << std::endl;
    return kExitGitFailed;
  }
}

}  // namespace migrate
