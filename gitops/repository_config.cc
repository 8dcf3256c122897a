// Repository: git config, the user's identity, and writing commits.
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "gitops/config_parameters.h"
#include "gitops/date.h"
#include "gitops/handles.h"
#include "gitops/internal.h"
#include "gitops/repository.h"

namespace migrate::gitops {

namespace fs = std::filesystem;

namespace {

ConfigHandle snapshot(git_repository* repo) {
  ConfigHandle cfg;
  check_git(git_repository_config_snapshot(out(cfg), repo), "read config", git_repository_path(repo));
  return cfg;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The values `git -c` (and GIT_CONFIG_COUNT) give `key`, in order; empty
// when the command line does not set it. A key given without a value reads
// as "true", git's rule for such keys.
std::vector<std::string> command_line_values(const std::string& key) {
  const std::string want = canonical_config_key(key);
  std::vector<std::string> values;
  for (auto& p : command_line_config())
    if (p.key == want) values.push_back(p.value.value_or("true"));
  return values;
}

}  // namespace

bool Repository::config_from_command_line(const std::string& key) const { return !command_line_values(key).empty(); }

std::optional<std::string> Repository::config_string(const std::string& key) const {
  if (auto cl = command_line_values(key); !cl.empty()) return cl.back();
  ConfigHandle cfg = snapshot(repo_);
  BufHandle buf;
  const int rc = git_config_get_string_buf(buf.get(), cfg.get(), key.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check_git(rc, "read config", key);
  return buf.str();
}

std::vector<std::string> Repository::config_multi(const std::string& key) const {
  if (auto cl = command_line_values(key); !cl.empty()) return cl;
  ConfigHandle cfg = snapshot(repo_);
  std::vector<std::string> values;
  const int rc = git_config_get_multivar_foreach(
      cfg.get(), key.c_str(), nullptr,
      [](const git_config_entry* e, void* payload) {
        static_cast<std::vector<std::string>*>(payload)->emplace_back(e->value ? e->value : "");
        return 0;
      },
      &values);
  if (rc == GIT_ENOTFOUND) return {};
  check_git(rc, "read config", key);
  return values;
}

std::optional<bool> Repository::config_bool(const std::string& key) const {
  if (auto cl = command_line_values(key); !cl.empty()) {
    int value = 0;
    if (git_config_parse_bool(&value, cl.back().c_str()) < 0)
      throw GitError("read config", key, "'" + cl.back() + "' (git -c) is not a boolean (true/false)", GIT_EINVALID);
    return value != 0;
  }
  ConfigHandle cfg = snapshot(repo_);
  int value = 0;
  const int rc = git_config_get_bool(&value, cfg.get(), key.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  if (rc < 0) {
    const auto raw = config_string(key);
    throw GitError("read config", key, "'" + raw.value_or("") + "' is not a boolean (true/false)", rc);
  }
  return value != 0;
}

std::optional<std::int64_t> Repository::config_int(const std::string& key) const {
  if (auto cl = command_line_values(key); !cl.empty()) {
    std::int64_t value = 0;
    if (git_config_parse_int64(&value, cl.back().c_str()) < 0)
      throw GitError("read config", key, "'" + cl.back() + "' (git -c) is not an integer", GIT_EINVALID);
    return value;
  }
  ConfigHandle cfg = snapshot(repo_);
  std::int64_t value = 0;
  const int rc = git_config_get_int64(&value, cfg.get(), key.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  if (rc < 0) {
    const auto raw = config_string(key);
    throw GitError("read config", key, "'" + raw.value_or("") + "' is not an integer", rc);
  }
  return value;
}

std::vector<std::pair<std::string, std::string>> Repository::config_with_prefix(const std::string& prefix) const {
  ConfigHandle cfg = snapshot(repo_);
  ConfigIteratorHandle it;
  check_git(git_config_iterator_new(out(it), cfg.get()), "read config", prefix);
  const std::string want = lower(prefix);
  std::vector<std::pair<std::string, std::string>> result;
  git_config_entry* e = nullptr;
  int rc;
  while ((rc = git_config_next(&e, it.get())) == 0) {
    const std::string name = e->name ? e->name : "";
    if (lower(name).compare(0, want.size(), want) == 0) result.emplace_back(name, e->value ? e->value : "");
  }
  if (rc != GIT_ITEROVER) check_git(rc, "read config", prefix);
  for (auto& p : command_line_config())
    if (lower(p.key).compare(0, want.size(), want) == 0) result.emplace_back(p.key, p.value.value_or("true"));
  return result;
}

std::string Repository::hooks_dir() const {
  if (auto p = config_string("core.hooksPath"); p && !p->empty()) {
    std::string path = *p;
    if (path == "~" || path.rfind("~/", 0) == 0) {
      const char* home = std::getenv("HOME");
      path = std::string(home ? home : "") + path.substr(1);
    }
    fs::path hp(path);
    if (hp.is_relative()) hp = fs::path(workdir()) / hp;
    return hp.lexically_normal().string();
  }
  return (fs::path(common_dir()) / "hooks").lexically_normal().string();
}

// --- identity -------------------------------------------------------------------

namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v) return std::nullopt;
  return std::string(v);
}

// git's ident lookup for "author" or "committer".
Signature identity(const Repository& repo, const std::string& role) {
  const std::string upper = role == "author" ? "AUTHOR" : "COMMITTER";
  Signature sig;
  auto name = env(("GIT_" + upper + "_NAME").c_str());
  if (!name) name = repo.config_string(role + ".name");
  if (!name) name = repo.config_string("user.name");
  auto email = env(("GIT_" + upper + "_EMAIL").c_str());
  if (!email) email = repo.config_string(role + ".email");
  if (!email) email = repo.config_string("user.email");
  if (!email) email = env("EMAIL");
  if (!name || name->empty() || !email) {
    throw GitError("find " + role + " identity", "",
                   std::string("no identity configured; run\n  git config --global user.name \"Your Name\"\n"
                               "  git config --global user.email \"you@example.com\""),
                   GIT_ENOTFOUND);
  }
  sig.name = *name;
  sig.email = *email;
  const std::string date_var = "GIT_" + upper + "_DATE";
  if (auto date = env(date_var.c_str()); date && !date->empty()) {
    const auto parsed = parse_git_date(*date);
    if (!parsed) throw GitError("read " + date_var, *date, "invalid date format", GIT_EINVALID);
    sig.time = parsed->time;
    sig.offset_minutes = parsed->offset_minutes;
  } else {
    sig.time = static_cast<std::int64_t>(std::time(nullptr));
    sig.offset_minutes = local_offset_minutes(sig.time);
  }
  return sig;
}

SignatureHandle to_git_signature(const Signature& s, const char* role) {
  SignatureHandle sig;
  check_git(git_signature_new(out(sig), s.name.c_str(), s.email.c_str(), s.time, s.offset_minutes),
            role, s.name + " <" + s.email + ">");
  return sig;
}

}  // namespace

Signature Repository::author_signature() const { return identity(*this, "author"); }
Signature Repository::committer_signature() const { return identity(*this, "committer"); }

Oid Repository::create_commit(const Oid& tree, const std::vector<Oid>& parents, const std::string& message) {
  TreeHandle t = lookup_tree(repo_, tree);
  std::vector<CommitHandle> parent_handles;
  std::vector<const git_commit*> parent_ptrs;
  for (const Oid& p : parents) {
    parent_handles.push_back(lookup_commit(repo_, p));
    parent_ptrs.push_back(parent_handles.back().get());
  }
  SignatureHandle author = to_git_signature(author_signature(), "author");
  SignatureHandle committer = to_git_signature(committer_signature(), "committer");
  // As `git commit -m`: trailing whitespace stripped, one final newline.
  BufHandle clean;
  check_git(git_message_prettify(clean.get(), message.c_str(), 0, '#'), "clean up commit message", "");
  git_oid id;
  check_git(git_commit_create(&id, repo_, nullptr, author.get(), committer.get(), nullptr, clean.str().c_str(),
                              t.get(), parent_ptrs.size(), parent_ptrs.data()),
            "create commit", tree.hex());
  return from_git(id);
}

}  // namespace migrate::gitops
