#pragma once
// Compiler-style diagnostics: `file:line:col: error: message`, the source
// line, a caret. Each diagnostic carries its own copy of the source line so
// it can be printed long after the sources are gone.
#include "model/source_location.hpp"

#include <string>
#include <vector>

namespace bulkhead::model {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation location;
  std::string message;
  std::string sourceLine;              // the text of location.line (empty if unknown)
  std::vector<Diagnostic> notes;       // related places: "previous declaration is here"
};

struct Diagnostics {
  std::vector<Diagnostic> items;

  bool hasErrors() const;
  std::size_t errorCount() const;
  void append(const Diagnostics& other);
  // Drops a diagnostic identical (severity, place, message) to an earlier one.
  void removeDuplicates();
};

// One diagnostic (and its notes) in clang's layout, ending with a newline.
std::string render(const Diagnostic& diagnostic, bool colour = false);
std::string render(const Diagnostics& diagnostics, bool colour = false);

}  // namespace bulkhead::model
