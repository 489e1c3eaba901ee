#pragma once
// Helpers shared by the vm/ tests: a temporary directory that cleans up
// after itself and small file writers.
#include <filesystem>
#include <string>
#include <string_view>

namespace bulkhead::vm::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void writeText(const std::filesystem::path& path, std::string_view text);
void copyFile(const std::filesystem::path& from, const std::filesystem::path& to);

// A root tree with what findGuestPackages looks for: boot/vmlinuz-<release>,
// the uio module, and bin/busybox (a copy of `busybox`, which must be static).
void makeFakeGuestRoot(const std::filesystem::path& root, const std::string& release,
                       const std::filesystem::path& busybox);

}  // namespace bulkhead::vm::test
