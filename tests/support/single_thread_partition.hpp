#pragma once
// The partition shape of hand-built test Plans: one process instance under
// top_impl_Instance with one thread of the same name, as a model of the
// flagship's shape would instantiate it. Timing and ports are the caller's.
#include "plan/plan.hpp"

#include <string>

namespace bulkhead::testing {

inline plan::Partition singleThreadPartition(const std::string& name, int domain) {
  plan::Partition p;
  p.name = name;
  p.instanceName = "top_impl_Instance." + name;
  p.domain = domain;
  plan::Thread t;
  t.name = name;
  t.instanceName = p.instanceName + "." + name;
  p.threads.push_back(t);
  return p;
}

}  // namespace bulkhead::testing
