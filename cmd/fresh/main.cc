// git-migrate-fresh: wiring only. The pipeline is cmd/fresh/pipeline.cc (with
// the parts it names; the phases are cmd/fresh/phases.h),
// save-scripts cmd/fresh/save_scripts.cc, scan and rewrite
// cmd/fresh/scan_cmd.cc and cmd/fresh/rewrite_cmd.cc.
#include <CLI/CLI.hpp>

#include "cmd/fresh/command.h"
#include "common/errors.h"
#include "common/exit_codes.h"
#include "common/version.h"

int main(int argc, char** argv) {
  return migrate::guarded_main("git-migrate-fresh", [&] {
    CLI::App app{"Create a fresh migration branch in tracked, resumable phases", "git migrate-fresh"};
    app.set_version_flag("--version", std::string("git-migrate-fresh ") + migrate::kVersion);
    auto save_scripts = migrate::cmd::add_save_scripts_command(app);
    auto scan = migrate::cmd::add_scan_command(app);
    auto rewrite = migrate::cmd::add_rewrite_command(app);
    auto pipeline = migrate::cmd::add_pipeline_command(app);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int rc = app.exit(e);
      return rc == 0 ? 0 : int(migrate::kExitUsage);
    }
    for (const auto* sub : {&save_scripts, &scan, &rewrite})
      if (sub->app->parsed()) return sub->run();
    return pipeline.run();
  });
}
