// The floor for the rewrite benchmark (bench/rewrite.sh): how fast the
// tree-sitter runtime alone parses a set of Python files with the pinned
// grammar, nothing else done with the trees. Reads the file list (one path
// per line) from standard input, loads the files into memory, then parses all
// of them RUNS times on THREADS threads (one TSParser each, files taken from
// a shared counter) and prints the median wall time and the throughput.
//
//   bench-parse-floor [THREADS] [RUNS] < files.txt
//
// Output, one line: "<files> files <bytes> bytes <seconds> s <MB/s per core> MB/s per core"
#include <tree_sitter/api.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

extern "C" const TSLanguage* tree_sitter_python();

namespace {

double parse_all(const std::vector<std::string>& files, unsigned threads, std::size_t* errors) {
  std::atomic<std::size_t> next{0}, errs{0};
  auto worker = [&] {
    TSParser* parser = ts_parser_new();
    if (!ts_parser_set_language(parser, tree_sitter_python())) std::abort();
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
      const std::string& s = files[i];
      TSTree* tree = ts_parser_parse_string(parser, nullptr, s.data(), static_cast<uint32_t>(s.size()));
      if (ts_node_has_error(ts_tree_root_node(tree))) errs.fetch_add(1);
      ts_tree_delete(tree);
    }
    ts_parser_delete(parser);
  };
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  *errors = errs.load();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 1;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  if (threads == 0 || runs <= 0) {
    std::cerr << "usage: bench-parse-floor [THREADS] [RUNS] < files.txt\n";
    return 2;
  }
  std::vector<std::string> files;
  std::size_t bytes = 0;
  for (std::string path; std::getline(std::cin, path);) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "bench-parse-floor: cannot read " << path << "\n";
      return 1;
    }
    files.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    bytes += files.back().size();
  }
  std::vector<double> times;
  std::size_t errors = 0;
  parse_all(files, threads, &errors);  // warm-up
  for (int r = 0; r < runs; ++r) times.push_back(parse_all(files, threads, &errors));
  std::sort(times.begin(), times.end());
  const double median = times[times.size() / 2];
  std::printf("%zu files %zu bytes %.4f s %.1f MB/s per core", files.size(), bytes, median,
              static_cast<double>(bytes) / 1e6 / median / threads);
  if (errors) std::printf(" (%zu with syntax errors)", errors);
  std::printf("\n");
  return 0;
}
