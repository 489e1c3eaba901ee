#pragma once
// Channel memory for native partitions: an anonymous memfd, sealed against
// resizing (a partition cannot shrink it under its peer and make it fault),
// mapped read-write by the writer and read-only by receivers. The supervisor
// creates regions and passes their descriptors to the partitions.
#include <cstddef>
#include <expected>
#include <span>
#include <string_view>

#include "channel/error.hpp"
#include "base/unique_fd.hpp"

namespace bulkhead::channel {

// An mmap of a whole descriptor, unmapped on destruction.
class Mapping {
 public:
  Mapping() = default;
  Mapping(Mapping&& other) noexcept;
  Mapping& operator=(Mapping&& other) noexcept;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping();

  bool writable() const { return writable_; }
  std::size_t size() const { return size_; }
  // Empty if the mapping is read-only.
  std::span<std::byte> bytes() const {
    return writable_ ? std::span<std::byte>(static_cast<std::byte*>(address_), size_) : std::span<std::byte>();
  }
  std::span<const std::byte> readOnlyBytes() const {
    return std::span<const std::byte>(static_cast<const std::byte*>(address_), size_);
  }

 private:
  friend std::expected<Mapping, Error> mapFd(int fd, bool writable);
  Mapping(void* address, std::size_t size, bool writable) : address_(address), size_(size), writable_(writable) {}

  void* address_ = nullptr;
  std::size_t size_ = 0;
  bool writable_ = false;
};

// Maps all of fd (its size from fstat), shared.
std::expected<Mapping, Error> mapReadWrite(int fd);
std::expected<Mapping, Error> mapReadOnly(int fd);

// A descriptor of the same memory opened read-only: a receiver holding only
// it cannot map the region writable, even with mprotect.
std::expected<base::UniqueFd, Error> reopenReadOnly(int fd);

class SharedRegion {
 public:
  // A memfd of at least `bytes` bytes (rounded up to the page size), sealed
  // against growing and shrinking, zero-filled and mapped read-write.
  static std::expected<SharedRegion, Error> create(std::string_view name, std::size_t bytes);

  int fd() const { return fd_.get(); }
  std::span<std::byte> bytes() const { return mapping_.bytes(); }
  std::size_t size() const { return mapping_.size(); }

 private:
  SharedRegion(base::UniqueFd fd, Mapping mapping) : fd_(std::move(fd)), mapping_(std::move(mapping)) {}

  base::UniqueFd fd_;
  Mapping mapping_;
};

}  // namespace bulkhead::channel
