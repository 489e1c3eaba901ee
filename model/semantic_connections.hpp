#pragma once
// Traces declared connections across component boundaries into connection
// instances as OSATE does: from each ultimate source (a thread or device
// port, a root system feature, a data/bus component named by an access
// connection, the feature of any component nothing inside feeds), up through
// enclosing ports, across, and down to every ultimate destination it reaches
// (fan-out gives one connection instance per destination).
#include "model/instantiation.hpp"

namespace bulkhead::model {

void resolveSemanticConnections(Instantiation& instantiation, Diagnostics& diagnostics);

}  // namespace bulkhead::model
