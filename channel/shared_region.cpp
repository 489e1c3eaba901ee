#include "channel/shared_region.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <utility>

#include "base/text.hpp"

namespace bulkhead::channel {
Mapping::Mapping(Mapping&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      writable_(std::exchange(other.writable_, false)) {}

Mapping& Mapping::operator=(Mapping&& other) noexcept {
  if (this != &other) {
    if (address_) ::munmap(address_, size_);
    address_ = std::exchange(other.address_, nullptr);
    size_ = std::exchange(other.size_, 0);
    writable_ = std::exchange(other.writable_, false);
  }
  return *this;
}

Mapping::~Mapping() {
  if (address_) ::munmap(address_, size_);
}

std::expected<Mapping, Error> mapFd(int fd, bool writable) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::unexpected(systemError(base::text::concat("fstat(fd ", fd, ")")));
  if (st.st_size <= 0)
    return std::unexpected(Error{ErrorCode::RegionTooSmall, base::text::concat("channel region fd ", fd, " is empty")});
  const auto size = static_cast<std::size_t>(st.st_size);
  void* address = ::mmap(nullptr, size, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
  if (address == MAP_FAILED)
    return std::unexpected(systemError(
        base::text::concat("mmap(fd ", fd, ", ", size, " bytes, ", writable ? "read-write" : "read-only", ")")));
  return Mapping(address, size, writable);
}

std::expected<Mapping, Error> mapReadWrite(int fd) { return mapFd(fd, true); }
std::expected<Mapping, Error> mapReadOnly(int fd) { return mapFd(fd, false); }

std::expected<base::UniqueFd, Error> reopenReadOnly(int fd) {
  const std::string path = base::text::concat("/proc/self/fd/", fd);
  const int ro = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (ro < 0) return std::unexpected(systemError(base::text::concat("open(", path, ", read-only)")));
  return base::UniqueFd(ro);
}

std::expected<SharedRegion, Error> SharedRegion::create(std::string_view name, std::size_t bytes) {
  const std::string label = base::text::concat("bulkhead:", name);
  base::UniqueFd fd(::memfd_create(label.c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd.valid()) return std::unexpected(systemError(base::text::concat("memfd_create(", label, ")")));
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t size = bytes == 0 ? page : (bytes + page - 1) / page * page;
  if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0)
    return std::unexpected(systemError(base::text::concat("ftruncate(", label, ", ", size, ")")));
  if (::fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0)
    return std::unexpected(systemError(base::text::concat("fcntl(F_ADD_SEALS, ", label, ")")));
  auto mapping = mapReadWrite(fd.get());
  if (!mapping) return std::unexpected(mapping.error());
  return SharedRegion(std::move(fd), std::move(*mapping));
}

}  // namespace bulkhead::channel
