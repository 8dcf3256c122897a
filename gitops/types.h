// Value types of the gitops core: object ids, ref names and
// repository-relative paths are distinct types, never bare strings.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::gitops {

// A SHA-1 object id (libgit2 1.5 knows no other hash).
class Oid {
 public:
  static constexpr std::size_t kRawSize = 20;
  Oid() = default;  // all zero
  explicit Oid(const std::array<unsigned char, kRawSize>& raw) : raw_(raw) {}
  // Parses a full-length hex id; nullopt when it is not one.
  static std::optional<Oid> from_hex(std::string_view hex);
  std::string hex() const;
  std::string short_hex(std::size_t n = 10) const { return hex().substr(0, n); }
  bool is_zero() const;
  const std::array<unsigned char, kRawSize>& raw() const { return raw_; }
  auto operator<=>(const Oid&) const = default;

 private:
  std::array<unsigned char, kRawSize> raw_{};
};

// A full reference name such as "refs/heads/main" or "refs/migrate/backup/x".
class RefName {
 public:
  explicit RefName(std::string full) : full_(std::move(full)) {}
  static RefName branch(std::string_view short_name) { return RefName("refs/heads/" + std::string(short_name)); }
  const std::string& full() const { return full_; }
  bool is_branch() const { return full_.rfind("refs/heads/", 0) == 0; }
  // "main" for refs/heads/main, "origin/main" for refs/remotes/origin/main,
  // the full name otherwise.
  std::string shorthand() const;
  auto operator<=>(const RefName&) const = default;

 private:
  std::string full_;
};

// A path relative to the repository root, '/'-separated, with no leading or
// trailing '/', no "." or ".." segments. The empty path is the root.
class RepoPath {
 public:
  RepoPath() = default;
  // nullopt for absolute paths, ".." escapes, or empty segments.
  static std::optional<RepoPath> parse(std::string_view s);
  const std::string& str() const { return path_; }
  bool empty() const { return path_.empty(); }
  RepoPath parent() const;
  std::string filename() const;
  RepoPath join(std::string_view child) const;
  // The names along the path, outermost first ("a/b" -> {"a", "b"}; the
  // root has none).
  std::vector<std::string> segments() const;
  // True when this path equals `dir` or lies below it ("a/b" is under "a",
  // "ab" is not).
  bool is_under(const RepoPath& dir) const;
  auto operator<=>(const RepoPath&) const = default;

 private:
  explicit RepoPath(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

// Git file modes of tree entries.
enum class FileMode : std::uint32_t {
  kTree = 0040000,
  kBlob = 0100644,
  kExecutable = 0100755,
  kLink = 0120000,
  kCommit = 0160000,  // a submodule (gitlink)
};

}  // namespace migrate::gitops

template <>
struct std::hash<migrate::gitops::Oid> {
  std::size_t operator()(const migrate::gitops::Oid& o) const noexcept {
    std::size_t h;
    static_assert(sizeof(h) <= migrate::gitops::Oid::kRawSize);
    __builtin_memcpy(&h, o.raw().data(), sizeof(h));
    return h;
  }
};
