#pragma once
// boundProcessor (instance.hpp) for many components of one model: the
// model's only processor is found once and binding targets through an
// index, not by a walk of the whole tree per component (which made placing
// N processes cost N times the model's size: buildPlan of the 10k-thread
// bench model took over 100 times its 1k one).
#include "model/instance.hpp"

#include <string>
#include <string_view>
#include <unordered_map>

namespace bulkhead::model {

class ProcessorBindings {
 public:
  explicit ProcessorBindings(const InstanceModel& model);
  // The same answer as boundProcessor(model, component).
  const ComponentInstance* of(const ComponentInstance& component) const;

 private:
  const ComponentInstance* find(std::string_view qualifiedName) const;

  const InstanceModel& model_;
  const ComponentInstance* onlyProcessor_ = nullptr;
  mutable std::unordered_map<std::string, const ComponentInstance*> byName_;  // lower-case; built at first use
};

}  // namespace bulkhead::model
