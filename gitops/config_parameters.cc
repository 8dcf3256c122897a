#include "gitops/config_parameters.h"

#include <cctype>
#include <cstdlib>

#include "gitops/error.h"

namespace migrate::gitops {
namespace {

constexpr const char* kParameters = "GIT_CONFIG_PARAMETERS";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

[[noreturn]] void bogus(std::string_view why) {
  throw GitError(std::string("read ") + kParameters, "", "bogus format (" + std::string(why) + ")");
}

// git's sq_dequote_step: `text[pos]` is the opening quote. Returns the
// dequoted word and leaves `pos` just after its closing quote (and after any
// '\'' or '\!' joined to it).
std::string dequote_step(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '\'') bogus("expected a quoted item");
  std::string out;
  ++pos;
  for (;;) {
    if (pos >= text.size()) bogus("unterminated quote");
    const char c = text[pos++];
    if (c != '\'') {
      out += c;
      continue;
    }
    // A closing quote: an escaped ' or ! may follow, then the quote reopens.
    if (pos + 2 < text.size() && text[pos] == '\\' && (text[pos + 1] == '\'' || text[pos + 1] == '!') &&
        text[pos + 2] == '\'') {
      out += text[pos + 1];
      pos += 3;
      continue;
    }
    return out;
  }
}

ConfigParameter make(std::string_view key, std::optional<std::string> value, std::string_view source) {
  std::string k = canonical_config_key(key);
  if (k.empty()) throw GitError("read " + std::string(source), std::string(key), "key does not contain a section");
  return ConfigParameter{std::move(k), std::move(value)};
}

}  // namespace

std::string canonical_config_key(std::string_view key) {
  const auto first = key.find('.');
  const auto last = key.rfind('.');
  if (first == std::string_view::npos || first == 0 || last + 1 == key.size()) return "";
  return lower(key.substr(0, first)) + std::string(key.substr(first, last - first)) + "." + lower(key.substr(last + 1));
}

std::vector<ConfigParameter> parse_config_parameters(std::string_view text) {
  std::vector<ConfigParameter> out;
  std::size_t pos = 0;
  while (pos < text.size() && is_space(text[pos])) ++pos;
  while (pos < text.size()) {
    const std::string item = dequote_step(text, pos);
    if (pos == text.size() || is_space(text[pos])) {
      // Old form 'key=value' (or 'key' without a value).
      const auto eq = item.find('=');
      if (eq == std::string::npos) out.push_back(make(item, std::nullopt, kParameters));
      else out.push_back(make(item.substr(0, eq), item.substr(eq + 1), kParameters));
    } else if (text[pos] == '=') {
      ++pos;
      if (pos < text.size() && text[pos] == '\'') {
        std::string value = dequote_step(text, pos);
        if (pos < text.size() && !is_space(text[pos])) bogus("text after a quoted value");
        out.push_back(make(item, std::move(value), kParameters));
      } else if (pos == text.size() || is_space(text[pos])) {
        out.push_back(make(item, std::nullopt, kParameters));  // 'key'=
      } else {
        bogus("unquoted value");
      }
    } else {
      bogus("unknown item form");
    }
    while (pos < text.size() && is_space(text[pos])) ++pos;
  }
  return out;
}

std::vector<ConfigParameter> command_line_config() {
  std::vector<ConfigParameter> out;
  if (const char* count_text = std::getenv("GIT_CONFIG_COUNT"); count_text && *count_text) {
    char* end = nullptr;
    const unsigned long count = std::strtoul(count_text, &end, 10);
    if (*end != '\0' || count > 1000000)
      throw GitError("read GIT_CONFIG_COUNT", count_text, "not a number of config pairs");
    for (unsigned long i = 0; i < count; ++i) {
      const std::string key_var = "GIT_CONFIG_KEY_" + std::to_string(i);
      const std::string value_var = "GIT_CONFIG_VALUE_" + std::to_string(i);
      const char* key = std::getenv(key_var.c_str());
      if (!key) throw GitError("read " + key_var, "", "missing config key " + key_var);
      const char* value = std::getenv(value_var.c_str());
      if (!value) throw GitError("read " + value_var, "", "missing config value " + value_var);
      out.push_back(make(key, std::string(value), key_var));
    }
  }
  if (const char* params = std::getenv(kParameters); params && *params) {
    auto more = parse_config_parameters(params);
    out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return out;
}

}  // namespace migrate::gitops
