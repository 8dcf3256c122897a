// The suite's settings, resolved one way by every command. The value of a
// key is the command-line flag when given, else the configured value
// (git -c > git config > .git-migrate.toml, common/config.h), else the
// schema's default (config_schema.cc). In defaults, "{tooling}" stands for
// the tooling folder, itself resolved first the same way, so a team that
// renames the folder renames every default under it for all three commands.
// The keys every command shares (exclude, deletion_threshold) are validated
// here, with one message each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "gitops/types.h"

namespace migrate {

class SettingResolver {
 public:
  // `tooling_flag`: the command's --tooling, when it has one and it was given.
  explicit SettingResolver(const Config& cfg, const std::optional<std::string>& tooling_flag = std::nullopt);

  // The tooling folder, trailing slashes removed.
  const std::string& tooling() const { return tooling_; }
  const Config& config() const { return cfg_; }

  // Flag > configured > default ("" when the key has none).
  std::string string(std::string_view key, const std::optional<std::string>& flag = std::nullopt) const;
  // Flag (when not empty) > configured > default list.
  std::vector<std::string> strings(std::string_view key, const std::vector<std::string>& flag = {}) const;
  std::int64_t integer(std::string_view key, const std::optional<std::int64_t>& flag = std::nullopt) const;
  bool boolean(std::string_view key, const std::optional<bool>& flag = std::nullopt) const;
  // Where a value came from, for messages: `flag_name` when the flag was
  // given, the config layer ("git config migrate.exclude",
  // ".git-migrate.toml:3"), or "default". A default spelled with {tooling}
  // comes from where the tooling folder was set, when it was.
  std::string origin(std::string_view key, bool flag_given, std::string_view flag_name) const;

  // The excluded folders, {product} replaced when `product` is given;
  // ConfigError "<origin>: excluded folder '<path>' is not a path relative to
  // the repository root".
  std::vector<gitops::RepoPath> excludes(const std::vector<std::string>& flag,
                                         std::string_view product = {}) const;
  // ConfigError "<origin>: deletion_threshold must not be negative".
  std::int64_t deletion_threshold(const std::optional<std::int64_t>& flag) const;

 private:
  std::string with_tooling(std::string_view value) const;

  const Config& cfg_;
  std::string tooling_;
  std::string tooling_origin_;  // "" when tooling is the default
};

// "{product}" in a template replaced by `product`.
std::string expand_product(std::string_view tmpl, std::string_view product);

}  // namespace migrate
