#pragma once
// Runs a shell command and collects what it printed (stdout and stderr
// interleaved as a terminal would see them) and its exit status.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace bulkhead::testing {

struct CommandOutput {
  int status = -1;  // exit status; -1 when killed by a signal
  std::string text;

  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
};

inline CommandOutput runCommand(const std::string& command) {
  CommandOutput r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) r.text.append(buffer.data(), n);
  int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace bulkhead::testing
