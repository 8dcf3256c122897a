// The project's one worker pool: a loop over [0, n) run on several threads
// taking indices from a shared counter, so that a thread that finished a
// small item takes the next one (callers that know the items' sizes order
// them largest first: the work is then split by bytes, and no thread is left
// with a large file at the end). Used by the rewrite engine, the audits of
// git-migrate-check and the migration-graph readers.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace migrate::rewrite {

// How many threads parallel_for uses for `n` items: `threads` (0: one per
// core), at most one per `min_items` items, at least 1.
inline unsigned worker_count(std::size_t n, unsigned threads = 0, std::size_t min_items = 1) {
  const std::size_t hw = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min(hw, n / std::max<std::size_t>(1, min_items))));
}

// Runs fn(i, worker) for every i in [0, n), in increasing order of i per
// thread, on `workers` threads (the calling thread is worker 0; with one
// worker everything runs inline). `worker` < workers identifies the thread,
// for per-thread state the caller set up. fn must only touch its own item
// and its worker's state. The first exception thrown stops the loop and is
// rethrown here.
template <typename Fn>
void parallel_for_workers(std::size_t n, unsigned workers, Fn&& fn) {
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i, 0u);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto run = [&](unsigned worker) {
    try {
      for (std::size_t i = next++; i < n; i = next++) fn(i, worker);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next = n;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < workers; ++t) threads.emplace_back(run, t);
  run(0);
  for (std::thread& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

// fn(i) for every i in [0, n) on one thread per core, inline when there are
// fewer than 2 * min_items items.
template <typename Fn>
void parallel_for(std::size_t n, Fn&& fn, std::size_t min_items = 32) {
  parallel_for_workers(n, worker_count(n, 0, min_items), [&](std::size_t i, unsigned) { fn(i); });
}

}  // namespace migrate::rewrite
