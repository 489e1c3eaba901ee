#include "model/source_file.hpp"

namespace bulkhead::model {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  lineStarts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') lineStarts_.push_back(i + 1);
}

std::string_view SourceFile::lineText(std::uint32_t line) const {
  if (line == 0 || line > lineStarts_.size()) return {};
  std::uint32_t begin = lineStarts_[line - 1];
  std::uint32_t end = line < lineStarts_.size() ? lineStarts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
  std::string_view view(text_);
  view = view.substr(begin, end - begin);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

Diagnostic SourceFile::diagnostic(Severity severity, std::uint32_t line, std::uint32_t column,
                                  std::string message) const {
  Diagnostic d;
  d.severity = severity;
  d.location = location(line, column);
  d.message = std::move(message);
  // Non-printable bytes would garble the terminal; show them as '?'.
  std::string_view text = lineText(line);
  d.sourceLine.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    d.sourceLine += (u < 0x20 && c != '\t') || u == 0x7f ? '?' : c;
  }
  return d;
}

}  // namespace bulkhead::model
