#include "vm/subprocess.hpp"

#include "base/errno_text.hpp"
#include "base/find_on_path.hpp"
#include "base/spawn.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace bulkhead::vm {

namespace fs = std::filesystem;

VmResult<CommandResult> runCommand(const std::vector<std::string>& argv, const fs::path& workingDirectory) {
  if (argv.empty()) return vmFail("runCommand: empty command");
  fs::path program = argv[0].find('/') == std::string::npos ? base::findOnPath(argv[0]) : fs::path(argv[0]);
  if (program.empty()) return vmFail("cannot run " + argv[0] + ": not found on PATH");
  int pipeFds[2];
  if (::pipe2(pipeFds, O_CLOEXEC) != 0) return vmFail(base::errnoText("pipe2"));
  base::SpawnOptions options;
  options.dup2 = {{pipeFds[1], 1}, {pipeFds[1], 2}};
  options.workingDirectory = workingDirectory;
  auto pid = base::spawnProcess(program, argv, options);
  ::close(pipeFds[1]);
  if (!pid) {
    ::close(pipeFds[0]);
    return vmFail(pid.error());
  }
  CommandResult result;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipeFds[0]);
  const int status = base::waitForExit(*pid);
  result.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string lastLines(const std::string& text, int lines) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n') --end;
  std::size_t start = end;
  int seen = 0;
  while (start > 0) {
    if (text[start - 1] == '\n' && ++seen == lines) break;
    --start;
  }
  return text.substr(start, end - start);
}

}  // namespace bulkhead::vm
