#pragma once
// Starting a helper program (posix_spawn) and waiting for it: the one place
// bulkhead starts a process that is not a partition (QEMU, Graphviz's dot,
// kbuild's make). Partitions are cloned into their sandbox instead
// (supervisor/process_partition.hpp).
#include <sys/types.h>

#include <expected>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace bulkhead::base {

struct SpawnOptions {
  std::vector<std::pair<int, int>> dup2;     // {fd, becomes fd}, applied in order
  bool closeFrom3 = false;                   // the child keeps only fds 0, 1, 2
  std::filesystem::path workingDirectory;    // empty: the caller's
};

// Starts `program` with `argv` (argv[0] included) and the caller's
// environment; the process id, or the error text "cannot run PROGRAM: reason".
std::expected<pid_t, std::string> spawnProcess(const std::filesystem::path& program, const std::vector<std::string>& argv,
                                               const SpawnOptions& options = {});

// Waits for `pid` (retrying on EINTR); its wait status.
int waitForExit(pid_t pid);

}  // namespace bulkhead::base
