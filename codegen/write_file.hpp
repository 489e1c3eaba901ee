#pragma once
// Writes generated text only when it differs from the file's, so builds
// that depend on it stay incremental.
#include <expected>
#include <filesystem>
#include <string>

namespace bulkhead::codegen {

// true: written; false: the same text was there already.
std::expected<bool, std::string> writeIfChanged(const std::filesystem::path& path, const std::string& text);

}  // namespace bulkhead::codegen
