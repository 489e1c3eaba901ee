#include "plan/diagnostic.hpp"

#include <fstream>
#include <sstream>

namespace bulkhead::plan {

namespace {

std::string lineOfFile(const SourceLocation& location) {
  if (location.file.empty() || location.line == 0) return "";
  std::ifstream in(location.file, std::ios::binary);
  if (!in) return "";
  std::string line;
  for (std::uint32_t i = 0; i < location.line; ++i)
    if (!std::getline(in, line)) return "";
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Diagnostic make(Severity severity, SourceLocation location, std::string message, std::string sourceLine) {
  Diagnostic d;
  d.severity = severity;
  d.location = std::move(location);
  d.message = std::move(message);
  d.sourceLine = std::move(sourceLine);
  return d;
}

}  // namespace

std::string lineOf(std::string_view text, std::uint32_t line) {
  if (line == 0) return "";
  size_t begin = 0;
  for (std::uint32_t i = 1; i < line; ++i) {
    begin = text.find('\n', begin);
    if (begin == std::string_view::npos) return "";
    ++begin;
  }
  size_t end = text.find('\n', begin);
  std::string_view result = text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return std::string(result);
}

Diagnostic makeError(SourceLocation location, std::string message) {
  std::string line = lineOfFile(location);
  return make(Severity::Error, std::move(location), std::move(message), std::move(line));
}

Diagnostic makeNote(SourceLocation location, std::string message) {
  std::string line = lineOfFile(location);
  return make(Severity::Note, std::move(location), std::move(message), std::move(line));
}

Diagnostic makeWarning(SourceLocation location, std::string message) {
  std::string line = lineOfFile(location);
  return make(Severity::Warning, std::move(location), std::move(message), std::move(line));
}

Diagnostic makeError(SourceLocation location, std::string message, std::string_view text) {
  std::string line = lineOf(text, location.line);
  return make(Severity::Error, std::move(location), std::move(message), std::move(line));
}

}  // namespace bulkhead::plan
