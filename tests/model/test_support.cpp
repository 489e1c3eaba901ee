#include "tests/model/test_support.hpp"

#include <fstream>
#include <sstream>

namespace bulkhead::model::test {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::expected<InstanceModel, Diagnostics> loadTexts(std::vector<SourceText> sources, LoadOptions options) {
  return loadModel(std::move(sources), options);
}

std::string renderedOf(const std::expected<InstanceModel, Diagnostics>& result) {
  return render(result ? result->warnings : result.error());
}

std::string firstLine(const std::expected<InstanceModel, Diagnostics>& result) {
  std::string text = renderedOf(result);
  return text.substr(0, text.find('\n'));
}

}  // namespace bulkhead::model::test
