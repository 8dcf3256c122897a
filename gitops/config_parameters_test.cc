#include "gitops/config_parameters.h"

#include <gtest/gtest.h>

#include "gitops/error.h"

namespace migrate::gitops {
namespace {

std::string show(const std::vector<ConfigParameter>& ps) {
  std::string out;
  for (const auto& p : ps) out += p.key + (p.value ? "=[" + *p.value + "]" : std::string(" (no value)")) + "\n";
  return out;
}

// The text is what git 2.39 puts in GIT_CONFIG_PARAMETERS for
//   git -c a.b=1 -c x.Sub.Z=2 -c flag.on -c e.v= -c "q.r=it's a!b"
TEST(ConfigParametersTest, CurrentForm) {
  EXPECT_EQ(show(parse_config_parameters(
                "'a.b'='1' 'x.Sub.Z'='2' 'flag.on'= 'e.v'='' 'q.r'='it'\\''s a'\\!'b'")),
            "a.b=[1]\nx.Sub.z=[2]\nflag.on (no value)\ne.v=[]\nq.r=[it's a!b]\n");
}

// Older git (before 2.31) wrote 'key=value' items.
TEST(ConfigParametersTest, OldForm) {
  EXPECT_EQ(show(parse_config_parameters(" 'Migrate.Main=trunk'  'color.ui' 'k.v=a=b'")),
            "migrate.main=[trunk]\ncolor.ui (no value)\nk.v=[a=b]\n");
}

TEST(ConfigParametersTest, EmptyIsNothing) { EXPECT_EQ(show(parse_config_parameters("")), ""); }

TEST(ConfigParametersTest, BogusFormsAreErrors) {
  for (const char* bad : {"a.b=1", "'a.b", "'a.b'=1", "'a.b'x", "'a.b'='1'x", "'nosection'='1'"}) {
    EXPECT_THROW(parse_config_parameters(bad), GitError) << bad;
  }
}

TEST(ConfigParametersTest, CanonicalKey) {
  EXPECT_EQ(canonical_config_key("Migrate.Fresh.PauseAfter"), "migrate.Fresh.pauseafter");
  EXPECT_EQ(canonical_config_key("color.UI"), "color.ui");
  EXPECT_EQ(canonical_config_key("nosection"), "");
}

}  // namespace
}  // namespace migrate::gitops
