#include "vm/file_io.hpp"

#include "base/errno_text.hpp"
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace bulkhead::vm {

namespace fs = std::filesystem;

VmResult<std::vector<std::byte>> readWholeFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return vmFail(base::errnoText("cannot read " + path.string()));
  std::vector<std::byte> bytes;
  std::byte buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      return vmFail(base::errnoText("cannot read " + path.string(), error));
    }
    if (n == 0) break;
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  ::close(fd);
  return bytes;
}

VmResult<void> writeFileAtomically(const fs::path& path, std::span<const std::byte> bytes, fs::perms perms) {
  fs::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return vmFail(base::errnoText("cannot write " + temporary.string()));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      ::unlink(temporary.c_str());
      return vmFail(base::errnoText("cannot write " + temporary.string(), error));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  std::error_code ec;
  fs::permissions(temporary, perms, ec);
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return vmFail("cannot rename into " + path.string() + ": " + ec.message());
  }
  return {};
}

VmResult<fs::path> cacheDirectory() {
  fs::path dir;
  if (const char* own = std::getenv("BULKHEAD_CACHE_DIR"); own && *own) {
    dir = own;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    dir = fs::path(xdg) / "bulkhead";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    dir = fs::path(home) / ".cache" / "bulkhead";
  } else {
    return vmFail("no cache directory: set BULKHEAD_CACHE_DIR, XDG_CACHE_HOME or HOME");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return vmFail("cannot create the cache directory " + dir.string() + ": " + ec.message());
  return dir;
}

}  // namespace bulkhead::vm
