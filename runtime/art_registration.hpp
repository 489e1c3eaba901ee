#pragma once
// The lines HAMR's Art prints when a component registers (design
// section 5), e.g.
//   Art: Registered component: top_impl_Instance_producer_producer (periodic: 1000)
//   Art: - Registered port: top_impl_Instance_producer_producer_write_port (event out)
#include "runtime/partition_spec.hpp"

#include <string>
#include <vector>

namespace bulkhead::runtime {

// Art's mode of a port: "event in/out" for event and event data ports,
// "data in/out" for data ports (Art has no separate event data mode).
std::string artPortMode(const PortSpec& port);

// The registration lines of one thread: the component line (Period in
// milliseconds; for sporadic threads the minimum inter-arrival), then one
// line per port in declaration order.
std::vector<std::string> artRegistrationLines(const ThreadSpec& thread);

}  // namespace bulkhead::runtime
