#include "cmd/fresh/state.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <sstream>

#include <toml++/toml.h>

#include "common/fs.h"

namespace fs = std::filesystem;

namespace migrate::cmd {
namespace {

constexpr std::string_view kStatusNames[] = {"pending", "in_progress", "completed", "failed"};

// Seconds since the epoch in UTC, formatted by strftime.
std::string utc_time(std::int64_t t, const char* format) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string iso_time(std::int64_t t) { return utc_time(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::optional<std::int64_t> parse_iso_time(std::string_view s) {
  std::tm tm{};
  const std::string str(s);
  const char* end = strptime(str.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string where(const toml::node& n, const std::string& label) {
  const auto& src = n.source();
  return label + ":" + std::to_string(src.begin.line);
}

std::string required_string(const toml::table& t, std::string_view key, const std::string& label,
                            bool allow_empty = false) {
  const toml::node* n = t.get(key);
  if (!n) throw StateError(label + ": missing '" + std::string(key) + "'");
  if (!n->is_string()) throw StateError(where(*n, label) + ": '" + std::string(key) + "' is not a string");
  std::string v = n->as_string()->get();
  if (v.empty() && !allow_empty) throw StateError(where(*n, label) + ": '" + std::string(key) + "' is empty");
  return v;
}

std::string optional_string(const toml::table& t, std::string_view key, const std::string& label) {
  if (!t.get(key)) return {};
  return required_string(t, key, label, true);
}

std::vector<std::string> string_list(const toml::table& t, std::string_view key, const std::string& label) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a) throw StateError(where(*n, label) + ": '" + std::string(key) + "' is not a list");
  for (const auto& e : *a) {
    if (!e.is_string()) throw StateError(where(e, label) + ": '" + std::string(key) + "' holds a non-string");
    out.push_back(e.as_string()->get());
  }
  return out;
}

bool is_hex_id(std::string_view s) {
  return s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::string_view status_name(PhaseStatus s) { return kStatusNames[static_cast<int>(s)]; }

PhaseRecord* State::find(std::string_view phase) {
  for (auto& p : phases)
    if (p.name == phase) return &p;
  return nullptr;
}

const PhaseRecord* State::find(std::string_view phase) const {
  return const_cast<State*>(this)->find(phase);
}

const PhaseRecord* State::next() const {
  for (const auto& p : phases)
    if (p.status != PhaseStatus::kCompleted) return &p;
  return nullptr;
}

std::string state_path(const std::string& git_dir, std::string_view product) {
  std::string dir = git_dir;
  if (!dir.empty() && dir.back() != '/') dir += '/';
  return dir + "migrate/" + std::string(product) + ".toml";
}

std::string serialize_state(const State& s) {
  toml::table t;
  t.insert("version", State::kVersion);
  t.insert("product", s.product);
  t.insert("base", s.base);
  t.insert("base_spec", s.base_spec);
  t.insert("baseline", s.baseline);
  t.insert("baseline_id", s.baseline_id);
  t.insert("branch", s.branch);
  t.insert("start_branch", s.start_branch);
  t.insert("start_id", s.start_id);
  if (!s.replaced.empty()) t.insert("replaced", s.replaced);
  if (!s.run.empty()) t.insert("run", s.run);
  toml::array untracked;
  for (const auto& u : s.untracked) untracked.push_back(u);
  t.insert("untracked", std::move(untracked));
  if (!s.pause_after.empty()) t.insert("pause_after", s.pause_after);
  if (s.pid != 0) t.insert("pid", s.pid);
  if (s.child != 0) t.insert("child", s.child);
  toml::array phases;
  for (const auto& p : s.phases) {
    toml::table pt;
    pt.insert("name", p.name);
    pt.insert("status", std::string(status_name(p.status)));
    if (p.time != 0) pt.insert("timestamp", iso_time(p.time));
    if (!p.note.empty()) pt.insert("note", p.note);
    if (!p.message.empty()) pt.insert("message", p.message);
    if (!p.output.empty()) {
      toml::array out;
      for (const auto& l : p.output) out.push_back(l);
      pt.insert("output", std::move(out));
    }
    phases.push_back(std::move(pt));
  }
  t.insert("phases", std::move(phases));
  std::ostringstream os;
  os << "# git migrate-fresh state (see git-migrate-fresh(1)); written by the command.\n"
     << toml::toml_formatter(t, toml::toml_formatter::default_flags & ~toml::format_flags::indentation)
     << "\n";
  return os.str();
}

State parse_state(std::string_view text, const std::string& label, const std::vector<std::string>& known_phases) {
  toml::table t;
  try {
    t = toml::parse(text, label);
  } catch (const toml::parse_error& e) {
    throw StateError(label + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  const toml::node* version = t.get("version");
  if (!version) throw StateError(label + ": missing 'version'");
  if (!version->is_integer())
    throw StateError(where(*version, label) + ": 'version' is not an integer (this git-migrate-fresh writes version " +
                     std::to_string(State::kVersion) + ")");
  if (version->as_integer()->get() != State::kVersion)
    throw StateError(where(*version, label) + ": version " + std::to_string(version->as_integer()->get()) +
                     " is not known to this git-migrate-fresh (it writes version " + std::to_string(State::kVersion) + ")");
  State s;
  s.product = required_string(t, "product", label);
  s.base = required_string(t, "base", label);
  s.base_spec = required_string(t, "base_spec", label, true);
  s.baseline = required_string(t, "baseline", label);
  s.baseline_id = required_string(t, "baseline_id", label);
  s.branch = required_string(t, "branch", label);
  s.start_branch = required_string(t, "start_branch", label);
  s.start_id = required_string(t, "start_id", label);
  s.replaced = optional_string(t, "replaced", label);
  s.run = optional_string(t, "run", label);
  s.untracked = string_list(t, "untracked", label);
  s.pause_after = optional_string(t, "pause_after", label);
  for (auto [key, field] : {std::pair{"pid", &s.pid}, std::pair{"child", &s.child}}) {
    const toml::node* n = t.get(key);
    if (!n) continue;
    if (!n->is_integer() || n->as_integer()->get() < 0)
      throw StateError(where(*n, label) + ": '" + key + "' is not a process id");
    *field = n->as_integer()->get();
  }
  for (const auto* id : {&s.base, &s.baseline_id, &s.start_id})
    if (!is_hex_id(*id)) throw StateError(label + ": '" + *id + "' is not a full commit id");
  if (!s.replaced.empty() && !is_hex_id(s.replaced)) throw StateError(label + ": 'replaced' is not a full commit id");

  const toml::node* phases = t.get("phases");
  if (!phases || !phases->is_array_of_tables()) throw StateError(label + ": missing the [[phases]] tables");
  for (const auto& pn : *phases->as_array()) {
    const toml::table& pt = *pn.as_table();
    PhaseRecord p;
    p.name = required_string(pt, "name", label);
    if (std::find(known_phases.begin(), known_phases.end(), p.name) == known_phases.end())
      throw StateError(where(*pt.get("name"), label) + ": unknown phase '" + p.name + "'");
    const std::string status = required_string(pt, "status", label);
    const auto it = std::find(std::begin(kStatusNames), std::end(kStatusNames), status);
    if (it == std::end(kStatusNames)) throw StateError(where(*pt.get("status"), label) + ": unknown status '" + status + "'");
    p.status = static_cast<PhaseStatus>(it - std::begin(kStatusNames));
    const std::string ts = optional_string(pt, "timestamp", label);
    if (!ts.empty()) {
      const auto parsed = parse_iso_time(ts);
      if (!parsed) throw StateError(where(pn, label) + ": bad timestamp '" + ts + "'");
      p.time = *parsed;
    }
    p.note = optional_string(pt, "note", label);
    p.message = optional_string(pt, "message", label);
    p.output = string_list(pt, "output", label);
    s.phases.push_back(std::move(p));
  }
  if (s.phases.empty()) throw StateError(label + ": no phases");
  return s;
}

std::optional<State> load_state(const std::string& path, const std::vector<std::string>& known_phases,
                                const std::string& label) {
  const std::string& name = label.empty() ? path : label;
  const std::optional<std::string> text = read_file(path);
  if (!text) {
    if (!fs::exists(path)) return std::nullopt;
    throw StateError(name + ": cannot be read");
  }
  return parse_state(*text, name, known_phases);
}

std::string state_label(const std::string& state_file, const std::string& workdir) {
  return state_file.rfind(workdir, 0) == 0 ? state_file.substr(workdir.size()) : state_file;
}

void save_state(const std::string& path, const State& s) { write_file_atomic(path, serialize_state(s)); }

std::vector<std::string> products_with_state(const std::string& git_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  const fs::path dir = fs::path(git_dir) / "migrate";
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".toml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string format_time(std::int64_t t) { return utc_time(t, "%Y-%m-%d %H:%M:%S UTC"); }

}  // namespace migrate::cmd
