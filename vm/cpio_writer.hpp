#pragma once
// Writes a cpio archive in the "newc" format, the one the Linux kernel
// unpacks as an initramfs (Documentation/driver-api/early-userspace).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::vm {

class CpioWriter {
 public:
  void addDirectory(std::string_view path, std::uint32_t mode = 0755);
  void addFile(std::string_view path, std::span<const std::byte> contents, std::uint32_t mode = 0644);
  void addFile(std::string_view path, std::string_view contents, std::uint32_t mode = 0644);
  void addCharDevice(std::string_view path, std::uint32_t major, std::uint32_t minor, std::uint32_t mode = 0600);
  // Appends the trailer; the archive is complete after this.
  std::vector<std::byte> finish();

 private:
  void addEntry(std::string_view path, std::uint32_t mode, std::span<const std::byte> contents,
                std::uint32_t rdevMajor, std::uint32_t rdevMinor);
  void pad4();

  std::vector<std::byte> out_;
  std::uint32_t nextInode_ = 1;
};

}  // namespace bulkhead::vm
