#pragma once
// Builds the instance tree from a root system implementation: components,
// features, property values (classifier, subcomponent, contained `applies
// to`, inherited and default values, in AADL's order of precedence), data
// classifiers, and the declared connection instances semantic connections
// are traced through.
#include "model/declarations.hpp"
#include "model/instance.hpp"
#include "model/property_evaluation.hpp"

#include <unordered_map>
#include <vector>

namespace bulkhead::model {

// A declared connection inside one component instance's implementation.
struct ConnectionInstance {
  const ComponentInstance* owner = nullptr;
  const ast::ConnectionDecl* declaration = nullptr;
  PropertyMap properties;
  const ast::ConnectionDecl* ends = nullptr;  // where its ends are written (a refinement may leave them out)
};

struct Instantiation {
  InstanceModel model;
  std::vector<ConnectionInstance> connections;
  // Where each instance came from, for checks that point at the source.
  std::unordered_map<const ComponentInstance*, const ast::ClassifierDecl*> classifierOf;
};

// "top.impl" -> "top_impl_Instance"
std::string rootInstanceName(const ast::ClassifierDecl& implementation);

Instantiation instantiate(const ast::ClassifierDecl& root, const Declarations& declarations,
                          PropertyEvaluator& evaluator, Diagnostics& diagnostics);

// Does a property declared `applies to (words...)` apply to this element? `element`
// is the category word: "thread", "event data port", "port connection".
bool propertyAppliesTo(const ast::PropertyDefinition& definition, std::string_view element);

}  // namespace bulkhead::model
