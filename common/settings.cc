#include "common/settings.h"

#include <stdexcept>

namespace migrate {
namespace {

const ConfigKey& spec(std::string_view key) {
  for (const ConfigKey& k : config_schema())
    if (k.key == key) return k;
  throw std::logic_error("config key '" + std::string(key) + "' is not in config_schema()");
}

std::string replace_all(std::string_view text, std::string_view var, std::string_view value) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t hit = text.find(var, at);
    if (hit == std::string_view::npos) {
      out += text.substr(at);
      break;
    }
    out += text.substr(at, hit - at);
    out += value;
    at = hit + var.size();
  }
  return out;
}

std::string strip_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

std::string expand_product(std::string_view tmpl, std::string_view product) {
  return replace_all(tmpl, "{product}", product);
}

SettingResolver::SettingResolver(const Config& cfg, const std::optional<std::string>& tooling_flag) : cfg_(cfg) {
  if (tooling_flag) {
    tooling_ = *tooling_flag;
    tooling_origin_ = "--tooling";
  } else if (auto v = cfg.string("tooling")) {
    tooling_ = *v;
    tooling_origin_ = cfg.origin("tooling");
  } else {
    tooling_ = std::string(spec("tooling").default_value);
  }
  tooling_ = strip_slashes(tooling_);
}

std::string SettingResolver::with_tooling(std::string_view value) const {
  return replace_all(value, "{tooling}", tooling_);
}

std::string SettingResolver::string(std::string_view key, const std::optional<std::string>& flag) const {
  if (flag) return *flag;
  if (auto v = cfg_.string(key)) return *v;
  return with_tooling(spec(key).default_value);
}

std::vector<std::string> SettingResolver::strings(std::string_view key, const std::vector<std::string>& flag) const {
  if (!flag.empty()) return flag;
  if (auto v = cfg_.strings(key)) return *v;
  std::vector<std::string> out;
  for (std::string_view d : spec(key).default_list) out.push_back(with_tooling(d));
  return out;
}

std::int64_t SettingResolver::integer(std::string_view key, const std::optional<std::int64_t>& flag) const {
  if (flag) return *flag;
  if (auto v = cfg_.integer(key)) return *v;
  return std::stoll(std::string(spec(key).default_value));
}

bool SettingResolver::boolean(std::string_view key, const std::optional<bool>& flag) const {
  if (flag) return *flag;
  if (auto v = cfg_.boolean(key)) return *v;
  return spec(key).default_value == "true";
}

std::string SettingResolver::origin(std::string_view key, bool flag_given, std::string_view flag_name) const {
  if (flag_given) return std::string(flag_name);
  std::string o = cfg_.origin(key);
  if (!o.empty()) return o;
  // The default exclude is "{tooling}/": a bad value there is the tooling
  // setting's.
  const ConfigKey& k = spec(key);
  bool from_tooling = k.default_value.find("{tooling}") != std::string_view::npos;
  for (std::string_view d : k.default_list) from_tooling |= d.find("{tooling}") != std::string_view::npos;
  return from_tooling && !tooling_origin_.empty() ? tooling_origin_ : "default";
}

std::vector<gitops::RepoPath> SettingResolver::excludes(const std::vector<std::string>& flag,
                                                        std::string_view product) const {
  std::vector<gitops::RepoPath> out;
  for (const std::string& raw : strings("exclude", flag)) {
    const std::string e = strip_slashes(product.empty() ? raw : expand_product(raw, product));
    std::optional<gitops::RepoPath> p = gitops::RepoPath::parse(e);
    if (!p || p->empty()) {
      throw ConfigError(origin("exclude", !flag.empty(), "--exclude") + ": excluded folder '" + raw +
                        "' is not a path relative to the repository root");
    }
    out.push_back(*p);
  }
  return out;
}

std::int64_t SettingResolver::deletion_threshold(const std::optional<std::int64_t>& flag) const {
  const std::int64_t v = integer("deletion_threshold", flag);
  if (v < 0) {
    throw ConfigError(origin("deletion_threshold", flag.has_value(), "--deletion-threshold") +
                      ": deletion_threshold must not be negative");
  }
  return v;
}

}  // namespace migrate
