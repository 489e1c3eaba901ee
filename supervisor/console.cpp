#include "supervisor/console.hpp"

#include <unistd.h>

#include <cerrno>
#include <string>

namespace bulkhead::supervisor {

void Console::line(OutputStream stream, std::string_view prefix, std::string_view text) {
  std::string whole;
  whole.reserve(prefix.size() + text.size() + 1);
  whole.append(prefix).append(text).push_back('\n');
  std::lock_guard lock(mutex_);
  int fd = stream == OutputStream::Stdout ? stdoutFd_ : stderrFd_;
  const char* p = whole.data();
  size_t left = whole.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed terminal must not stop the system
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace bulkhead::supervisor
