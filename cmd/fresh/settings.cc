#include "cmd/fresh/settings.h"

#include "common/config.h"
#include "common/settings.h"

namespace migrate::cmd {

Settings resolve_settings(const Config& cfg, const FreshFlags& flags, const std::string& product) {
  const SettingResolver r(cfg, flags.tooling);
  auto in_product = [&](std::string_view key, const std::optional<std::string>& flag = std::nullopt) {
    return expand_product(r.string(key, flag), product);
  };
  auto strip_slashes = [](std::string v) {
    while (!v.empty() && v.back() == '/') v.pop_back();
    return v;
  };
  Settings s;
  s.product = product;
  if (flags.base) s.main = *flags.base;
  else if (auto v = cfg.string("main")) s.main = *v;
  s.baseline = r.string("baseline", flags.baseline);
  s.branch = in_product("fresh.branch", flags.branch);
  s.review_branch = in_product("fresh.review_branch");
  s.message = in_product("fresh.message", flags.message);
  s.tooling = r.tooling();
  s.moves = in_product("moves", flags.moves);
  s.config_json = in_product("fresh.config_json");
  s.target = strip_slashes(in_product("fresh.target", flags.target));
  s.settings_file = r.string("fresh.settings_file");
  s.settings_list = r.string("fresh.settings_list");
  s.pause_after = flags.no_pause ? "none" : r.string("fresh.pause_after", flags.pause_after);
  s.run = in_product("fresh.run", flags.run);
  if (!s.run.empty()) s.origin["run"] = r.origin("fresh.run", flags.run.has_value(), "--run");
  for (const gitops::RepoPath& e : r.excludes(flags.exclude, product)) s.exclude.push_back(e.str());
  for (const auto& e : r.strings("fresh.validate")) s.validate.push_back(expand_product(e, product));
  for (const auto& e : r.strings("fresh.generate")) s.generate.push_back(expand_product(e, product));
  s.origin["validate"] = cfg.origin("fresh.validate");
  s.origin["generate"] = cfg.origin("fresh.generate");
  s.django_app = r.boolean("fresh.django_app");
  s.rewrite_strings = r.boolean("rewrite.strings");
  s.import_roots = cfg.strings("import_roots");
  return s;
}

}  // namespace migrate::cmd
