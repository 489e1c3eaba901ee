#include "base/find_on_path.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace bulkhead::base {

std::filesystem::path findOnPath(std::string_view program) {
  const char* path = std::getenv("PATH");
  const std::string_view dirs = path ? path : "/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    std::size_t end = dirs.find(':', begin);
    if (end == std::string_view::npos) end = dirs.size();
    // An empty entry is the current directory, as for a shell.
    const std::string_view dir = end > begin ? dirs.substr(begin, end - begin) : std::string_view(".");
    std::filesystem::path candidate = std::filesystem::path(dir) / program;
    std::error_code ignored;
    if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate, ignored)) return candidate;
    begin = end + 1;
  }
  return {};
}

}  // namespace bulkhead::base
