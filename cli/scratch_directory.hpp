#pragma once
// A directory of one command's own under $TMPDIR (e.g. the C partitions
// `--hamr-microkit` builds), removed with everything in it when it goes.
#include <stdlib.h>

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace bulkhead::cli {

class ScratchDirectory {
 public:
  static std::expected<ScratchDirectory, std::string> create(std::string_view purpose) {
    std::string pattern = (std::filesystem::temp_directory_path() / ("bulkhead-" + std::string(purpose) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) return std::unexpected("cannot create a directory for " + std::string(purpose));
    return ScratchDirectory(pattern);
  }
  ScratchDirectory(ScratchDirectory&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  ScratchDirectory& operator=(ScratchDirectory&&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit ScratchDirectory(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace bulkhead::cli
