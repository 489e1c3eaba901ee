#pragma once
// Runs a shell command and collects what it printed and its exit status:
// stdout and stderr interleaved as a terminal would see them (runCommand),
// or apart, for tests that check one stream without the other
// (runCommandSeparated).
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace bulkhead::testing {

namespace detail {

// The command's standard output into `out`; its exit status, -1 when it
// was killed by a signal or could not be started.
inline int readStdout(const std::string& command, std::string& out) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace detail

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
  r.status = detail::readStdout(command + " 2>&1", r.text);
  return r;
}

struct SeparatedOutput {
  int status = -1;  // exit status; -1 when killed by a signal
  std::string out;  // standard output
  std::string err;  // standard error
};

// Standard error goes through a temporary file: reading two pipes at once
// would need poll(), and the outputs of these commands are small.
inline SeparatedOutput runCommandSeparated(const std::string& command) {
  SeparatedOutput r;
  std::string errPath = (std::filesystem::temp_directory_path() / "bulkhead-test-stderr-XXXXXX").string();
  int fd = ::mkstemp(errPath.data());
  if (fd < 0) return r;
  ::close(fd);
  r.status = detail::readStdout(command + " 2>'" + errPath + "'", r.out);
  {
    std::ifstream in(errPath, std::ios::binary);
    r.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::filesystem::remove(errPath);
  return r;
}

}  // namespace bulkhead::testing
