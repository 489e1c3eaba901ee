#pragma once
// Finding a helper program (dot, qemu-system-x86_64, make) the way a shell does.
#include <filesystem>
#include <string_view>

namespace bulkhead::base {

// The first executable regular file `program` in the directories of $PATH
// ("/usr/bin:/bin" when PATH is unset), or an empty path.
std::filesystem::path findOnPath(std::string_view program);

}  // namespace bulkhead::base
