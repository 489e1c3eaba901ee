#pragma once
// Where something was written: file name as given on the command line (or
// "predeclared/<Name>.aadl" for the property sets shipped with bulkhead),
// 1-based line and column.
#include <cstdint>
#include <string>

namespace bulkhead::model {

struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;    // 0: no position inside the file
  std::uint32_t column = 0;
};

}  // namespace bulkhead::model
