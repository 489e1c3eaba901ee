#pragma once
// Checks on the declarative model, before instantiation: unresolved names,
// duplicates, connection ends, port directions and categories, data types on
// connections, property values, and constructs bulkhead does not support.
#include "model/declarations.hpp"
#include "model/property_evaluation.hpp"

namespace bulkhead::model {

void checkDeclarations(const Declarations& declarations, PropertyEvaluator& evaluator, Diagnostics& diagnostics);

}  // namespace bulkhead::model
