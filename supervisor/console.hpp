#pragma once
// The supervisor's stdout and stderr: whole lines only, one write(2) per
// line under a lock, so forwarded partition lines and the supervisor's own
// reports never interleave mid-line.
#include "supervisor/partition_host.hpp"

#include <mutex>
#include <string_view>

namespace bulkhead::supervisor {

class Console {
 public:
  Console(int stdoutFd = 1, int stderrFd = 2) : stdoutFd_(stdoutFd), stderrFd_(stderrFd) {}
  // Writes prefix + line + '\n'.
  void line(OutputStream stream, std::string_view prefix, std::string_view line);
  // A supervisor report on stderr: "bulkhead: <text>".
  void report(std::string_view text) { line(OutputStream::Stderr, "bulkhead: ", text); }

 private:
  std::mutex mutex_;
  int stdoutFd_;
  int stderrFd_;
};

}  // namespace bulkhead::supervisor
