#pragma once
// Checks on the instance model: thread dispatch properties, domains against
// Max_Domain, one domain per partition, thread periods against the frame,
// references that name no component.
#include "model/instantiation.hpp"

#include <functional>

namespace bulkhead::model {

// Makes a diagnostic (with its source line) for a location in a loaded file.
using DiagnosticMaker = std::function<Diagnostic(Severity, const SourceLocation&, std::string)>;

void checkInstance(const Instantiation& instantiation, const DiagnosticMaker& make, Diagnostics& diagnostics);

}  // namespace bulkhead::model
