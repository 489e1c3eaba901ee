#pragma once
// Traces declared connections across component boundaries into semantic
// connections: from a thread (or device) port, up through enclosing
// process/system ports, across, and down to every thread (or device) port it
// reaches (fan-out gives one semantic connection per destination).
#include "model/instantiation.hpp"

namespace bulkhead::model {

void resolveSemanticConnections(Instantiation& instantiation, Diagnostics& diagnostics);

}  // namespace bulkhead::model
