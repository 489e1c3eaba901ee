#include "codegen/write_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

namespace bulkhead::codegen {

std::expected<bool, std::string> writeIfChanged(const std::filesystem::path& path, const std::string& text) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) return std::unexpected("cannot create " + path.parent_path().string() + ": " + error.message());
  {
    std::ifstream existing(path, std::ios::binary);
    if (existing) {
      std::ostringstream old;
      old << existing.rdbuf();
      if (old.str() == text) return false;
    }
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return std::unexpected("cannot write " + path.string());
  return true;
}

}  // namespace bulkhead::codegen
