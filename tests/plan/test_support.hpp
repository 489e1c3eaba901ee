#pragma once
// Paths of the test inputs, from compile definitions (no machine paths in
// the sources).
#include <string>

namespace bulkhead::plan::testing {

inline std::string fixture(const std::string& name) { return std::string(BULKHEAD_PLAN_FIXTURES) + "/" + name; }
inline std::string sourceFile(const std::string& relative) { return std::string(BULKHEAD_SOURCE_DIR) + "/" + relative; }

}  // namespace bulkhead::plan::testing
