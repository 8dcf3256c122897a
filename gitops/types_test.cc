#include "gitops/types.h"

#include <gtest/gtest.h>

namespace migrate::gitops {
namespace {

TEST(RepoPath, ParseNormalisesAndRefusesEscapes) {
  EXPECT_EQ(RepoPath::parse("a/./b/")->str(), "a/b");
  EXPECT_TRUE(RepoPath::parse("")->empty());
  EXPECT_FALSE(RepoPath::parse("/abs"));
  EXPECT_FALSE(RepoPath::parse("a/../b"));
  EXPECT_FALSE(RepoPath::parse("a//b"));
}

TEST(RepoPath, SegmentsParentFilenameJoinAndIsUnder) {
  const RepoPath p = *RepoPath::parse("products/error_tracking/backend/apps.py");
  EXPECT_EQ(p.segments(), (std::vector<std::string>{"products", "error_tracking", "backend", "apps.py"}));
  EXPECT_EQ(RepoPath::parse("x")->segments(), std::vector<std::string>{"x"});
  EXPECT_TRUE(RepoPath().segments().empty());
  EXPECT_EQ(p.parent().str(), "products/error_tracking/backend");
  EXPECT_EQ(p.filename(), "apps.py");
  EXPECT_EQ(p.parent().join("models.py").str(), "products/error_tracking/backend/models.py");
  EXPECT_TRUE(p.is_under(*RepoPath::parse("products")));
  EXPECT_FALSE(p.is_under(*RepoPath::parse("prod")));
}

}  // namespace
}  // namespace migrate::gitops
