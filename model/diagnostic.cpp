#include "model/diagnostic.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace bulkhead::model {

bool Diagnostics::hasErrors() const { return errorCount() > 0; }

std::size_t Diagnostics::errorCount() const {
  return static_cast<std::size_t>(std::count_if(items.begin(), items.end(), [](const Diagnostic& d) {
    return d.severity == Severity::Error;
  }));
}

void Diagnostics::append(const Diagnostics& other) {
  items.insert(items.end(), other.items.begin(), other.items.end());
}

void Diagnostics::removeDuplicates() {
  std::set<std::tuple<Severity, std::string, std::uint32_t, std::uint32_t, std::string>> seen;
  std::erase_if(items, [&seen](const Diagnostic& d) {
    return !seen.emplace(d.severity, d.location.file, d.location.line, d.location.column, d.message).second;
  });
}

namespace {

std::string_view label(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

std::string_view colourOf(Severity severity) {
  switch (severity) {
    case Severity::Error: return "\033[1;31m";
    case Severity::Warning: return "\033[1;35m";
    case Severity::Note: return "\033[1;36m";
  }
  return "";
}

}  // namespace

std::string render(const Diagnostic& d, bool colour) {
  std::string out;
  if (colour) out += "\033[1m";
  out += d.location.file;
  if (d.location.line > 0) {
    out += ":" + std::to_string(d.location.line);
    if (d.location.column > 0) out += ":" + std::to_string(d.location.column);
  }
  out += ": ";
  if (colour) out += colourOf(d.severity);
  out += label(d.severity);
  out += ":";
  if (colour) out += "\033[0m\033[1m";
  out += " ";
  out += d.message;
  if (colour) out += "\033[0m";
  out += "\n";
  if (d.location.line > 0 && !d.sourceLine.empty()) {
    // Tabs are kept in the caret line so the caret lines up under the column.
    out += d.sourceLine + "\n";
    std::string caret;
    for (std::uint32_t i = 1; i < d.location.column && i - 1 < d.sourceLine.size(); ++i)
      caret += d.sourceLine[i - 1] == '\t' ? '\t' : ' ';
    if (colour) caret += "\033[1;32m";
    caret += "^";
    if (colour) caret += "\033[0m";
    out += caret + "\n";
  }
  for (const Diagnostic& note : d.notes) out += render(note, colour);
  return out;
}

std::string render(const Diagnostics& diagnostics, bool colour) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items) out += render(d, colour);
  return out;
}

}  // namespace bulkhead::model
