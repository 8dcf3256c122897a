#include "cmd/fresh/settings.h"

#include "common/config.h"

namespace migrate::cmd {
namespace {

std::string pick(const std::optional<std::string>& flag, const Config& cfg, std::string_view key,
                 std::string_view fallback) {
  if (flag) return *flag;
  if (auto v = cfg.string(key)) return *v;
  return std::string(fallback);
}

std::string strip_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

std::string expand(std::string_view tmpl, std::string_view product) {
  std::string out;
  constexpr std::string_view kVar = "{product}";
  std::size_t at = 0;
  while (at < tmpl.size()) {
    const auto hit = tmpl.find(kVar, at);
    if (hit == std::string_view::npos) { out += tmpl.substr(at); break; }
    out += tmpl.substr(at, hit - at);
    out += product;
    at = hit + kVar.size();
  }
  return out;
}

Settings resolve_settings(const Config& cfg, const FreshFlags& flags, const std::string& product) {
  Settings s;
  s.product = product;
  if (flags.base) s.main = *flags.base;
  else if (auto v = cfg.string("main")) s.main = *v;
  s.baseline = pick(flags.baseline, cfg, "baseline", kDefaultBaseline);
  s.branch = expand(pick(flags.branch, cfg, "fresh.branch", kDefaultBranch), product);
  s.review_branch = expand(cfg.string("fresh.review_branch").value_or(kDefaultReviewBranch), product);
  s.message = expand(pick(flags.message, cfg, "fresh.message", kDefaultMessage), product);
  s.tooling = strip_slashes(pick(flags.tooling, cfg, "tooling", kDefaultTooling));
  s.moves = expand(pick(flags.moves, cfg, "moves", s.tooling + "/moves.toml"), product);
  s.config_json = expand(cfg.string("fresh.config_json").value_or(s.tooling + "/migration_config.json"), product);
  s.target = strip_slashes(expand(pick(flags.target, cfg, "fresh.target", kDefaultTarget), product));
  s.settings_file = cfg.string("fresh.settings_file").value_or("");
  s.settings_list = cfg.string("fresh.settings_list").value_or("");
  if (flags.no_pause) s.pause_after = "none";
  else s.pause_after = pick(flags.pause_after, cfg, "fresh.pause_after", kDefaultPauseAfter);
  s.run = expand(pick(flags.run, cfg, "fresh.run", ""), product);
  if (flags.run) s.origin["run"] = "--run";
  else if (!s.run.empty()) s.origin["run"] = cfg.origin("fresh.run");
  if (!flags.exclude.empty()) s.exclude = flags.exclude;
  else s.exclude = cfg.strings("exclude").value_or(std::vector<std::string>{s.tooling + "/"});
  for (auto& e : s.exclude) e = strip_slashes(expand(e, product));
  for (const auto& e : cfg.strings("fresh.validate").value_or(std::vector<std::string>{})) s.validate.push_back(expand(e, product));
  for (const auto& e : cfg.strings("fresh.generate").value_or(std::vector<std::string>{})) s.generate.push_back(expand(e, product));
  s.origin["validate"] = cfg.origin("fresh.validate");
  s.origin["generate"] = cfg.origin("fresh.generate");
  s.django_app = cfg.boolean("fresh.django_app").value_or(true);
  s.rewrite_strings = cfg.boolean("rewrite.strings").value_or(true);
  s.import_roots = cfg.strings("import_roots");
  return s;
}

}  // namespace migrate::cmd
