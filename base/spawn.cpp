#include "base/spawn.hpp"

#include "base/errno_text.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>

extern char** environ;

namespace bulkhead::base {

std::expected<pid_t, std::string> spawnProcess(const std::filesystem::path& program, const std::vector<std::string>& argv,
                                               const SpawnOptions& options) {
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  for (const auto& [from, to] : options.dup2) ::posix_spawn_file_actions_adddup2(&actions, from, to);
  if (options.closeFrom3) ::posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  if (!options.workingDirectory.empty())
    ::posix_spawn_file_actions_addchdir_np(&actions, options.workingDirectory.c_str());
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, args.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (error != 0) return std::unexpected(errnoText("cannot run " + program.string(), error));
  return pid;
}

int waitForExit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace bulkhead::base
