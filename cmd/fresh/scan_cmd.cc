// `git migrate-fresh scan --from DIR --to DIR [--product NAME] [-o FILE | --dry-run] [-f]`:
// writes a moves file discovered from the tracked files (rewrite/scan.h).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cmd/fresh/command.h"
#include "cmd/fresh/subcommands.h"
#include "common/config.h"
#include "common/exit_codes.h"
#include "common/fs.h"
#include "common/quote.h"
#include "common/settings.h"
#include "gitops/repository.h"
#include "rewrite/moves.h"
#include "rewrite/scan.h"

namespace migrate::cmd {
namespace {

namespace fs = std::filesystem;

struct ScanArgs {
  std::string from, to, product, output;
  bool dry_run = false;
  bool force = false;
};

int run_scan(const ScanArgs& args) {
  gitops::Repository repo = gitops::Repository::discover(".");
  load_quote_path(repo);
  const std::string root = repo.workdir();
  const std::string prefix = repo.prefix();
  const Config config = Config::load(repo);
  const char* me = "git-migrate-fresh scan: error: ";

  auto from = repo_relative_path(prefix, args.from), to = repo_relative_path(prefix, args.to);
  for (auto [arg, rel] : {std::pair{&args.from, &from}, std::pair{&args.to, &to}}) {
    if (!*rel || (*rel)->empty()) {
      std::cerr << me << quote_path(*arg) << " is not a folder inside the repository\n";
      return kExitUsage;
    }
  }
  std::vector<std::string> tracked;
  for (const gitops::RepoPath& p : repo.tracked_files()) tracked.push_back(p.str());

  rewrite::ScanResult result;
  try {
    result = rewrite::scan_moves(tracked, [&](const std::string& p) { return read_file(root + p); },
                                 rewrite::ScanRequest{*from, *to, args.product,
                                                      worktree_import_roots(root, tracked, config.strings("import_roots"))});
  } catch (const rewrite::ScanError& e) {
    std::cerr << me << e.what() << '\n';
    return kExitRefused;
  }
  std::string command = "git migrate-fresh scan --from " + *from + " --to " + *to;
  if (!args.product.empty()) command += " --product " + args.product;
  const std::string text = rewrite::render_moves_toml(result, command);

  // What scan writes must read back as a valid moves file.
  const std::string out_label =
      args.output.empty() ? SettingResolver(config).string("moves") : args.output;
  try {
    rewrite::MoveSet::parse(text, out_label);
  } catch (const rewrite::MovesError& e) {
    for (const std::string& p : e.problems()) std::cerr << me << p << '\n';
    return kExitRefused;
  }
  for (const std::string& note : result.notes) std::cerr << "note: " << note << '\n';

  if (args.dry_run) {
    std::cout << text;
    return kExitOk;
  }
  const std::string out_file = args.output.empty()
                                   ? root + out_label
                                   : (args.output[0] == '/' ? args.output
                                                            : root + (prefix.empty() ? "" : prefix + "/") + args.output);
  if (auto existing = read_file(out_file); existing && *existing != text && !args.force) {
    std::cerr << me << out_label << " already exists and differs; review it, then rerun with --force to replace it"
              << " (or --dry-run to print the new one)\n";
    return kExitRefused;
  }
  std::error_code ec;
  fs::create_directories(fs::path(out_file).parent_path(), ec);
  std::ofstream out(out_file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << me << "cannot write " << out_label << '\n';
    return kExitRefused;
  }
  std::cout << "wrote " << out_label << ": " << result.file_moves.size() << " file moves, "
            << result.module_moves.size() << " module moves, " << result.symbol_remaps.size() << " symbol remaps\n";
  return kExitOk;
}

}  // namespace

FreshCommand add_scan_command(CLI::App& parent) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* app = parent.add_subcommand("scan", "Write a moves file for moving a package folder");
  app->add_option("--from", args->from, "The package folder that moves")->required();
  app->add_option("--to", args->to, "Where it goes (e.g. products/<product>/backend)")->required();
  app->add_option("--product", args->product, "Product name (default: from --to, products/<name>/...)");
  auto* out = app->add_option("-o,--output", args->output,
                              "The moves file to write (default: config `moves`, else model_migration/moves.toml)");
  auto* dry = app->add_flag("-n,--dry-run", args->dry_run, "Print the moves file instead of writing it");
  dry->excludes(out);
  app->add_flag("-f,--force", args->force, "Replace an existing moves file that differs");
  return FreshCommand{app, [args] { return run_scan(*args); }};
}

}  // namespace migrate::cmd
