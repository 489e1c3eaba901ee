#pragma once
// The plan stage reports like the model does (model/diagnostic.hpp):
// `file:line:col: error: message`, the source line and a caret. These
// helpers build such diagnostics, filling in the source line.
#include "model/diagnostic.hpp"

#include <string>
#include <string_view>

namespace bulkhead::plan {

using model::Diagnostic;
using model::Diagnostics;
using model::Severity;
using model::SourceLocation;

// The source line is read from location.file when it can be read (user
// files are named as given on the command line); otherwise left empty.
Diagnostic makeError(SourceLocation location, std::string message);
Diagnostic makeNote(SourceLocation location, std::string message);
Diagnostic makeWarning(SourceLocation location, std::string message);

// The source line is taken from `text`, the whole text of location.file.
Diagnostic makeError(SourceLocation location, std::string message, std::string_view text);

// Line `line` (1-based) of `text`, without its line end; empty if absent.
std::string lineOf(std::string_view text, std::uint32_t line);

}  // namespace bulkhead::plan
