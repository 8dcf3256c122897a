#include "rewrite/repo_path.h"

#include <gtest/gtest.h>

namespace migrate::rewrite {
namespace {

TEST(NormalizeRepoPath, DropsEmptyAndDotSegments) {
  EXPECT_EQ(normalize_repo_path("a/./b//c/"), "a/b/c");
  EXPECT_EQ(normalize_repo_path("./migrations"), "migrations");
  EXPECT_EQ(normalize_repo_path("."), "");
  EXPECT_EQ(normalize_repo_path(""), "");
}

TEST(NormalizeRepoPath, DotDotTakesAwayTheSegmentBefore) {
  EXPECT_EQ(normalize_repo_path("a/b/../c"), "a/c");
  EXPECT_EQ(normalize_repo_path("src/app/../../alembic"), "alembic");
  EXPECT_EQ(normalize_repo_path("a/.."), "");
}

TEST(NormalizeRepoPath, ClimbingAboveTheRootIsNoPath) {
  EXPECT_EQ(normalize_repo_path(".."), std::nullopt);
  EXPECT_EQ(normalize_repo_path("a/../.."), std::nullopt);
  EXPECT_EQ(normalize_repo_path("../a"), std::nullopt);
}

TEST(NormalizeRepoPath, ALeadingSlashIsAnEmptySegment) {
  EXPECT_EQ(normalize_repo_path("/a/b"), "a/b");
}

}  // namespace
}  // namespace migrate::rewrite
