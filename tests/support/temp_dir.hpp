#pragma once
// Test helper: a fresh directory under the system's temporary directory,
// removed with everything in it when the helper goes.
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace bulkhead::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bulkhead-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace bulkhead::testing
