#pragma once
// Reads a small text file whole, with plain open/read: a /proc or cgroup
// file whose process or group vanishes between open and read fails with
// ESRCH or ENODEV, which std::ifstream's buffer reports by throwing from
// an iterator (it once ended the supervisor). Here that is just "absent".
#include <filesystem>
#include <optional>
#include <string>

namespace bulkhead::base {

// The file's text; nullopt if it cannot be opened or read.
std::optional<std::string> readTextFile(const std::filesystem::path& file);

}  // namespace bulkhead::base
