#include "cmd/replace/cli.h"

#include <CLI/CLI.hpp>

#include <cctype>
#include <sstream>

#include "common/version.h"

namespace migrate::cmd::replace {
namespace {

constexpr const char* kUsage =
    "Usage: git migrate-replace [options] <fresh> [<branch>]\n"
    "   or: git migrate-replace --undo [options] [<branch>]\n";

// One row per option: the flags CLI11 registers, the argument placeholder
// shown in help, and the one-line description. Help, man page and
// completions list exactly these (tests/shell/replace_completion_test.sh).
struct OptionDoc {
  const char* flags;  // CLI11 spelling: "-m,--message"
  const char* arg;    // "" for flags without a value
  const char* help;
};

constexpr OptionDoc kOptionDocs[] = {
    {"-m,--message", "<msg>", "message of the merge commit"},
    {"--exclude", "<path>", "leave <path> out of the adopted tree (repeatable)"},
    {"--deletion-threshold", "<n>", "warn about files that lose more than <n> lines"},
    {"-n,--dry-run", "", "show the planned commit, write nothing"},
    {"--undo", "", "put <branch> back to refs/migrate/backup/<branch>"},
    {"--color", "<when>", "colour output: always, never or auto"},
    {"--progress", "", "show progress on stderr, even when not a terminal"},
    {"--no-progress", "", "show no progress"},
    {"-h", "", "show this usage"},
    {"--help", "", "show the full help"},
    {"--version", "", "print the version"},
};

// "-m, --message <msg>" in git's parse-options layout.
std::string option_label(const OptionDoc& doc) {
  std::string flags = doc.flags, label;
  std::istringstream parts(flags);
  std::string part;
  bool first = true;
  while (std::getline(parts, part, ',')) {
    if (!first) label += ", ";
    label += part;
    first = false;
  }
  if (label.rfind("--", 0) == 0) label = "    " + label;
  if (*doc.arg) label += std::string(" ") + doc.arg;
  return label;
}

std::string option_table() {
  constexpr std::size_t kColumn = 28;
  std::string out;
  for (const OptionDoc& doc : kOptionDocs) {
    std::string label = "    " + option_label(doc);
    if (label.size() + 2 > kColumn) {
      out += label + "\n" + std::string(kColumn, ' ');
    } else {
      out += label + std::string(kColumn - label.size(), ' ');
    }
    out += std::string(doc.help) + "\n";
  }
  return out;
}

std::string short_usage() { return std::string(kUsage) + "\n" + option_table(); }

std::string long_help() {
  return std::string(
             "git-migrate-replace - adopt a fresh migration branch into a review branch\n"
             "\n") +
         kUsage +
         "\n"
         "Creates a merge commit on <branch> (default: the current branch, which must\n"
         "then be checked out). Its first parent is the branch head, its second parent\n"
         "<fresh>, and its tree is <fresh>'s tree without the excluded paths: the\n"
         "review branch keeps its history and review comments and takes the fresh\n"
         "branch's content whole. If <branch> is checked out here, the index and\n"
         "worktree follow; otherwise only the ref moves.\n"
         "\n"
         "Before the branch moves its old head is saved in refs/migrate/backup/<branch>;\n"
         "--undo puts it back. After the merge a diff stat against the old head, most\n"
         "lines removed first, shows what changed; files that lost more lines than the\n"
         "deletion threshold are reported as warnings.\n"
         "\n"
         "Refuses, changing nothing, when the index or worktree has changes, an\n"
         "operation (merge, rebase, ...) is in progress, an untracked file would be\n"
         "overwritten, <fresh> is not a commit, or there is nothing to adopt.\n"
         "\n"
         "Options:\n" +
         option_table() +
         "\n"
         "Configuration (flag > git config > .git-migrate.toml > default):\n"
         "    exclude             migrate.exclude            default: model_migration/\n"
         "    replace.message     migrate.replace.message    default: merge: adopt fresh\n"
         "                                                   migration validation branch\n"
         "    deletion_threshold  migrate.deletionThreshold  default: 50\n"
         "\n"
         "Exit status: 0 done; 1 refused (nothing changed); 2 usage or configuration\n"
         "error; 128 a git operation failed.\n"
         "\n"
         "See git-migrate-replace(1) and git-migrate(7).\n";
}

std::string usage_error(const std::string& what) {
  return "error: " + what + "\n" + kUsage + "Run 'git migrate-replace -h' for the options.\n";
}

}  // namespace

ParseOutcome parse_command_line(int argc, char** argv) {
  ParseOutcome outcome;
  Options opts;
  std::vector<std::string> positionals;
  std::string color;

  CLI::App app{"git-migrate-replace", "git migrate-replace"};
  app.set_help_flag("-h", kOptionDocs[8].help);
  app.set_help_all_flag("--help", kOptionDocs[9].help);
  app.set_version_flag("--version", std::string("git-migrate-replace ") + kVersion, kOptionDocs[10].help);
  app.add_option("-m,--message", opts.message, kOptionDocs[0].help);
  app.add_option("--exclude", opts.excludes, kOptionDocs[1].help)->type_size(1)->allow_extra_args(false);
  app.add_option("--deletion-threshold", opts.deletion_threshold, kOptionDocs[2].help)
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return v.find_first_not_of("0123456789") == std::string::npos && !v.empty()
                       ? ""
                       : "expected a number of lines (0 or more), not '" + v + "'";
          },
          "N"));
  app.add_flag("-n,--dry-run", opts.dry_run, kOptionDocs[3].help);
  app.add_flag("--undo", opts.undo, kOptionDocs[4].help);
  app.add_option("--color", color, kOptionDocs[5].help);
  // Called as each is read, so that the last of the two wins.
  app.add_flag_callback("--progress", [&opts] { opts.progress = true; }, kOptionDocs[6].help)->trigger_on_parse();
  app.add_flag_callback("--no-progress", [&opts] { opts.progress = false; }, kOptionDocs[7].help)->trigger_on_parse();
  app.add_option("args", positionals, "<fresh> [<branch>]");

  // CLI11 reads "--exclude=" as a missing value and takes the next word.
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() > 3 && arg.rfind("--", 0) == 0 && arg.back() == '=') {
      outcome.exit_code = 2;
      outcome.err = usage_error(arg.substr(0, arg.size() - 1) + ": the value is empty");
      return outcome;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    outcome.out = short_usage();
    return outcome;
  } catch (const CLI::CallForAllHelp&) {
    outcome.out = long_help();
    return outcome;
  } catch (const CLI::CallForVersion& v) {
    outcome.out = std::string(v.what()) + "\n";
    return outcome;
  } catch (const CLI::ParseError& e) {
    outcome.exit_code = 2;
    std::string what = e.what();
    if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    outcome.err = usage_error(what);
    return outcome;
  }

  auto fail = [&](const std::string& what) {
    outcome.exit_code = 2;
    outcome.err = usage_error(what);
    return outcome;
  };
  if (!color.empty() || app.count("--color")) {
    opts.color = parse_color_when(color);
    if (!opts.color) return fail("--color: expected always, never or auto, not '" + color + "'");
  }
  if (opts.message && opts.message->find_first_not_of(" \t\n") == std::string::npos) {
    return fail("--message: the message is empty");
  }
  if (opts.undo) {
    if (positionals.size() > 1) return fail("--undo takes at most one argument, the branch");
    if (app.count("--message") || app.count("--exclude") || app.count("--deletion-threshold")) {
      return fail("--undo does not take --message, --exclude or --deletion-threshold");
    }
    if (!positionals.empty()) opts.branch = positionals[0];
  } else {
    if (positionals.empty()) return fail("missing <fresh>: the branch or commit to adopt");
    if (positionals.size() > 2) return fail("too many arguments; expected <fresh> [<branch>]");
    opts.fresh = positionals[0];
    if (positionals.size() == 2) opts.branch = positionals[1];
  }
  for (const std::string& e : opts.excludes) {
    if (e.empty()) return fail("--exclude: the path is empty");
  }
  outcome.options = std::move(opts);
  return outcome;
}

}  // namespace migrate::cmd::replace
