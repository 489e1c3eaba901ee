#include "supervisor/cpu_choice.hpp"

#include "base/read_text_file.hpp"

#include <dirent.h>
#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace bulkhead::supervisor {
namespace {

constexpr unsigned long kKernelThread = 0x00200000;  // PF_KTHREAD

std::vector<int> allowedCpus() {
  std::vector<int> out;
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0)
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &set)) out.push_back(c);
  if (out.empty()) out.push_back(0);
  return out;
}

std::vector<std::string> numericEntries(const std::string& directory) {
  std::vector<std::string> out;
  DIR* dir = ::opendir(directory.c_str());
  if (!dir) return out;
  while (dirent* e = ::readdir(dir))
    if (e->d_name[0] >= '0' && e->d_name[0] <= '9') out.emplace_back(e->d_name);
  ::closedir(dir);
  return out;
}

// The one CPU a user thread runs real-time on, if it is one of those.
int pinnedRealtimeCpu(const std::string& taskDir, pid_t tid) {
  const auto stat = base::readTextFile(taskDir + "/stat");
  if (!stat) return -1;
  // Fields after the command's closing parenthesis, from field 3 (state).
  const auto close = stat->rfind(')');
  if (close == std::string::npos) return -1;
  std::vector<std::string_view> fields;
  std::string_view rest(*stat);
  rest.remove_prefix(close + 1);
  for (std::size_t at = 0; at < rest.size();) {
    while (at < rest.size() && rest[at] == ' ') ++at;
    const auto end = rest.find(' ', at);
    fields.push_back(rest.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (end == std::string_view::npos) break;
    at = end;
  }
  // Field n is fields[n - 3]: flags 9, policy 41.
  if (fields.size() < 39) return -1;
  const unsigned long flags = std::strtoul(std::string(fields[6]).c_str(), nullptr, 10);
  const long policy = std::strtol(std::string(fields[38]).c_str(), nullptr, 10);
  if ((flags & kKernelThread) || (policy != SCHED_FIFO && policy != SCHED_RR)) return -1;
  cpu_set_t set;
  if (::sched_getaffinity(tid, sizeof set, &set) != 0 || CPU_COUNT(&set) != 1) return -1;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) return c;
  return -1;
}

}  // namespace

int quietestAllowedCpu() {
  const auto allowed = allowedCpus();
  if (allowed.size() == 1) return allowed.front();
  std::vector<int> threads(CPU_SETSIZE, 0);
  for (const auto& pid : numericEntries("/proc")) {
    const std::string tasks = "/proc/" + pid + "/task";
    for (const auto& tid : numericEntries(tasks)) {
      const int cpu = pinnedRealtimeCpu(tasks + "/" + tid, static_cast<pid_t>(std::atol(tid.c_str())));
      if (cpu >= 0 && cpu < CPU_SETSIZE) ++threads[static_cast<std::size_t>(cpu)];
    }
  }
  std::vector<int> quietest;
  int fewest = -1;
  for (int c : allowed) {
    const int n = threads[static_cast<std::size_t>(c)];
    if (fewest < 0 || n < fewest) {
      fewest = n;
      quietest.clear();
    }
    if (n == fewest) quietest.push_back(c);
  }
  return quietest[static_cast<std::size_t>(::getpid()) % quietest.size()];
}

}  // namespace bulkhead::supervisor
