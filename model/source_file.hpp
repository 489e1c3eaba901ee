#pragma once
// One source text with its name, and the line index diagnostics need.
#include "model/diagnostic.hpp"
#include "model/source_location.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::model {

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  std::string_view lineText(std::uint32_t line) const;   // without the newline
  SourceLocation location(std::uint32_t line, std::uint32_t column) const { return {name_, line, column}; }
  Diagnostic diagnostic(Severity severity, std::uint32_t line, std::uint32_t column, std::string message) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> lineStarts_;
};

}  // namespace bulkhead::model
