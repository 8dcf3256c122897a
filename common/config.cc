#include "common/config.h"

#include <cctype>

#include "common/fs.h"
#include "gitops/repository.h"

namespace migrate {

namespace {

const ConfigKey* find_key(std::string_view key) {
  for (const auto& k : config_schema()) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

bool is_table_prefix(std::string_view prefix) {
  const std::string p = std::string(prefix) + ".";
  for (const auto& k : config_schema()) {
    if (k.key.substr(0, p.size()) == p) return true;
  }
  return false;
}

const char* type_name(ConfigType t) {
  switch (t) {
    case ConfigType::kString: return "a string";
    case ConfigType::kStringList: return "a list of strings";
    case ConfigType::kInteger: return "an integer";
    case ConfigType::kBoolean: return "a boolean";
    case ConfigType::kTableArray: return "an array of tables";
    case ConfigType::kTable: return "a table";
  }
  return "value";
}

bool has_type(const toml::node& n, ConfigType t) {
  switch (t) {
    case ConfigType::kString: return n.is_string();
    case ConfigType::kStringList: {
      const toml::array* a = n.as_array();
      if (!a) return false;
      for (const auto& e : *a) {
        if (!e.is_string()) return false;
      }
      return true;
    }
    case ConfigType::kInteger: return n.is_integer();
    case ConfigType::kBoolean: return n.is_boolean();
    case ConfigType::kTableArray: {
      const toml::array* a = n.as_array();
      if (!a) return false;
      for (const auto& e : *a) {
        if (!e.is_table()) return false;
      }
      return true;
    }
    case ConfigType::kTable: return n.is_table();
  }
  return false;
}

std::string where(const std::string& label, const toml::node& n) {
  return label + ":" + std::to_string(n.source().begin.line);
}

// Checks every key of `table` (whose dotted name is `prefix`) against the
// schema.
void validate_table(const toml::table& table, const std::string& prefix, const std::string& label) {
  for (const auto& [k, node] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const ConfigKey* spec = find_key(key)) {
      if (!has_type(node, spec->type)) {
        throw ConfigError(where(label, node) + ": '" + key + "' must be " + type_name(spec->type));
      }
      continue;
    }
    if (node.is_table() && is_table_prefix(key)) {
      validate_table(*node.as_table(), key, label);
      continue;
    }
    // Keys carry their own position; tables point at their header.
    const auto line = k.source().begin.line ? k.source().begin.line : node.source().begin.line;
    throw ConfigError(label + ":" + std::to_string(line) + ": unknown key '" + key + "'");
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const ConfigKey& require_key(std::string_view key, ConfigType type) {
  const ConfigKey* spec = find_key(key);
  if (!spec) throw std::logic_error("config key '" + std::string(key) + "' is not in config_schema()");
  if (spec->type != type) {
    throw std::logic_error("config key '" + std::string(key) + "' is " + type_name(spec->type) + ", read as " +
                           type_name(type));
  }
  return *spec;
}

// Validates the migrate.* keys of git config: known names, types that parse.
void validate_git_layer(const gitops::Repository& repo) {
  for (const auto& [name, value] : repo.config_with_prefix("migrate.")) {
    const ConfigKey* spec = nullptr;
    for (const auto& k : config_schema()) {
      if (lower(Config::git_name(k.key)) == lower(name)) {
        spec = &k;
        break;
      }
    }
    const char* layer = repo.config_from_command_line(name) ? "git -c" : "git config";
    if (!spec) throw ConfigError(std::string(layer) + ": unknown key '" + name + "'");
    const std::string git_key = Config::git_name(spec->key);
    switch (spec->type) {
      case ConfigType::kTableArray:
      case ConfigType::kTable:
        throw ConfigError(std::string(layer) + ": '" + git_key + "' can only be set in " + std::string(Config::kFileName) +
                          " (as '" + std::string(spec->key) + "')");
      case ConfigType::kInteger:
        try {
          repo.config_int(git_key);
        } catch (const gitops::GitError&) {
          throw ConfigError(std::string(layer) + ": '" + git_key + "' must be an integer (got '" + value + "')");
        }
        break;
      case ConfigType::kBoolean:
        try {
          repo.config_bool(git_key);
        } catch (const gitops::GitError&) {
          throw ConfigError(std::string(layer) + ": '" + git_key + "' must be a boolean (got '" + value + "')");
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace

std::string Config::git_name(std::string_view key) {
  std::string out = "migrate.";
  bool upper_next = false;
  const auto dot = key.rfind('.');
  const std::string_view table = dot == std::string_view::npos ? std::string_view() : key.substr(0, dot);
  const std::string_view name = dot == std::string_view::npos ? key : key.substr(dot + 1);
  if (!table.empty()) out += std::string(table) + ".";
  for (char c : name) {
    if (c == '_') {
      upper_next = true;
      continue;
    }
    out += upper_next ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper_next = false;
  }
  return out;
}

Config Config::load(const gitops::Repository& repo) {
  const std::string path = repo.workdir() + std::string(kFileName);
  const std::string text = read_file(path).value_or("");
  return from_text(text, std::string(kFileName), &repo);
}

Config Config::from_text(std::string_view toml_text, std::string file_label, const gitops::Repository* repo) {
  Config cfg;
  cfg.file_label_ = std::move(file_label);
  cfg.repo_ = repo;
  try {
    cfg.file_ = toml::parse(toml_text, cfg.file_label_);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw ConfigError(cfg.file_label_ + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) + ": " +
                      std::string(e.description()));
  }
  validate_table(cfg.file_, "", cfg.file_label_);
  if (repo) validate_git_layer(*repo);
  return cfg;
}

std::optional<std::string> Config::string(std::string_view key) const {
  require_key(key, ConfigType::kString);
  if (repo_) {
    if (auto v = repo_->config_string(git_name(key))) return v;
  }
  if (auto v = file_.at_path(key).value<std::string>()) return v;
  return std::nullopt;
}

std::optional<std::vector<std::string>> Config::strings(std::string_view key) const {
  require_key(key, ConfigType::kStringList);
  if (repo_) {
    auto values = repo_->config_multi(git_name(key));
    if (!values.empty()) {
      // An empty value clears the list: `git config migrate.exclude ""`.
      std::erase(values, std::string());
      return values;
    }
  }
  if (const toml::array* a = file_.at_path(key).as_array()) {
    std::vector<std::string> out;
    for (const auto& e : *a) out.push_back(*e.value<std::string>());
    return out;
  }
  return std::nullopt;
}

std::optional<std::int64_t> Config::integer(std::string_view key) const {
  require_key(key, ConfigType::kInteger);
  if (repo_) {
    try {
      if (auto v = repo_->config_int(git_name(key))) return v;
    } catch (const gitops::GitError&) {
      throw ConfigError(std::string(repo_->config_from_command_line(git_name(key)) ? "git -c" : "git config") + ": '" + git_name(key) + "' must be an integer");
    }
  }
  if (auto v = file_.at_path(key).value<std::int64_t>()) return v;
  return std::nullopt;
}

std::optional<bool> Config::boolean(std::string_view key) const {
  require_key(key, ConfigType::kBoolean);
  if (repo_) {
    try {
      if (auto v = repo_->config_bool(git_name(key))) return v;
    } catch (const gitops::GitError&) {
      throw ConfigError(std::string(repo_->config_from_command_line(git_name(key)) ? "git -c" : "git config") + ": '" + git_name(key) + "' must be a boolean");
    }
  }
  if (auto v = file_.at_path(key).value<bool>()) return v;
  return std::nullopt;
}

const toml::node* Config::node(std::string_view key) const { return file_.at_path(key).node(); }

std::string Config::origin(std::string_view key) const {
  if (repo_ && find_key(key)) {
    const std::string name = git_name(key);
    if (repo_->config_from_command_line(name)) return "git -c " + name;
    if (!repo_->config_multi(name).empty()) return "git config " + name;
  }
  if (const toml::node* n = file_.at_path(key).node()) return where(file_label_, *n);
  return "";
}

}  // namespace migrate
