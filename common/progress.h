// Progress on long work, as git shows it: one line on standard error,
// "Parsing: 812/4338 files", rewritten in place with '\r' and cleared when
// the work is done, so that nothing of it stays between the command's other
// output.
//
// A command makes one ProgressDisplay (shown or not: progress_wanted()) and
// a Progress meter per long loop. Nothing is shown before the display's
// delay (1 second from the command's start; GIT_MIGRATE_PROGRESS_DELAY, in
// seconds, is for tests only, as git's GIT_PROGRESS_DELAY), so quick
// commands print nothing; after it, a meter's line is redrawn at most ten
// times a second, and when the meter stops its final count is drawn and the
// line cleared (spaces, then '\r': no terminal escapes). Like git, nothing is
// drawn while the process is in the background of its terminal.
//
// Meters are counted from the worker pool's threads: tick() is an atomic
// increment, and the thread that finds a redraw due draws under the
// display's lock (others skip it). One meter at a time per display.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace migrate {

// Whether a command shows progress: --progress (true) / --no-progress
// (false) when given, the last one winning; otherwise only when standard
// error is a terminal and `automatic` (the command's output is for a person:
// not --format json or sarif).
bool progress_wanted(std::optional<bool> flag, bool automatic = true);

class ProgressDisplay {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // Draws on `fd` when `on`, after `delay` from now; `now` is the clock
  // (tests pass their own).
  ProgressDisplay(int fd, bool on, Clock::duration delay, Now now = &Clock::now);
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // A command's display: on standard error when `on`, with the delay from
  // GIT_MIGRATE_PROGRESS_DELAY (seconds, for tests) or 1 second.
  static ProgressDisplay for_stderr(bool on);
  static Clock::duration delay_from_environment();

  bool on() const { return on_; }
  // Minimum time between two redraws.
  static constexpr std::chrono::milliseconds kInterval{100};

 private:
  friend class Progress;
  // Redraws `line` if one is due; skips when another thread is drawing.
  void poll(const std::string& line_prefix, std::uint64_t done, const std::string& suffix);
  // The meter stops: its final line is drawn (once the delay has passed)
  // and cleared.
  void finish(const std::string& final_line);
  void draw_locked(const std::string& line);
  void write_all(const std::string& s);

  const int fd_;
  const bool on_;
  const Now now_;
  const Clock::time_point start_;
  const Clock::duration delay_;
  std::atomic<Clock::rep> next_draw_;  // time_since_epoch().count() of the next redraw allowed
  std::mutex mutex_;
  std::size_t shown_ = 0;  // characters on the line now (guarded by mutex_)
};

class Progress {
 public:
  // "<title>: <done>/<total> <unit>" on `display` (nullptr, or a display
  // that is off: counts and shows nothing). A meter of nothing (total 0)
  // shows nothing.
  Progress(ProgressDisplay* display, std::string title, std::uint64_t total, std::string unit = "files");
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // From any thread: n more items done.
  void tick(std::uint64_t n = 1);
  // From any thread: `done` items done (a smaller value than before is
  // ignored).
  void set(std::uint64_t done);
  // Draws the final count and clears the line (when anything is shown at
  // all); the destructor does it otherwise. Call once the workers are done.
  void stop();

  std::uint64_t done() const { return done_.load(std::memory_order_relaxed); }
  // The line as drawn for `done` items.
  std::string line(std::uint64_t done) const;

 private:
  ProgressDisplay* display_;  // nullptr once stopped, or when nothing is shown
  const std::string prefix_, suffix_;
  std::atomic<std::uint64_t> done_{0};
};

}  // namespace migrate
