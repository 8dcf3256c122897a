// What git migrate-fresh prints about a run, apart from the phases' own
// lines: the Output (standard output and error, coloured, control
// characters escaped), refusals, --status and the --dry-run plan.
#pragma once

#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/fresh/phases.h"
#include "cmd/fresh/state.h"
#include "common/color.h"
#include "common/exit_codes.h"
#include "common/quote.h"
#include "gitops/types.h"

namespace migrate::cmd {

// A refusal: printed as "error: <what>" plus hints; exit 1, nothing changed.
struct Refusal {
  std::string what;
  std::vector<std::string> hints;
};

class Output {
 public:
  Output(Palette out, Palette err) : out_(out), err_(err) {}
  void line(const std::string& s) const { std::cout << s << '\n' << std::flush; }
  void phase(std::string_view name, std::string_view text) const {
    std::string pad(name.size() < 10 ? 10 - name.size() : 1, ' ');
    std::istringstream lines{std::string(text)};
    std::string l;
    bool first = true;
    while (std::getline(lines, l)) {
      if (first) std::cout << out_.bold() << name << out_.reset() << pad << ' ' << escape_controls(l) << '\n';
      else std::cout << std::string(11, ' ') << escape_controls(l) << '\n';
      first = false;
    }
    if (first) std::cout << out_.bold() << name << out_.reset() << '\n';
    std::cout << std::flush;
  }
  int refuse(const Refusal& r) const {
    std::cerr << err_.red() << "error: " << err_.reset() << escape_controls(r.what, true) << '\n';
    for (const auto& h : r.hints) std::cerr << "  " << escape_controls(h, true) << '\n';
    return kExitRefused;
  }
  // Messages may quote file contents or command output: no control
  // character of theirs reaches the terminal (paths in them are quoted).
  void error(const std::string& what) const {
    std::cerr << err_.red() << "error: " << err_.reset() << escape_controls(what, true) << '\n';
  }
  void warning(const std::string& what) const {
    std::cerr << err_.yellow() << "warning: " << err_.reset() << escape_controls(what, true) << '\n';
  }
  const Palette& out() const { return out_; }

 private:
  Palette out_, err_;
};

// Up to `max` paths, one per line, quoted, then "... and N more".
std::string short_list(const std::vector<gitops::RepoPath>& paths, std::size_t max = 10);

// A product names a Python package: letters, digits and '_', not a keyword.
// For another name, prints the usage error (its control characters escaped)
// and returns false; the command then exits 2.
bool check_product_name(const std::string& product);

// "git migrate-fresh --resume <product>"
std::string resume_command(const std::string& product);

// --status: the run's pins and each phase's status, time and note; what to
// do next (`running`: a live process holds the run's lock).
void print_status(const State& st, const Output& out, bool running);

// --dry-run: the pins, the warnings and what each phase from `first` will do
// (only that one when `single`), with the pauses.
int print_plan(Context& ctx, const Output& out, std::size_t first, bool single, const std::vector<std::string>& warnings);

}  // namespace migrate::cmd
