// Front-end benchmark: parse + resolve + instantiate + check generated models
// of 100, 1,000 and 10,000 threads. Each size runs in its own child process
// so its peak memory (getrusage maxrss via wait4) is its own. Reports the
// median time of several runs, peak memory, and the 10k/1k time ratio
// against the goals (< 1 s and < 200 MB at 10k threads, ratio <= 12).
#include "bench/model/model_generator.hpp"
#include "model/load.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

struct Measurement {
  int threads = 0;
  int processes = 0;
  int connections = 0;
  std::size_t bytes = 0;
  double medianMs = 0;
  double minMs = 0;
  double maxRssMb = 0;
  bool ok = false;
};

// In the child: load the model `runs` times, write the times (ms) to `fd`.
[[noreturn]] void measureInChild(const std::filesystem::path& file, int runs, int expectedConnections, int fd) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto result = bulkhead::model::loadModel(std::vector<std::filesystem::path>{file});
    auto end = std::chrono::steady_clock::now();
    if (!result || static_cast<int>(result->connections.size()) != expectedConnections) {
      if (!result) std::fputs(bulkhead::model::render(result.error()).substr(0, 2000).c_str(), stderr);
      _exit(2);
    }
    times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  ssize_t size = static_cast<ssize_t>(times.size() * sizeof(double));
  if (write(fd, times.data(), static_cast<std::size_t>(size)) != size) _exit(3);
  _exit(0);
}

Measurement measure(const std::filesystem::path& dir, int threads, int runs) {
  bulkhead::bench::GeneratedModel model = bulkhead::bench::generateModel(threads);
  Measurement m;
  m.threads = model.threads;
  m.processes = model.processes;
  m.connections = model.semanticConnections;
  m.bytes = model.text.size();
  std::filesystem::path file = dir / ("model_" + std::to_string(threads) + ".aadl");
  std::ofstream(file) << model.text;
  int fds[2];
  if (pipe(fds) != 0) return m;
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    measureInChild(file, runs, model.semanticConnections, fds[1]);
  }
  close(fds[1]);
  std::vector<double> times(static_cast<std::size_t>(runs));
  std::size_t wanted = times.size() * sizeof(double), got = 0;
  auto* bytes = reinterpret_cast<char*>(times.data());
  while (got < wanted) {
    ssize_t n = read(fds[0], bytes + got, wanted - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  m.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && got == wanted;
  if (!m.ok) return m;
  std::sort(times.begin(), times.end());
  m.medianMs = times[times.size() / 2];
  m.minMs = times.front();
  m.maxRssMb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::string pattern = (std::filesystem::temp_directory_path() / "bulkhead-model-bench-XXXXXX").string();
  char* dir = mkdtemp(pattern.data());
  if (!dir) {
    std::perror("mkdtemp");
    return 1;
  }
  std::printf("bulkhead front end: parse + resolve + instantiate + check (median of %d runs)\n", runs);
  std::printf("%8s %9s %11s %10s %11s %11s %13s\n", "threads", "processes", "connections", "size KiB", "median ms",
              "min ms", "peak RSS MiB");
  std::vector<Measurement> results;
  for (int threads : {100, 1000, 10000}) {
    Measurement m = measure(dir, threads, runs);
    results.push_back(m);
    if (!m.ok) {
      std::printf("%8d  FAILED (the model did not load as expected)\n", threads);
      continue;
    }
    std::printf("%8d %9d %11d %10.0f %11.1f %11.1f %13.1f\n", m.threads, m.processes, m.connections,
                static_cast<double>(m.bytes) / 1024.0, m.medianMs, m.minMs, m.maxRssMb);
  }
  std::filesystem::remove_all(dir);
  if (results.size() != 3 || !results[1].ok || !results[2].ok) return 1;
  double ratio = results[2].medianMs / results[1].medianMs;
  bool timeOk = results[2].medianMs < 1000.0, memoryOk = results[2].maxRssMb < 200.0, ratioOk = ratio <= 12.0;
  std::printf("ratio 10k/1k time: %.2f (goal <= 12: %s)\n", ratio, ratioOk ? "met" : "MISSED");
  std::printf("10k threads: %.1f ms (goal < 1000 ms: %s), %.1f MiB (goal < 200 MiB: %s)\n", results[2].medianMs,
              timeOk ? "met" : "MISSED", results[2].maxRssMb, memoryOk ? "met" : "MISSED");
  return timeOk && memoryOk && ratioOk ? 0 : 2;
}
