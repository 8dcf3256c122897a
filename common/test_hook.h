// Test-only fault injection. When the environment variable
// GIT_MIGRATE_TEST_STOP_AT names a stop point ("<point>" or "<point>#<n>" for
// its n-th passage, counted from 1), the process kills itself with SIGKILL
// there, as a `kill -9` or a power cut at that moment would. The fault-
// injection tests use it to stop the commands at every step boundary; it is
// not a user setting and does nothing when the variable is unset.
#pragma once

#include <string_view>

namespace migrate {

void test_stop_point(std::string_view point);

}  // namespace migrate
