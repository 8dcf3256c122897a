// The configure phase's edit of the tooling's JSON config
// (migration_config.json, docs/workflow.md step 3): in its `migrations` list, the product's entry gets
// "status": "todo" and every other entry "status": "skip". Only the bytes of
// the status values change (or one member is inserted where an entry has no
// status, in the entry's own layout); key order, indentation, spacing and
// everything else stay byte for byte.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace migrate {

class JsonError : public std::runtime_error {
 public:
  JsonError(std::size_t line, const std::string& what)
      : std::runtime_error("line " + std::to_string(line) + ": " + what), line_(line) {}
  std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

struct MigrationsEdit {
  enum class Outcome { kEdited, kNoMigrationsList, kProductMissing };
  Outcome outcome = Outcome::kNoMigrationsList;
  std::string text;                // the edited document (the input when nothing changed)
  std::vector<std::string> names;  // every entry's "name", in order
  std::size_t changed = 0;         // entries whose status was changed or added
};

// Throws JsonError (with the 1-based line) when `json` is not valid JSON.
MigrationsEdit edit_migration_statuses(std::string_view json, std::string_view product);

}  // namespace migrate
