#pragma once
// The runtime's port ends over channel/'s shared layouts. The supervisor
// (or the simulator) has formatted every region before the partition
// starts: senders take the region over as it is, receivers validate its
// header against the port's expected geometry.
#include "runtime/partition_spec.hpp"
#include "runtime/port_end.hpp"
#include "runtime/transport.hpp"

#include <expected>
#include <memory>
#include <string>

namespace bulkhead::runtime {

// `where` names the port in error messages ("top_impl_Instance.consumer.consumer.read_port").
// fromPresent: a restarted partition's queues start empty (BULKHEAD_RESTART).
std::expected<std::unique_ptr<InPortEnd>, RuntimeError> makeInPortEnd(const PortSpec& port, const Attachment& channel,
                                                                      const std::string& where, bool fromPresent = false);
std::expected<std::unique_ptr<OutPortEnd>, RuntimeError> makeOutPortEnd(const PortSpec& port,
                                                                        const Attachment& channel,
                                                                        const std::string& where);
// The pacer's period queue (event data, Integer_8, queue size 1).
std::expected<std::unique_ptr<InPortEnd>, RuntimeError> makePeriodQueueEnd(const Attachment& channel);

}  // namespace bulkhead::runtime
