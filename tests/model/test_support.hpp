#pragma once
// Helpers shared by the front-end tests.
#include "model/load.hpp"

#include <string>
#include <vector>

namespace bulkhead::model::test {

std::string readFile(const std::string& path);
// Loads sources given as (name, text); the predeclared sets come along.
std::expected<InstanceModel, Diagnostics> loadTexts(std::vector<SourceText> sources, LoadOptions options = {});
// Rendered diagnostics of a failed load (or the warnings of a good one).
std::string renderedOf(const std::expected<InstanceModel, Diagnostics>& result);
// First line of the first diagnostic: "file:line:col: error: message".
std::string firstLine(const std::expected<InstanceModel, Diagnostics>& result);

}  // namespace bulkhead::model::test
