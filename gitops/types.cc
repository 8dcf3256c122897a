#include "gitops/types.h"

namespace migrate::gitops {
namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<Oid> Oid::from_hex(std::string_view hex) {
  if (hex.size() != 2 * kRawSize) return std::nullopt;
  std::array<unsigned char, kRawSize> raw{};
  for (std::size_t i = 0; i < kRawSize; ++i) {
    const int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    raw[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return Oid(raw);
}

std::string Oid::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * kRawSize, '0');
  for (std::size_t i = 0; i < kRawSize; ++i) {
    out[2 * i] = kDigits[raw_[i] >> 4];
    out[2 * i + 1] = kDigits[raw_[i] & 0xf];
  }
  return out;
}

bool Oid::is_zero() const {
  for (unsigned char c : raw_) if (c) return false;
  return true;
}

std::string RefName::shorthand() const {
  for (std::string_view prefix : {"refs/heads/", "refs/remotes/", "refs/tags/"}) {
    if (full_.rfind(prefix, 0) == 0) return full_.substr(prefix.size());
  }
  return full_;
}

std::vector<std::string> RepoPath::segments() const {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < path_.size();) {
    std::size_t end = path_.find('/', start);
    if (end == std::string::npos) end = path_.size();
    out.push_back(path_.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<RepoPath> RepoPath::parse(std::string_view s) {
  if (s.empty()) return RepoPath();
  if (s.front() == '/') return std::nullopt;
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  std::string out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('/', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view seg = s.substr(start, end - start);
    if (seg.empty() || seg == "..") return std::nullopt;
    if (seg != ".") {
      if (!out.empty()) out += '/';
      out += seg;
    }
    start = end + 1;
  }
  return RepoPath(std::move(out));
}

RepoPath RepoPath::parent() const {
  const auto slash = path_.rfind('/');
  return slash == std::string::npos ? RepoPath() : RepoPath(path_.substr(0, slash));
}

std::string RepoPath::filename() const {
  const auto slash = path_.rfind('/');
  return slash == std::string::npos ? path_ : path_.substr(slash + 1);
}

RepoPath RepoPath::join(std::string_view child) const {
  if (path_.empty()) return RepoPath(std::string(child));
  return RepoPath(path_ + "/" + std::string(child));
}

bool RepoPath::is_under(const RepoPath& dir) const {
  if (dir.path_.empty()) return true;
  if (path_.size() < dir.path_.size()) return false;
  if (path_.compare(0, dir.path_.size(), dir.path_) != 0) return false;
  return path_.size() == dir.path_.size() || path_[dir.path_.size()] == '/';
}

}  // namespace migrate::gitops
