#include "test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace bulkhead::vm::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "bulkhead-vm-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void writeText(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

void copyFile(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

void makeFakeGuestRoot(const fs::path& root, const std::string& release, const fs::path& busybox) {
  writeText(root / "boot" / ("vmlinuz-" + release), "kernel");
  writeText(root / "lib" / "modules" / release / "kernel" / "drivers" / "uio" / "uio.ko", "uio module");
  copyFile(busybox, root / "bin" / "busybox");
}

}  // namespace bulkhead::vm::test
