#pragma once
// Runs a Supervisor in the test process over a hand-built Plan, with the
// test partition program (TEST_PARTITION) in a chosen mode per partition,
// capturing the console and the timing log.
#include "supervisor/console.hpp"
#include "supervisor/process_partition.hpp"
#include "supervisor/supervisor.hpp"
#include "tests/support/temp_dir.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace bulkhead::supervisor::testing {

struct WindowRecord {
  int frame, slot, domain;
  long long planned, woke, stopped, released;
};

struct RunResult {
  int status = -1;
  std::string out, err;
  std::vector<WindowRecord> windows;

  std::vector<std::string> outLines(const std::string& prefix) const {
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
      if (line.rfind(prefix, 0) == 0) lines.push_back(line);
    return lines;
  }
};

using bulkhead::testing::TempDir;

inline std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A Console's two streams, captured in files.
struct Captured {
  TempDir dir;
  int out = ::open((dir.path() / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err = ::open((dir.path() / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ~Captured() {
    ::close(out);
    ::close(err);
  }
  std::string stdoutText() const { return readFile(dir.path() / "out"); }
  std::string stderrText() const { return readFile(dir.path() / "err"); }
};

// `modes`: partition name -> test_partition arguments. `during` runs on a
// thread of its own beside the run, given the run's stdout file and a flag
// set once the supervisor's run has returned (its output may lag behind).
inline RunResult runSystem(
    const plan::Plan& plan, const std::map<std::string, std::vector<std::string>>& modes, SupervisorOptions options,
    const std::function<void(const std::filesystem::path& out, const std::atomic<bool>& ended)>& during = {}) {
  TempDir dir;
  const auto outFile = dir.path() / "stdout", errFile = dir.path() / "stderr", timing = dir.path() / "timing.csv";
  int outFd = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int errFd = ::open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  options.timingLog = timing;
  RunResult result;
  {
    Console console(outFd, errFd);
    HostFactory factory = [&modes](LaunchContext& c) -> std::expected<std::unique_ptr<PartitionHost>, std::string> {
      const auto& p = c.plan.partitions.at(static_cast<size_t>(c.partition));
      auto freezer = c.freezers.make(p.name, c.limits);
      if (!freezer) return std::unexpected(freezer.error());
      auto it = modes.find(p.name);
      ProcessLaunch launch{p.name, TEST_PARTITION, it == modes.end() ? std::vector<std::string>{} : it->second,
                           std::move(c.channels), std::move(c.environment), c.cpu, c.realtimePriority, c.isolation};
      return std::make_unique<ProcessPartition>(std::move(launch), std::move(*freezer));
    };
    Supervisor supervisor(plan, std::move(options), factory, console);
    std::atomic<bool> ended{false};
    std::thread helper;
    if (during) helper = std::thread(during, outFile, std::cref(ended));
    result.status = supervisor.run();
    ended = true;
    if (helper.joinable()) helper.join();
  }
  ::close(outFd);
  ::close(errFd);
  result.out = readFile(outFile);
  result.err = readFile(errFile);
  std::istringstream csv(readFile(timing));
  std::string line;
  std::getline(csv, line);  // header
  while (std::getline(csv, line)) {
    WindowRecord w{};
    int stops = 0, releases = 0;
    std::sscanf(line.c_str(), "%d,%d,%d,%lld,%lld,%lld,%lld,%d,%d", &w.frame, &w.slot, &w.domain, &w.planned, &w.woke,
                &w.stopped, &w.released, &stops, &releases);
    result.windows.push_back(w);
  }
  return result;
}

}  // namespace bulkhead::supervisor::testing
