#include "common/progress.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace migrate {
namespace {

using namespace std::chrono_literals;
using Clock = ProgressDisplay::Clock;

// A pipe the display writes into; read() returns all it got.
class Pipe {
 public:
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    read_ = fds[0];
    write_ = fds[1];
  }
  ~Pipe() {
    if (write_ >= 0) ::close(write_);
    ::close(read_);
  }
  int fd() const { return write_; }
  std::string read() {
    ::close(write_);
    write_ = -1;
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(read_, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int read_ = -1, write_ = -1;
};

// A clock the test moves by hand.
struct FakeClock {
  Clock::time_point t{std::chrono::hours(1000)};
  ProgressDisplay::Now now() {
    return [this] { return t; };
  }
};

// The line `last` overwritten with spaces.
std::string cleared(const std::string& last) { return "\r" + std::string(last.size(), ' ') + "\r"; }

TEST(Progress, DrawsAtMostTenTimesASecondThenTheFinalCountAndClears) {
  Pipe pipe;
  FakeClock clock;
  ProgressDisplay display(pipe.fd(), true, 0s, clock.now());
  {
    Progress p(&display, "Parsing", 5);
    p.tick();           // t=0: the first draw
    clock.t += 50ms;
    p.tick();           // too soon
    clock.t += 49ms;
    p.tick();           // 99 ms: still too soon
    clock.t += 1ms;
    p.tick();           // 100 ms: drawn
    p.tick();           // same instant: too soon
    clock.t += 300ms;
    p.stop();           // the final count, then the line cleared
    EXPECT_EQ(p.done(), 5u);
  }
  EXPECT_EQ(pipe.read(), "\rParsing: 1/5 files\rParsing: 4/5 files\rParsing: 5/5 files" + cleared("Parsing: 5/5 files"));
}

TEST(Progress, NothingBeforeTheDelay) {
  Pipe pipe;
  FakeClock clock;
  ProgressDisplay display(pipe.fd(), true, 1s, clock.now());
  {
    Progress quick(&display, "Reading", 3);
    quick.tick(3);
    clock.t += 999ms;
  }  // stopped before the delay: nothing at all
  clock.t += 1ms;
  Progress slow(&display, "Parsing", 2000);
  slow.tick(1000);  // the delay counts from the display's start: due now
  clock.t += 10ms;
  slow.tick(1000);
  slow.stop();
  slow.stop();  // once only
  EXPECT_EQ(pipe.read(), "\rParsing: 1000/2000 files\rParsing: 2000/2000 files" + cleared("Parsing: 2000/2000 files"));
}

TEST(Progress, DelayCountsFromTheCommandsStartAndWaitsForTheNextTick) {
  Pipe pipe;
  FakeClock clock;
  ProgressDisplay display(pipe.fd(), true, 1s, clock.now());
  Progress p(&display, "Updating", 3, "paths");
  clock.t += 500ms;
  p.tick();
  clock.t += 700ms;  // past the delay: the next tick draws
  p.set(2);
  p.set(1);  // a count never goes back
  EXPECT_EQ(p.done(), 2u);
  p.stop();
  EXPECT_EQ(pipe.read(), "\rUpdating: 2/3 paths\rUpdating: 2/3 paths" + cleared("Updating: 2/3 paths"));
}

TEST(Progress, MetersOneAfterAnotherShareTheThrottle) {
  Pipe pipe;
  FakeClock clock;
  ProgressDisplay display(pipe.fd(), true, 0s, clock.now());
  {
    Progress a(&display, "Reading (stale-import)", 10);
    a.tick(10);
  }
  {
    Progress b(&display, "Parsing", 2);
    b.tick();  // within 100 ms of a's draw: only the final line
    b.tick();
  }
  EXPECT_EQ(pipe.read(),
            "\rReading (stale-import): 10/10 files\rReading (stale-import): 10/10 files" + cleared("Reading (stale-import): 10/10 files") +
                "\rParsing: 2/2 files" + cleared("Parsing: 2/2 files"));
}

TEST(Progress, OffOrEmptyShowsNothing) {
  Pipe pipe;
  FakeClock clock;
  ProgressDisplay off(pipe.fd(), false, 0s, clock.now());
  ProgressDisplay on(pipe.fd(), true, 0s, clock.now());
  {
    Progress a(&off, "Parsing", 4);
    a.tick(4);
    Progress b(nullptr, "Parsing", 4);
    b.tick(4);
    EXPECT_EQ(b.done(), 4u);
    Progress c(&on, "Parsing", 0);  // nothing to count
  }
  EXPECT_EQ(pipe.read(), "");
}

TEST(Progress, CountsFromManyThreads) {
  Pipe pipe;
  ProgressDisplay display(pipe.fd(), true, 0s);
  constexpr unsigned kThreads = 4, kEach = 20000;
  const auto start = Clock::now();
  Progress p(&display, "Parsing", kThreads * kEach);
  {
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (unsigned i = 0; i < kEach; ++i) p.tick();
      });
    }
    for (std::thread& t : threads) t.join();
  }
  p.stop();
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(p.done(), kThreads * kEach);
  const std::string out = pipe.read();
  // Whole lines only, rising counts, at most one per 100 ms plus the final
  // one, which is the total, then the line cleared.
  const std::regex line(R"(\rParsing: (\d+)/80000 files)");
  std::size_t at = 0, draws = 0;
  unsigned long last = 0;
  for (std::smatch m; std::regex_search(out.cbegin() + static_cast<long>(at), out.cend(), m, line,
                                        std::regex_constants::match_continuous);
       at += static_cast<std::size_t>(m.length(0))) {
    const unsigned long n = std::stoul(m[1].str());
    EXPECT_GE(n, last);
    last = n;
    ++draws;
  }
  EXPECT_EQ(out.substr(at), cleared("Parsing: 80000/80000 files"));
  EXPECT_EQ(last, 80000u);
  EXPECT_GE(draws, 2u);
  EXPECT_LE(draws, 2u + static_cast<std::size_t>(elapsed / ProgressDisplay::kInterval));
}

TEST(Progress, FlagWinsOverTheTerminal) {
  EXPECT_TRUE(progress_wanted(true, false));
  EXPECT_TRUE(progress_wanted(true, true));
  EXPECT_FALSE(progress_wanted(false, true));
  EXPECT_FALSE(progress_wanted(std::nullopt, false));  // --format json: only when asked for
  EXPECT_EQ(progress_wanted(std::nullopt, true), ::isatty(2) == 1);
}

TEST(Progress, DelayFromTheEnvironmentForTests) {
  const char* saved = std::getenv("GIT_MIGRATE_PROGRESS_DELAY");
  const std::string keep = saved ? saved : "";
  ::unsetenv("GIT_MIGRATE_PROGRESS_DELAY");
  EXPECT_EQ(ProgressDisplay::delay_from_environment(), Clock::duration(1s));
  ::setenv("GIT_MIGRATE_PROGRESS_DELAY", "0", 1);
  EXPECT_EQ(ProgressDisplay::delay_from_environment(), Clock::duration(0s));
  ::setenv("GIT_MIGRATE_PROGRESS_DELAY", "2.5", 1);
  EXPECT_EQ(ProgressDisplay::delay_from_environment(), Clock::duration(2500ms));
  for (const char* bad : {"", "soon", "-1", "1s", "nan"}) {
    ::setenv("GIT_MIGRATE_PROGRESS_DELAY", bad, 1);
    EXPECT_EQ(ProgressDisplay::delay_from_environment(), Clock::duration(1s)) << bad;
  }
  if (saved) {
    ::setenv("GIT_MIGRATE_PROGRESS_DELAY", keep.c_str(), 1);
  } else {
    ::unsetenv("GIT_MIGRATE_PROGRESS_DELAY");
  }
}

}  // namespace
}  // namespace migrate
