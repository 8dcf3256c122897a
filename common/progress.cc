#include "common/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace migrate {

bool progress_wanted(std::optional<bool> flag, bool automatic) {
  if (flag) return *flag;
  return automatic && ::isatty(2) == 1;
}

ProgressDisplay::ProgressDisplay(int fd, bool on, Clock::duration delay, Now now)
    : fd_(fd),
      on_(on),
      now_(std::move(now)),
      start_(now_()),
      delay_(delay),
      next_draw_((start_ + delay_).time_since_epoch().count()) {}

ProgressDisplay::Clock::duration ProgressDisplay::delay_from_environment() {
  const char* env = std::getenv("GIT_MIGRATE_PROGRESS_DELAY");
  if (env && *env) {
    char* end = nullptr;
    errno = 0;
    const double seconds = std::strtod(env, &end);
    if (errno == 0 && *end == '\0' && std::isfinite(seconds) && seconds >= 0 && seconds < 1e6) {
      return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    }
  }
  return std::chrono::seconds(1);
}

ProgressDisplay ProgressDisplay::for_stderr(bool on) { return ProgressDisplay(2, on, delay_from_environment()); }

void ProgressDisplay::write_all(const std::string& s) {
  std::size_t at = 0;
  while (at < s.size()) {
    const ssize_t n = ::write(fd_, s.data() + at, s.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // progress is best effort: a closed stream is not an error
    at += static_cast<std::size_t>(n);
  }
}

namespace {

// Like git: a process in the background of its terminal draws nothing. Not
// a terminal (--progress into a pipe) counts as the foreground.
bool in_foreground(int fd) {
  const pid_t group = ::tcgetpgrp(fd);
  return group < 0 || group == ::getpgrp();
}

}  // namespace

void ProgressDisplay::draw_locked(const std::string& line) {
  if (!in_foreground(fd_)) return;
  // A meter's lines only grow (same title, a count that only rises), so
  // each covers the one before.
  write_all("\r" + line);
  shown_ = line.size();
}

void ProgressDisplay::poll(const std::string& prefix, std::uint64_t done, const std::string& suffix) {
  const Clock::rep now = now_().time_since_epoch().count();
  if (now < next_draw_.load(std::memory_order_relaxed)) return;
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || now < next_draw_.load(std::memory_order_relaxed)) return;
  next_draw_.store(now + std::chrono::duration_cast<Clock::duration>(kInterval).count(), std::memory_order_relaxed);
  draw_locked(prefix + std::to_string(done) + suffix);
}

void ProgressDisplay::finish(const std::string& final_line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (now_() - start_ < delay_) return;  // nothing was shown, nothing to say now
  draw_locked(final_line);
  if (shown_ == 0) return;
  write_all("\r" + std::string(shown_, ' ') + "\r");
  shown_ = 0;
}

Progress::Progress(ProgressDisplay* display, std::string title, std::uint64_t total, std::string unit)
    : display_(display && display->on() && total > 0 ? display : nullptr),
      prefix_(std::move(title) + ": "),
      suffix_("/" + std::to_string(total) + (unit.empty() ? "" : " " + unit)) {}

Progress::~Progress() { stop(); }

std::string Progress::line(std::uint64_t done) const { return prefix_ + std::to_string(done) + suffix_; }

void Progress::tick(std::uint64_t n) {
  const std::uint64_t done = done_.fetch_add(n, std::memory_order_relaxed) + n;
  if (display_) display_->poll(prefix_, done, suffix_);
}

void Progress::set(std::uint64_t done) {
  std::uint64_t old = done_.load(std::memory_order_relaxed);
  while (old < done && !done_.compare_exchange_weak(old, done, std::memory_order_relaxed)) {
  }
  if (display_) display_->poll(prefix_, std::max(old, done), suffix_);
}

void Progress::stop() {
  if (!display_) return;
  ProgressDisplay* display = display_;
  display_ = nullptr;
  display->finish(line(done()));
}

}  // namespace migrate
