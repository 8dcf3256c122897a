#include "common/test_hook.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace migrate {

void test_stop_point(std::string_view point) {
  static const char* wanted = std::getenv("GIT_MIGRATE_TEST_STOP_AT");
  if (!wanted || !*wanted) return;
  const std::string_view spec(wanted);
  const auto hash = spec.find('#');
  if (spec.substr(0, hash) != point) return;
  long n = 1;
  if (hash != std::string_view::npos) n = std::strtol(std::string(spec.substr(hash + 1)).c_str(), nullptr, 10);
  static std::mutex mutex;
  static long passed = 0;
  std::lock_guard<std::mutex> lock(mutex);
  if (++passed == n) kill(getpid(), SIGKILL);
}

}  // namespace migrate
