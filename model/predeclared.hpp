#pragma once
// The property sets and packages that ship with bulkhead (model/predeclared/*.aadl),
// embedded at build time so the binary needs no install path. They are parsed
// exactly like user files, under the names "predeclared/<Name>.aadl".
#include <string_view>
#include <vector>

namespace bulkhead::model {

struct PredeclaredSource {
  std::string_view name;
  std::string_view text;
};

const std::vector<PredeclaredSource>& predeclaredSources();

}  // namespace bulkhead::model
