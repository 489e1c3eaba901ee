#pragma once
// The front end's entry point: parse the given .aadl files together with the
// predeclared property sets, resolve names, instantiate the root system
// implementation, resolve semantic connections, run the checks.
#include "model/diagnostic.hpp"
#include "model/instance.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::model {

// A source given as text (tests, generated models); `name` is used in diagnostics.
struct SourceText {
  std::string name;
  std::string text;
};

struct LoadOptions {
  // "pkg::top.impl" or "top.impl"; empty: the only system implementation of the user files.
  std::string root;
  // false: a model without any system implementation is fine (a library
  // package); then only declarations are checked and InstanceModel::root is null.
  bool requireRoot = true;
};

// Errors: all diagnostics (errors and warnings) in source order. Success: the
// instance model, with any warnings in InstanceModel::warnings.
std::expected<InstanceModel, Diagnostics> loadModel(const std::vector<std::filesystem::path>& files,
                                                    const LoadOptions& options = {});
std::expected<InstanceModel, Diagnostics> loadModel(std::vector<SourceText> sources,
                                                    const LoadOptions& options = {});
// The same, offered only the predeclared sets and packages named in
// `onlyPredeclared` (lower-case; empty: all, each parsed only when the model
// names it). bench/model measures what the complete sets cost against this.
std::expected<InstanceModel, Diagnostics> loadModel(std::vector<SourceText> sources, const LoadOptions& options,
                                                    const std::vector<std::string>& onlyPredeclared);

}  // namespace bulkhead::model
