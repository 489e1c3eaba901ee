#include "vm/cpio_writer.hpp"

#include <cstdio>
#include <sys/stat.h>

namespace bulkhead::vm {

namespace {

void appendHex(std::vector<std::byte>& out, std::uint32_t value) {
  char text[9];
  std::snprintf(text, sizeof text, "%08X", value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::byte>(text[i]));
}

}  // namespace

void CpioWriter::pad4() {
  while (out_.size() % 4 != 0) out_.push_back(std::byte{0});
}

void CpioWriter::addEntry(std::string_view path, std::uint32_t mode, std::span<const std::byte> contents,
                          std::uint32_t rdevMajor, std::uint32_t rdevMinor) {
  // newc: "070701", then 13 fields of 8 hex digits, the NUL-terminated name
  // padded to 4 bytes (counting the 110-byte header), the data padded to 4.
  static constexpr char kMagic[] = "070701";
  for (int i = 0; i < 6; ++i) out_.push_back(static_cast<std::byte>(kMagic[i]));
  const bool trailer = path == "TRAILER!!!";
  appendHex(out_, trailer ? 0 : nextInode_++);             // c_ino
  appendHex(out_, mode);                                    // c_mode
  appendHex(out_, 0);                                       // c_uid
  appendHex(out_, 0);                                       // c_gid
  appendHex(out_, trailer ? 1 : (S_ISDIR(mode) ? 2 : 1));   // c_nlink
  appendHex(out_, 0);                                       // c_mtime: fixed, so images are reproducible
  appendHex(out_, static_cast<std::uint32_t>(contents.size()));  // c_filesize
  appendHex(out_, 0);                                       // c_devmajor
  appendHex(out_, 0);                                       // c_devminor
  appendHex(out_, rdevMajor);                               // c_rdevmajor
  appendHex(out_, rdevMinor);                               // c_rdevminor
  appendHex(out_, static_cast<std::uint32_t>(path.size() + 1));  // c_namesize
  appendHex(out_, 0);                                       // c_check
  for (char c : path) out_.push_back(static_cast<std::byte>(c));
  out_.push_back(std::byte{0});
  pad4();
  out_.insert(out_.end(), contents.begin(), contents.end());
  pad4();
}

void CpioWriter::addDirectory(std::string_view path, std::uint32_t mode) {
  addEntry(path, S_IFDIR | mode, {}, 0, 0);
}

void CpioWriter::addFile(std::string_view path, std::span<const std::byte> contents, std::uint32_t mode) {
  addEntry(path, S_IFREG | mode, contents, 0, 0);
}

void CpioWriter::addFile(std::string_view path, std::string_view contents, std::uint32_t mode) {
  addFile(path, std::as_bytes(std::span(contents.data(), contents.size())), mode);
}

void CpioWriter::addCharDevice(std::string_view path, std::uint32_t major, std::uint32_t minor,
                               std::uint32_t mode) {
  addEntry(path, S_IFCHR | mode, {}, major, minor);
}

std::vector<std::byte> CpioWriter::finish() {
  addEntry("TRAILER!!!", 0, {}, 0, 0);
  // The kernel reads the archive in 512-byte blocks, like cpio does.
  while (out_.size() % 512 != 0) out_.push_back(std::byte{0});
  return std::move(out_);
}

}  // namespace bulkhead::vm
